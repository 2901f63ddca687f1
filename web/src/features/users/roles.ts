import { ROLES, type Role } from "@/api/types";

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  support: "Support",
  client: "Client",
};

export const ROLE_HINTS: Record<Role, string> = {
  owner: "Everything, including billing settings and other owners.",
  admin: "Manages staff, customers, billing and hosting.",
  support: "Helps customers; limited to what support may do.",
  client: "A customer's own login to the client area.",
};

export const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
