import type { paths } from "./schema";

/** Response/request types, taken from the generated paths (independent of schema names). */
type JsonOf<R> = R extends { content: { "application/json": infer J } } ? J : never;
type Ok<Op> = Op extends { responses: infer R }
  ? JsonOf<R[Extract<keyof R, 200 | 201>]>
  : never;
type Body<Op> = Op extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type TokenOut = Ok<paths["/api/auth/login"]["post"]>;
export type LoginIn = Body<paths["/api/auth/login"]["post"]>;
export type Me = Ok<paths["/api/auth/me"]["get"]>;
export type Role = Me["role"];
export type TotpEnrollOut = Ok<paths["/api/auth/totp/enroll"]["post"]>;

export type UserPage = Ok<paths["/api/users"]["get"]>;
export type User = UserPage["items"][number];
export type UserCreate = Body<paths["/api/users"]["post"]>;
export type UserUpdate = Body<paths["/api/users/{user_id}"]["patch"]>;
export type UserQuery = Query<paths["/api/users"]["get"]>;

export type AuditPage = Ok<paths["/api/audit-logs"]["get"]>;
export type AuditEntry = AuditPage["items"][number];
export type AuditQuery = Query<paths["/api/audit-logs"]["get"]>;

export type TenantPage = Ok<paths["/api/tenants"]["get"]>;
export type Tenant = TenantPage["items"][number];
export type TenantCreate = Body<paths["/api/tenants"]["post"]>;

export const ROLES = ["owner", "admin", "support", "client"] as const satisfies readonly Role[];
