from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.principal import Principal
from mpanel.db.session import tenant_session
from mpanel.domains import service as domains
from mpanel.domains.lifecycle import DomainTransitionRefused
from mpanel.domains.models import Domain, DomainEvent, IcannFee
from mpanel.domains.registrars import RegistrarError
from mpanel.settings import Settings
from tests.factories.catalog import make_tld
from tests.factories.customers import make_customer
from tests.factories.domains import make_client, make_domain, settle
from tests.factories.tenants import TenantWithOwner, bearer, make_tenant, token_for
from tests.fakes.registrar import FlakyRegistrar


async def icann_fees(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> list[IcannFee]:
    async with tenant_session(sessionmaker, tenant_id) as session:
        return list((await session.scalars(select(IcannFee).order_by(IcannFee.occurred_at))).all())


async def domain_rows(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> list[Domain]:
    async with tenant_session(sessionmaker, tenant_id) as session:
        return list((await session.scalars(select(Domain))).all())


def years_later(start: date, years: int) -> date:
    return domains.add_years(start, years)


class TestRegister:
    async def test_a_com_registration_is_pending_until_its_job_then_active_and_owes_the_icann_fee_per_year(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        await make_tld(sessionmaker, tenant.id, "com")
        customer = await make_customer(sessionmaker, tenant.id)
        response = await client.post(
            "/api/domains",
            json={
                "name": "Example.COM",
                "customerId": str(customer.id),
                "years": 2,
                "nameservers": ["NS1.host.example.net", "ns2.host.example.net."],
            },
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 201, response.text
        domain, event = response.json()["domain"], response.json()["event"]
        assert (domain["status"], domain["pendingOperation"], domain["registeredAt"]) == ("pending", "register", None)
        assert await icann_fees(sessionmaker, tenant.id) == []
        assert await settle(sessionmaker, tenant.id) == 1
        headers = bearer(token_for(settings, tenant.owner))
        domain = (await client.get(f"/api/domains/{domain['id']}", headers=headers)).json()
        today = datetime.now(UTC).date()
        assert (domain["name"], domain["tld"], domain["status"], domain["registrar"]) == (
            "example.com",
            "com",
            "active",
            "manual",
        )
        assert (domain["pendingOperation"], domain["lastError"]) == (None, None)
        assert (domain["registeredAt"], domain["expiresAt"]) == (str(today), str(years_later(today, 2)))
        assert domain["nameservers"] == ["ns1.host.example.net", "ns2.host.example.net"]
        assert (domain["autoRenew"], domain["customerId"]) == (True, str(customer.id))
        assert (event["action"], event["years"], event["price"], event["currency"]) == ("register", 2, "24.00", "USD")
        fees = await icann_fees(sessionmaker, tenant.id)
        assert [(f.tld, f.action.value, f.years, f.fee_per_year, f.amount, f.currency) for f in fees] == [
            ("com", "register", 2, Decimal("0.20"), Decimal("0.40"), "USD")
        ]

    async def test_a_de_registration_owes_no_icann_fee_and_idns_are_stored_as_punycode(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        await make_tld(sessionmaker, tenant.id, "de")
        customer = await make_customer(sessionmaker, tenant.id)
        response = await client.post(
            "/api/domains",
            json={"name": "Bücher.de", "customerId": str(customer.id)},
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 201, response.text
        assert await settle(sessionmaker, tenant.id) == 1
        (domain,) = await domain_rows(sessionmaker, tenant.id)
        assert (domain.name, domain.status) == ("xn--bcher-kva.de", "active")
        assert response.json()["domain"]["unicodeName"] == "bücher.de"
        assert await icann_fees(sessionmaker, tenant.id) == []

    async def test_bad_input_is_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        await make_tld(sessionmaker, tenant.id, "com")
        await make_tld(sessionmaker, tenant.id, "net", prices=[{"action": "register", "years": 1, "price": 10}])
        customer = await make_customer(sessionmaker, tenant.id)
        headers = bearer(token_for(settings, tenant.owner))
        ok = {"name": "fine.com", "customerId": str(customer.id)}
        cases: list[tuple[dict[str, object], str, str]] = [
            ({**ok, "name": "exa_mple.com"}, "name", "validation_failed"),
            ({**ok, "name": "-example.com"}, "name", "validation_failed"),
            ({**ok, "name": "a" * 64 + ".com"}, "name", "validation_failed"),
            ({**ok, "name": ".".join(["a" * 62] * 4) + ".com"}, "name", "validation_failed"),
            ({**ok, "name": "example..com"}, "name", "validation_failed"),
            ({**ok, "name": "com"}, "name", "validation_failed"),
            ({**ok, "name": "☃.com"}, "name", "validation_failed"),
            ({**ok, "name": "example.123"}, "name", "validation_failed"),
            ({**ok, "name": "example.zz"}, "name", "tld_unknown"),
            ({**ok, "name": "www.example.com"}, "name", "domain_not_registrable"),
            ({**ok, "years": 0}, "years", "validation_failed"),
            ({**ok, "years": 11}, "years", "validation_failed"),
            ({**ok, "years": True}, "years", "validation_failed"),
            ({**ok, "name": "fine.net", "years": 2}, "years", "tld_price_missing"),
            ({**ok, "nameservers": ["ns1.example.net"]}, "nameservers", "validation_failed"),
            ({**ok, "nameservers": ["ns1.example.net", "ns1.example.net"]}, "nameservers", "validation_failed"),
            ({**ok, "nameservers": ["ns1.example.net", "not a host"]}, "nameservers.1", "validation_failed"),
            ({**ok, "nameservers": [f"ns{i}.example.net" for i in range(14)]}, "nameservers", "validation_failed"),
            ({**ok, "customerId": str(uuid.uuid4())}, "customerId", "invalid"),
            ({**ok, "customerId": "nope"}, "customerId", "validation_failed"),
            ({**ok, "registrar": "manual"}, "registrar", "validation_failed"),
        ]
        for body, field, code in cases:
            response = await client.post("/api/domains", json=body, headers=headers)
            assert response.status_code == 422, (body, response.text)
            error = response.json()["error"]
            assert error["code"] == code, (body, error)
            assert field in [d["field"] for d in error["details"]], (body, error)
        assert await domain_rows(sessionmaker, tenant.id) == []
        assert await icann_fees(sessionmaker, tenant.id) == []

    async def test_a_name_is_registered_once_until_it_is_released(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        first = await make_domain(sessionmaker, tenant.id, name="taken.com")
        body = {"name": "TAKEN.com", "customerId": str(first.customer_id)}
        again = await client.post("/api/domains", json=body, headers=headers)
        assert again.status_code == 409
        assert again.json()["error"]["code"] == "domain_taken"
        cancelled = await client.post(f"/api/domains/{first.id}/status", json={"status": "cancelled"}, headers=headers)
        assert cancelled.status_code == 200
        again = await client.post("/api/domains", json=body, headers=headers)
        assert again.status_code == 201
        withdrawn = await client.post(
            f"/api/domains/{again.json()['domain']['id']}/status", json={"status": "cancelled"}, headers=headers
        )
        assert (withdrawn.json()["status"], withdrawn.json()["pendingOperation"]) == ("cancelled", None)
        assert await settle(sessionmaker, tenant.id) == 0  # a cancelled request leaves the registrar nothing

    async def test_a_transfer_in_adds_years_to_the_current_expiry_and_owes_the_fee(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        await make_tld(sessionmaker, tenant.id, "com")
        customer = await make_customer(sessionmaker, tenant.id)
        current = datetime.now(UTC).date() + timedelta(days=40)
        response = await client.post(
            "/api/domains/transfer",
            json={
                "name": "moving.com",
                "customerId": str(customer.id),
                "authCode": "s3cr3t!",
                "currentExpiry": str(current),
            },
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 201, response.text
        domain, event = response.json()["domain"], response.json()["event"]
        assert (domain["status"], domain["pendingOperation"]) == ("pending", "transfer")
        assert (event["action"], event["price"]) == ("transfer_in", "10.00")
        assert "s3cr3t" not in response.text
        await settle(sessionmaker, tenant.id)
        (row,) = await domain_rows(sessionmaker, tenant.id)
        assert (row.status, row.expires_at, row.pending_auth_code) == ("active", years_later(current, 1), None)
        fees = await icann_fees(sessionmaker, tenant.id)
        assert [(f.action.value, f.amount) for f in fees] == [("transfer", Decimal("0.20"))]


class TestRenew:
    async def test_renewal_extends_from_the_current_expiry_and_owes_the_fee(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        domain = await make_domain(sessionmaker, tenant.id, now=datetime(2026, 1, 31, 12, tzinfo=UTC))
        assert domain.expires_at == date(2027, 1, 31)
        response = await client.post(
            f"/api/domains/{domain.id}/renew", json={"years": 3}, headers=bearer(token_for(settings, tenant.owner))
        )
        assert response.status_code == 200, response.text
        assert response.json()["domain"]["pendingOperation"] == "renew"
        assert response.json()["domain"]["expiresAt"] == "2027-01-31"  # until the registrar has renewed
        assert response.json()["event"]["expiresAt"] == "2030-01-31"
        again = await client.post(
            f"/api/domains/{domain.id}/renew", json={"years": 1}, headers=bearer(token_for(settings, tenant.owner))
        )
        assert (again.status_code, again.json()["error"]["code"]) == (409, "domain_operation_pending")
        await settle(sessionmaker, tenant.id)
        assert (await domain_rows(sessionmaker, tenant.id))[0].expires_at == date(2030, 1, 31)
        event = response.json()["event"]
        assert (event["action"], event["years"], event["price"], event["redemptionFee"]) == (
            "renew",
            3,
            "42.00",
            "0.00",
        )
        fees = await icann_fees(sessionmaker, tenant.id)
        assert [(f.action.value, f.years, f.amount) for f in fees] == [
            ("register", 1, Decimal("0.20")),
            ("renew", 3, Decimal("0.60")),
        ]

    async def test_a_domain_in_redemption_is_restored_for_the_redemption_fee(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        domain = await make_domain(sessionmaker, tenant.id)
        for status in ("expired", "grace", "redemption"):
            moved = await client.post(f"/api/domains/{domain.id}/status", json={"status": status}, headers=headers)
            assert moved.json()["status"] == status
        restored = await client.post(f"/api/domains/{domain.id}/renew", json={}, headers=headers)
        assert restored.status_code == 200, restored.text
        event = restored.json()["event"]
        assert (event["fromStatus"], event["price"], event["redemptionFee"]) == ("redemption", "14.00", "80.00")
        await settle(sessionmaker, tenant.id)
        (row,) = await domain_rows(sessionmaker, tenant.id)
        assert (row.status, row.grace_ends_on, row.redemption_ends_on) == ("active", None, None)

    async def test_released_domains_cannot_be_renewed(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        domain = await make_domain(sessionmaker, tenant.id)
        await client.post(f"/api/domains/{domain.id}/status", json={"status": "transferred-away"}, headers=headers)
        refused = await client.post(f"/api/domains/{domain.id}/renew", json={"years": 1}, headers=headers)
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "domain_not_renewable"
        assert len(await icann_fees(sessionmaker, tenant.id)) == 1

    async def test_no_expiry_more_than_ten_years_ahead(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        domain = await make_domain(sessionmaker, tenant.id, years=9)
        refused = await client.post(
            f"/api/domains/{domain.id}/renew", json={"years": 2}, headers=bearer(token_for(settings, tenant.owner))
        )
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "domain_term_too_long"
        rows = await domain_rows(sessionmaker, tenant.id)
        assert rows[0].expires_at == domain.expires_at


class TestStatus:
    async def test_refused_transitions_answer_409_and_change_nothing(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        domain = await make_domain(sessionmaker, tenant.id)
        path = f"/api/domains/{domain.id}/status"
        skipped = await client.post(path, json={"status": "redemption"}, headers=headers)
        assert skipped.status_code == 409
        assert skipped.json()["error"]["code"] == "domain_transition_refused"
        assert (await client.post(path, json={"status": "active"}, headers=headers)).status_code == 422
        assert (
            await client.post(path, json={"status": "cancelled", "note": "fraud"}, headers=headers)
        ).status_code == 200
        for status in ("expired", "grace", "redemption", "transferred-away", "cancelled"):
            response = await client.post(path, json={"status": status}, headers=headers)
            assert response.status_code == 409, status
        assert (await client.get(f"/api/domains/{domain.id}", headers=headers)).json()["status"] == "cancelled"
        events = (await client.get(f"/api/domains/{domain.id}/events", headers=headers)).json()["items"]
        latest = events[0]  # newest first
        assert (latest["action"], latest["fromStatus"], latest["toStatus"], latest["note"]) == (
            "status",
            "active",
            "cancelled",
            "fraud",
        )

    async def test_the_service_verbs_follow_the_table(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        tenant = await make_tenant(sessionmaker)
        domain = await make_domain(sessionmaker, tenant.id)
        actor = Principal.system(tenant.id)
        async with tenant_session(sessionmaker, tenant.id) as session:
            assert (await domains.mark_grace(session, actor, domain.id)).status.value == "grace"
            assert (await domains.mark_redemption(session, actor, domain.id)).status.value == "redemption"
            with pytest.raises(DomainTransitionRefused):
                await domains.mark_expired(session, actor, domain.id)
            assert (await domains.cancel(session, actor, domain.id)).status.value == "cancelled"


async def history(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> list[tuple[str, str]]:
    async with tenant_session(sessionmaker, tenant_id) as session:
        events = await session.scalars(select(DomainEvent).order_by(DomainEvent.occurred_at))
        return [(e.action, e.note) for e in events]


@dataclass(frozen=True)
class FlakyNet:
    tenant: TenantWithOwner
    headers: dict[str, str]


@pytest.fixture
async def flaky_net(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], flaky: FlakyRegistrar
) -> FlakyNet:
    """A tenant whose .net names go to the `flaky` registrar, answering from the first call."""
    flaky.failures = 0
    tenant = await make_tenant(sessionmaker)
    await make_tld(sessionmaker, tenant.id, "net", registrar="flaky")
    return FlakyNet(tenant, bearer(token_for(settings, tenant.owner)))


class TestUpdate:
    async def test_nameservers_and_auto_renew_change_until_the_domain_is_released(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        domain = await make_domain(sessionmaker, tenant.id)
        path = f"/api/domains/{domain.id}"
        changed = await client.patch(
            path, json={"autoRenew": False, "nameservers": ["a.ns.example", "b.ns.example"]}, headers=headers
        )
        assert changed.status_code == 200, changed.text
        assert (changed.json()["autoRenew"], changed.json()["nameservers"], changed.json()["nameserversPending"]) == (
            False,
            ["a.ns.example", "b.ns.example"],
            True,
        )
        cleared = (await client.patch(path, json={"nameservers": []}, headers=headers)).json()
        assert (cleared["nameservers"], cleared["nameserversPending"]) == ([], True)
        assert (await client.patch(path, json={"autoRenew": None}, headers=headers)).status_code == 422
        assert await settle(sessionmaker, tenant.id) == 1
        assert (await client.get(path, headers=headers)).json()["nameserversPending"] is False
        await client.post(f"{path}/status", json={"status": "cancelled"}, headers=headers)
        locked = await client.patch(path, json={"autoRenew": True}, headers=headers)
        assert locked.status_code == 409
        assert locked.json()["error"]["code"] == "domain_locked"
        actions = [action for action, _ in await history(sessionmaker, tenant.id)]
        assert actions == ["register", "registrar_done", "nameservers", "status"]

    async def test_the_request_only_records_the_change_and_the_job_sends_the_latest_set(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        flaky: FlakyRegistrar,
        flaky_net: FlakyNet,
    ) -> None:
        tenant, headers = flaky_net.tenant, flaky_net.headers
        domain = await make_domain(sessionmaker, tenant.id, name="busy.net")
        path = f"/api/domains/{domain.id}"
        for ns in (["a.ns.example", "b.ns.example"], ["c.ns.example", "d.ns.example"]):
            response = await client.patch(path, json={"nameservers": ns}, headers=headers)
            assert response.status_code == 200, response.text
            assert (response.json()["nameservers"], response.json()["nameserversPending"]) == (ns, True)
        assert (flaky.calls, flaky.nameservers) == (1, [])  # only the registration so far
        assert "nameservers" not in [a for a, _ in await history(sessionmaker, tenant.id)]
        await settle(sessionmaker, tenant.id)
        await settle(sessionmaker, tenant.id)  # a replay in sync sends nothing
        assert flaky.nameservers == [["c.ns.example", "d.ns.example"]]
        shown = (await client.get(path, headers=headers)).json()
        assert (shown["nameserversPending"], shown["lastError"]) == (False, None)
        assert (await history(sessionmaker, tenant.id))[-1] == ("nameservers", "c.ns.example d.ns.example")

    async def test_a_failed_push_is_shown_on_the_domain_and_the_next_attempt_clears_it(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        flaky: FlakyRegistrar,
        flaky_net: FlakyNet,
    ) -> None:
        tenant, headers = flaky_net.tenant, flaky_net.headers
        domain = await make_domain(sessionmaker, tenant.id, name="down.net")
        path = f"/api/domains/{domain.id}"
        flaky.fail_next()
        response = await client.patch(path, json={"nameservers": ["a.ns.example", "b.ns.example"]}, headers=headers)
        assert response.status_code == 200, response.text  # the registry being down is not the request's failure
        with pytest.raises(RegistrarError):
            await settle(sessionmaker, tenant.id)
        shown = (await client.get(path, headers=headers)).json()
        assert (shown["nameserversPending"], shown["lastError"]) == (True, "registry timeout (attempt 2)")
        await settle(sessionmaker, tenant.id)
        shown = (await client.get(path, headers=headers)).json()
        assert (shown["nameserversPending"], shown["lastError"], shown["lastErrorAt"]) == (False, None, None)
        assert (await history(sessionmaker, tenant.id))[-2:] == [
            ("registrar_failed", "nameservers: registry timeout (attempt 2)"),
            ("nameservers", "a.ns.example b.ns.example"),
        ]

    async def test_a_pending_domain_sends_its_nameservers_with_the_registration(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        flaky: FlakyRegistrar,
        flaky_net: FlakyNet,
    ) -> None:
        tenant, headers = flaky_net.tenant, flaky_net.headers
        customer = await make_customer(sessionmaker, tenant.id)
        created = await client.post(
            "/api/domains",
            json={"name": "early.net", "customerId": str(customer.id), "nameservers": ["a.ns.example", "b.ns.example"]},
            headers=headers,
        )
        path = f"/api/domains/{created.json()['domain']['id']}"
        changed = await client.patch(path, json={"nameservers": ["c.ns.example", "d.ns.example"]}, headers=headers)
        assert changed.status_code == 200, changed.text
        assert changed.json()["nameserversPending"] is False  # they go with the registration
        assert (await history(sessionmaker, tenant.id))[-1] == ("nameservers", "c.ns.example d.ns.example")
        await settle(sessionmaker, tenant.id)
        assert (flaky.registered, flaky.nameservers) == ([["c.ns.example", "d.ns.example"]], [])
        assert (await client.get(path, headers=headers)).json()["status"] == "active"

    async def test_a_change_while_the_registration_is_on_its_way_is_sent_after_it(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        flaky: FlakyRegistrar,
        flaky_net: FlakyNet,
    ) -> None:
        tenant, headers = flaky_net.tenant, flaky_net.headers
        customer = await make_customer(sessionmaker, tenant.id)
        created = await client.post(
            "/api/domains",
            json={
                "name": "racing.net",
                "customerId": str(customer.id),
                "nameservers": ["a.ns.example", "b.ns.example"],
            },
            headers=headers,
        )
        path = f"/api/domains/{created.json()['domain']['id']}"

        async def change_meanwhile() -> None:  # the job holds no lock while the registrar works
            changed = await client.patch(path, json={"nameservers": ["c.ns.example", "d.ns.example"]}, headers=headers)
            assert changed.status_code == 200, changed.text

        flaky.during = change_meanwhile
        await settle(sessionmaker, tenant.id)
        assert flaky.registered == [["a.ns.example", "b.ns.example"]]
        assert flaky.nameservers == [["c.ns.example", "d.ns.example"]]  # the same job sent the newer set
        shown = (await client.get(path, headers=headers)).json()
        assert (shown["status"], shown["nameservers"], shown["nameserversPending"]) == (
            "active",
            ["c.ns.example", "d.ns.example"],
            False,
        )

    async def test_a_registry_lock_refuses_changes_and_a_waiting_change_goes_out_with_the_restore(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        flaky: FlakyRegistrar,
        flaky_net: FlakyNet,
    ) -> None:
        tenant, headers = flaky_net.tenant, flaky_net.headers
        domain = await make_domain(sessionmaker, tenant.id, name="lapsed.net")
        path = f"/api/domains/{domain.id}"
        waiting = await client.patch(path, json={"nameservers": ["a.ns.example", "b.ns.example"]}, headers=headers)
        assert waiting.json()["nameserversPending"] is True
        for status in ("expired", "grace", "redemption"):
            await client.post(f"{path}/status", json={"status": status}, headers=headers)
        refused = await client.patch(path, json={"nameservers": ["c.ns.example", "d.ns.example"]}, headers=headers)
        assert (refused.status_code, refused.json()["error"]["code"]) == (409, "domain_locked")
        await settle(sessionmaker, tenant.id)
        assert flaky.nameservers == []  # the registry would refuse them in redemption: they wait
        assert (await client.post(f"{path}/renew", json={}, headers=headers)).status_code == 200
        await settle(sessionmaker, tenant.id)
        shown = (await client.get(path, headers=headers)).json()
        assert (shown["status"], shown["nameserversPending"]) == ("active", False)
        assert flaky.nameservers == [["a.ns.example", "b.ns.example"]]

    async def test_releasing_a_domain_withdraws_its_waiting_nameservers(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        flaky: FlakyRegistrar,
        flaky_net: FlakyNet,
    ) -> None:
        tenant, headers = flaky_net.tenant, flaky_net.headers
        domain = await make_domain(sessionmaker, tenant.id, name="leaving.net")
        path = f"/api/domains/{domain.id}"
        await client.patch(path, json={"nameservers": ["a.ns.example", "b.ns.example"]}, headers=headers)
        gone = await client.post(f"{path}/status", json={"status": "transferred-away"}, headers=headers)
        assert (gone.json()["status"], gone.json()["nameserversPending"]) == ("transferred-away", False)
        assert await settle(sessionmaker, tenant.id) == 0
        assert flaky.nameservers == []

    async def test_a_completed_transfer_sends_the_nameservers_it_was_given(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        flaky: FlakyRegistrar,
        flaky_net: FlakyNet,
    ) -> None:
        """A transfer request cannot carry nameservers: the job sends them once the domain arrived."""
        tenant, headers = flaky_net.tenant, flaky_net.headers
        customer = await make_customer(sessionmaker, tenant.id)
        body = {"customerId": str(customer.id), "authCode": "epp-code"}
        with_ns = await client.post(
            "/api/domains/transfer",
            json={**body, "name": "arriving.net", "nameservers": ["a.ns.example", "b.ns.example"]},
            headers=headers,
        )
        without = await client.post("/api/domains/transfer", json={**body, "name": "plain.net"}, headers=headers)
        assert (with_ns.status_code, without.status_code) == (201, 201), with_ns.text + without.text
        await settle(sessionmaker, tenant.id)
        assert flaky.nameservers == [["a.ns.example", "b.ns.example"]]  # only the one given nameservers
        arrived = (await client.get(f"/api/domains/{with_ns.json()['domain']['id']}", headers=headers)).json()
        assert (arrived["status"], arrived["nameserversPending"]) == ("active", False)
        assert ("nameservers", "a.ns.example b.ns.example") in await history(sessionmaker, tenant.id)


class TestListAndClients:
    async def test_filters_by_status_customer_expiry_and_name(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        soon = await make_domain(sessionmaker, tenant.id, name="soon.com", now=datetime(2026, 1, 5, tzinfo=UTC))
        later = await make_domain(sessionmaker, tenant.id, name="later.com", years=5)
        await client.post(f"/api/domains/{later.id}/status", json={"status": "cancelled"}, headers=headers)

        async def ids(**params: str) -> list[str]:
            response = await client.get("/api/domains", params=params, headers=headers)
            assert response.status_code == 200, response.text
            return [d["id"] for d in response.json()["items"]]

        assert await ids(expiringBefore="2027-02-01") == [str(soon.id)]
        assert await ids(status="cancelled") == [str(later.id)]
        assert await ids(customerId=str(soon.customer_id)) == [str(soon.id)]
        assert await ids(q="LAT") == [str(later.id)]
        assert await ids(tld=".com") == [str(later.id), str(soon.id)]
        for params in ({"q": "so\x00on"}, {"tld": "c\x00m"}):  # PostgreSQL text cannot hold NUL: never a 500
            response = await client.get("/api/domains", params=params, headers=headers)
            assert response.status_code == 422, response.text

    async def test_clients_read_only_their_own_customers_domains_and_change_nothing(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        mine = await make_domain(sessionmaker, tenant.id)
        other = await make_domain(sessionmaker, tenant.id)
        portal = bearer(token_for(settings, await make_client(sessionmaker, tenant.id, mine.customer_id)))
        listed = (await client.get("/api/domains", headers=portal)).json()["items"]
        assert [d["id"] for d in listed] == [str(mine.id)]
        assert (await client.get(f"/api/domains/{mine.id}", headers=portal)).status_code == 200
        assert (await client.get(f"/api/domains/{mine.id}/events", headers=portal)).status_code == 200
        assert (await client.get(f"/api/domains/{other.id}", headers=portal)).status_code == 404
        assert (await client.get(f"/api/domains/{other.id}/events", headers=portal)).status_code == 404
        renewing = await client.post(f"/api/domains/{mine.id}/renew", json={}, headers=portal)
        assert renewing.status_code == 403
        quote = await client.get("/api/domains/quote", params={"name": "new.com", "years": 2}, headers=portal)
        assert quote.status_code == 200, quote.text
        assert (quote.json()["price"], quote.json()["icannFeeApplies"]) == ("24.00", True)


class TestIcannFeeReport:
    async def test_totals_per_month_and_overall_without_other_tenants_fees(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant, other = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
        january, february = datetime(2026, 1, 31, 23, 59, tzinfo=UTC), datetime(2026, 2, 1, 0, 0, tzinfo=UTC)
        await make_domain(sessionmaker, tenant.id, name="one.com", now=january)
        await make_domain(sessionmaker, tenant.id, name="two.com", years=2, now=january)
        renewed = await make_domain(sessionmaker, tenant.id, name="three.com", now=february)
        await make_domain(sessionmaker, tenant.id, name="kein.de", years=3, now=february)
        await make_domain(sessionmaker, other.id, name="theirs.com", years=5, now=january)
        async with tenant_session(sessionmaker, tenant.id) as session:
            actor = Principal.system(tenant.id)
            await domains.renew(session, actor, renewed.id, 2, now=february)
        await settle(sessionmaker, tenant.id, now=february)
        async with tenant_session(sessionmaker, tenant.id) as session:
            await domains.renew(session, actor, renewed.id, 1, now=datetime(2026, 3, 1, tzinfo=UTC))
        await settle(sessionmaker, tenant.id, now=datetime(2026, 3, 1, tzinfo=UTC))
        response = await client.get(
            "/api/reports/icann-fees",
            params={"from": "2026-01-01", "to": "2026-03-01"},
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 200, response.text
        report = response.json()
        assert (report["from"], report["to"], report["currency"]) == ("2026-01-01", "2026-03-01", "USD")
        assert [(m["month"], m["operations"], m["domainYears"], m["amount"]) for m in report["months"]] == [
            ("2026-01", 2, 3, "0.60"),
            ("2026-02", 2, 3, "0.60"),
        ]
        assert (report["operations"], report["domainYears"], report["amount"]) == (4, 6, "1.20")
        quiet = await client.get(
            "/api/reports/icann-fees",
            params={"from": "2025-11-15", "to": "2026-01-01"},
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert [(m["month"], m["amount"]) for m in quiet.json()["months"]] == [("2025-11", "0.00"), ("2025-12", "0.00")]
        assert quiet.json()["amount"] == "0.00"

    async def test_bad_ranges_are_refused(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        for params in (
            {"from": "2026-03-01", "to": "2026-01-01"},
            {"from": "2026-01-01", "to": "2027-01-03"},
            {"from": "2026-01-01"},
            {"from": "2026-13-01", "to": "2027-01-01"},
            {"from": "yesterday", "to": "2027-01-01"},
        ):
            response = await client.get("/api/reports/icann-fees", params=params, headers=headers)
            assert response.status_code == 422, (params, response.text)


class TestDomainSubscription:
    async def test_only_the_same_customers_subscription_can_bill_a_domain(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        from tests.factories.billing import make_subscription
        from tests.factories.catalog import make_product, make_tld
        from tests.factories.customers import make_customer

        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        await make_tld(sessionmaker, tenant.id, tld="com")
        owner, stranger = await make_customer(sessionmaker, tenant.id), await make_customer(sessionmaker, tenant.id)
        product = await make_product(sessionmaker, tenant.id, type="domain", name=".com renewal", price="12.00")
        theirs = await make_subscription(sessionmaker, tenant.id, stranger.id, product.id)
        mine = await make_subscription(sessionmaker, tenant.id, owner.id, product.id)
        body = {"name": "billed-example.com", "customerId": str(owner.id), "years": 1}
        refused = await client.post("/api/domains", json={**body, "subscriptionId": str(theirs.id)}, headers=headers)
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["details"][0]["field"] == "subscriptionId"
        linked = await client.post("/api/domains", json={**body, "subscriptionId": str(mine.id)}, headers=headers)
        assert linked.status_code == 201, linked.text
