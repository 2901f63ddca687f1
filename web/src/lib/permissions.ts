/** Permission checks against /api/auth/me. "users.read" and "users:read" are the same permission. */
export interface PermissionSubject {
  permissions?: readonly string[] | null;
  isPlatformOperator?: boolean | null;
}

const norm = (p: string) => p.trim().toLowerCase().replace(/:/g, ".");

export function hasPermission(me: PermissionSubject | null | undefined, permission: string): boolean {
  if (!me?.permissions) return false;
  const want = norm(permission);
  const [noun] = want.split(".");
  return me.permissions.some((raw) => {
    const p = norm(raw);
    return p === want || p === "*" || p === `${noun}.*`;
  });
}

/** What a page or action needs: a permission, and/or being a platform operator. */
export interface Access {
  permission?: string;
  /** Any one of these permissions. */
  anyPermission?: string[];
  platformOperator?: boolean;
}

export function canAccess(me: PermissionSubject | null | undefined, access?: Access): boolean {
  if (!me) return false;
  if (!access) return true;
  if (access.platformOperator && !me.isPlatformOperator && !hasPermission(me, "platform.tenants") && !hasPermission(me, "tenants.manage")) return false;
  if (access.permission && !hasPermission(me, access.permission)) return false;
  if (access.anyPermission && !access.anyPermission.some((p) => hasPermission(me, p))) return false;
  return true;
}
