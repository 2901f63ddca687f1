from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, status

from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.billing.tax import service as tax_rules
from mpanel.billing.tax.models import TaxRule
from mpanel.billing.tax.schemas import TaxRuleCreate, TaxRuleOut, TaxRuleSort, TaxRuleUpdate
from mpanel.core.errors import Forbidden, NotFound, Unauthorized
from mpanel.core.schema_types import CountryCode
from mpanel.core.schemas import Page
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.http.params import Cursor, Limit, SortParam
from mpanel.http.routing import TransactionalRoute, errors

router = APIRouter(prefix="/tax-rules", tags=["tax"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)
Reader = Annotated[Principal, Requires(Permission.TAX_READ)]
Writer = Annotated[Principal, Requires(Permission.TAX_WRITE)]


@router.get("", response_model=Page[TaxRuleOut], operation_id="tax-rules-list", responses=COMMON)
async def list_tax_rules(
    session: TenantSession,
    actor: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    country: CountryCode | None = None,
    sort: SortParam[TaxRuleSort] = None,
) -> Page[TaxRuleOut]:
    items, next_cursor = await tax_rules.list_rules(
        session, actor, limit=limit, cursor=cursor, sort=sort, country=country
    )
    return Page[TaxRuleOut](items=[TaxRuleOut.model_validate(r) for r in items], next_cursor=next_cursor)


@router.post(
    "",
    response_model=TaxRuleOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="tax-rules-create",
    responses=COMMON,
)
async def create_tax_rule(data: TaxRuleCreate, session: TenantSession, actor: Writer) -> TaxRule:
    return await tax_rules.create(session, actor, data)


@router.get("/{rule_id}", response_model=TaxRuleOut, operation_id="tax-rules-get", responses=COMMON | errors(NotFound))
async def get_tax_rule(rule_id: uuid.UUID, session: TenantSession, actor: Reader) -> TaxRule:
    return await tax_rules.get(session, actor, rule_id)


@router.patch(
    "/{rule_id}", response_model=TaxRuleOut, operation_id="tax-rules-update", responses=COMMON | errors(NotFound)
)
async def update_tax_rule(rule_id: uuid.UUID, data: TaxRuleUpdate, session: TenantSession, actor: Writer) -> TaxRule:
    return await tax_rules.update(session, actor, rule_id, data)


@router.delete(
    "/{rule_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="tax-rules-delete",
    responses=COMMON | errors(NotFound),
)
async def delete_tax_rule(rule_id: uuid.UUID, session: TenantSession, actor: Writer) -> None:
    await tax_rules.delete(session, actor, rule_id)
