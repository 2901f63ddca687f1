"""Who is acting: the authenticated user (from the access token) or the system itself."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from mpanel.auth.permissions import Permission, permissions_for
from mpanel.users.models import Role


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: uuid.UUID | None
    tenant_id: uuid.UUID
    role: Role
    email: str | None = None
    is_platform_operator: bool = False
    customer_id: uuid.UUID | None = None
    permissions: frozenset[Permission] = field(default=frozenset())

    @classmethod
    def for_user(
        cls,
        *,
        user_id: uuid.UUID,
        tenant_id: uuid.UUID,
        role: Role,
        email: str | None,
        is_platform_operator: bool,
        customer_id: uuid.UUID | None = None,
    ) -> Principal:
        return cls(
            user_id=user_id,
            tenant_id=tenant_id,
            role=role,
            email=email,
            is_platform_operator=is_platform_operator,
            customer_id=customer_id,
            permissions=permissions_for(role, platform_operator=is_platform_operator),
        )

    @classmethod
    def system(cls, tenant_id: uuid.UUID, *, platform: bool = False) -> Principal:
        """Jobs, the CLI and the billing run act as the system within one tenant."""
        return cls(
            user_id=None,
            tenant_id=tenant_id,
            role=Role.OWNER,
            email=None,
            is_platform_operator=platform,
            permissions=permissions_for(Role.OWNER, platform_operator=platform),
        )

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def narrow_to_customer(self, stmt: Any, customer_column: Any) -> Any:
        """Client principals see only their own customer's rows; staff see the whole tenant."""
        if self.role is Role.CLIENT:
            return stmt.where(customer_column == self.customer_id)
        return stmt
