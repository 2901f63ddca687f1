"""Roles to permissions: the one map every route is checked against (auth/deps.Requires)."""

from __future__ import annotations

from enum import StrEnum

from mpanel.users.models import Role


class Permission(StrEnum):
    USERS_READ = "users.read"
    USERS_WRITE = "users.write"
    USERS_GRANT_OWNER = "users.grant_owner"
    AUDIT_READ = "audit.read"
    TENANT_READ = "tenant.read"
    TENANT_WRITE = "tenant.write"
    JOBS_READ = "jobs.read"
    JOBS_WRITE = "jobs.write"
    # Granted by the platform-operator flag, never by a tenant role.
    PLATFORM_TENANTS = "platform.tenants"


_STAFF = {Permission.AUDIT_READ, Permission.TENANT_READ, Permission.JOBS_READ}
_ADMIN = _STAFF | {
    Permission.USERS_READ,
    Permission.USERS_WRITE,
    Permission.TENANT_WRITE,
    Permission.JOBS_WRITE,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(_ADMIN | {Permission.USERS_GRANT_OWNER}),
    Role.ADMIN: frozenset(_ADMIN),
    Role.SUPPORT: frozenset(_STAFF),
    Role.CLIENT: frozenset(),
}

STAFF_ROLES = frozenset({Role.OWNER, Role.ADMIN, Role.SUPPORT})


def permissions_for(role: Role, *, platform_operator: bool = False) -> frozenset[Permission]:
    granted = ROLE_PERMISSIONS[role]
    return granted | {Permission.PLATFORM_TENANTS} if platform_operator else granted
