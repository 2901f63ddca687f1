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
    CUSTOMERS_READ = "customers.read"
    CUSTOMERS_WRITE = "customers.write"
    CUSTOMERS_CREDIT = "customers.credit"
    TAX_READ = "tax.read"
    TAX_WRITE = "tax.write"
    INVOICES_READ = "invoices.read"
    INVOICES_WRITE = "invoices.write"
    PAYMENTS_READ = "payments.read"
    PAYMENTS_WRITE = "payments.write"
    PAYMENTS_REFUND = "payments.refund"
    # Paying an invoice by card and managing saved cards (clients for their own customer).
    INVOICES_PAY = "invoices.pay"
    PAYMENT_METHODS = "payment_methods.manage"
    SUBSCRIPTIONS_READ = "subscriptions.read"
    SUBSCRIPTIONS_WRITE = "subscriptions.write"
    DASHBOARD_READ = "dashboard.read"
    SEARCH = "search"
    JOBS_READ = "jobs.read"
    JOBS_WRITE = "jobs.write"
    CATALOG_READ = "catalog.read"
    CATALOG_WRITE = "catalog.write"
    DOMAINS_READ = "domains.read"
    DOMAINS_WRITE = "domains.write"
    REPORTS_READ = "reports.read"
    SERVERS_READ = "servers.read"
    SERVERS_WRITE = "servers.write"
    DNS_READ = "dns.read"
    DNS_WRITE = "dns.write"
    DNS_TEMPLATES = "dns.templates"
    EMAIL_READ = "email.read"
    EMAIL_WRITE = "email.write"
    # Granted by the platform-operator flag, never by a tenant role.
    PLATFORM_TENANTS = "platform.tenants"


# What a client-portal user may do; services narrow it to their own customer (scope_to_actor).
CLIENT_PERMISSIONS = frozenset(
    {
        Permission.CUSTOMERS_READ,
        Permission.INVOICES_READ,
        Permission.PAYMENTS_READ,
        Permission.SUBSCRIPTIONS_READ,
        # Clients see active products and TLD prices, and their own customer's domains.
        Permission.CATALOG_READ,
        Permission.DOMAINS_READ,
        Permission.INVOICES_PAY,
        Permission.PAYMENT_METHODS,
        # Clients manage their own customer's DNS zones.
        Permission.DNS_READ,
        Permission.DNS_WRITE,
    }
)
_STAFF = CLIENT_PERMISSIONS | {
    Permission.AUDIT_READ,
    Permission.DASHBOARD_READ,
    Permission.SEARCH,
    Permission.TENANT_READ,
    Permission.JOBS_READ,
    Permission.CUSTOMERS_WRITE,
    Permission.TAX_READ,
    Permission.DOMAINS_WRITE,
    Permission.SERVERS_READ,
    Permission.EMAIL_READ,
}
_ADMIN = _STAFF | {
    Permission.USERS_READ,
    Permission.USERS_WRITE,
    Permission.TENANT_WRITE,
    Permission.JOBS_WRITE,
    Permission.CUSTOMERS_CREDIT,
    Permission.TAX_WRITE,
    Permission.INVOICES_WRITE,
    Permission.PAYMENTS_WRITE,
    Permission.PAYMENTS_REFUND,
    Permission.SUBSCRIPTIONS_WRITE,
    Permission.CATALOG_WRITE,
    Permission.REPORTS_READ,
    Permission.SERVERS_WRITE,
    Permission.DNS_TEMPLATES,
    Permission.EMAIL_WRITE,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(_ADMIN | {Permission.USERS_GRANT_OWNER}),
    Role.ADMIN: frozenset(_ADMIN),
    Role.SUPPORT: frozenset(_STAFF),
    Role.CLIENT: CLIENT_PERMISSIONS,
}

STAFF_ROLES = frozenset({Role.OWNER, Role.ADMIN, Role.SUPPORT})


def permissions_for(role: Role, *, platform_operator: bool = False) -> frozenset[Permission]:
    granted = ROLE_PERMISSIONS[role]
    return granted | {Permission.PLATFORM_TENANTS} if platform_operator else granted
