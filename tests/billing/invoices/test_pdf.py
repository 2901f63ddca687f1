"""Invoice PDFs through the API: rendered by WeasyPrint, read back with pdftotext, stored in
object storage once per content (local folder and S3)."""

from __future__ import annotations

import uuid
from pathlib import Path

import boto3
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.app import create_app
from mpanel.db.urls import DatabaseUrls
from mpanel.settings import Settings
from tests.conftest import make_settings
from tests.factories.billing import make_invoice, make_payment, make_tax_rule
from tests.factories.customers import make_customer
from tests.factories.domains import make_client
from tests.factories.tenants import TenantWithOwner, bearer, make_tenant, token_for
from tests.pdf import pdf_text, png
from tests.servers import S3Server

BRANDING = {
    "legalName": "Acme Hosting GmbH",
    "addressLine1": "Hauptstrasse 5",
    "city": "Berlin",
    "postcode": "10115",
    "country": "DE",
    "taxId": "DE811907980",
    "email": "billing@acme.example",
    "invoiceFooter": "IBAN DE89 3704 0044 0532 0130 00",
}


@pytest.fixture
async def tenant(sessionmaker: async_sessionmaker[AsyncSession]) -> TenantWithOwner:
    return await make_tenant(sessionmaker)


@pytest.fixture
def headers(settings: Settings, tenant: TenantWithOwner) -> dict[str, str]:
    return bearer(token_for(settings, tenant.owner))


async def _brand(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    settings = {"branding": BRANDING, "billing": {"country": "DE"}}
    response = await client.patch("/api/tenant", json={"settings": settings}, headers=headers)
    assert response.status_code == 200, response.text
    response = await client.put("/api/tenant/logo", files={"file": ("logo.png", png(), "image/png")}, headers=headers)
    assert response.status_code == 200, response.text


def _objects(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.pdf"))


class TestInvoicePdf:
    async def test_shows_seller_buyer_items_reverse_charge_payments_and_balance(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        await _brand(client, headers)
        await make_tax_rule(sessionmaker, tenant.id, country="DE", rate="19")
        customer = await make_customer(
            sessionmaker,
            tenant.id,
            kind="company",
            name="Marie Curie",
            companyName="Radium SARL",
            addressLine1="12 Rue de la Paix",
            city="Paris",
            postcode="75002",
            country="FR",
            vatId="FR40303265045",
            currency="EUR",
        )
        body = {
            "customerId": str(customer.id),
            "items": [
                {"description": "Business Hosting", "quantity": 2, "unitPrice": "600.25"},
                {"description": "SSL certificate", "quantity": 1, "unitPrice": "49.50"},
            ],
        }
        invoice = (await client.post("/api/invoices", json=body, headers=headers)).json()
        await make_payment(sessionmaker, tenant.id, invoice["id"], "250.00")

        response = await client.get(f"/api/invoices/{invoice['id']}/pdf", headers=headers)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        assert f'filename="{invoice["invoiceNumber"]}.pdf"' in response.headers["content-disposition"]
        text = pdf_text(response.content)
        for expected in [
            "Acme Hosting GmbH",
            "Hauptstrasse 5",
            "Tax ID: DE811907980",
            "Radium SARL",
            "Marie Curie",
            "12 Rue de la Paix",
            "France",
            "VAT ID: FR40303265045",
            f"Invoice {invoice['invoiceNumber']}",
            "Business Hosting",
            "600.25 EUR",
            "1,200.50 EUR",
            "Total 1,250.00 EUR",
            "-250.00 EUR",
            "Balance due 1,000.00 EUR",
            "reverse charge",
            "IBAN DE89 3704 0044 0532 0130 00",
        ]:
            assert expected in text, (expected, text)

    async def test_tax_lines_by_rule_with_their_rates_and_bases(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        await make_tax_rule(sessionmaker, tenant.id, name="GST", country="CA", rate="5")
        await make_tax_rule(sessionmaker, tenant.id, name="QST", country="CA", rate="9.975", level=2, compound=True)
        customer = await make_customer(sessionmaker, tenant.id, country="CA", currency="CAD")
        invoice = await make_invoice(sessionmaker, tenant.id, customer.id, total="19.99", taxRate=None)
        text = pdf_text((await client.get(f"/api/invoices/{invoice.id}/pdf", headers=headers)).content)
        assert f"Hosting {tenant.slug}" in text  # no legal name: the tenant's name
        assert "GST 5% on 19.99 CAD 1.00 CAD" in text, text
        assert "QST 9.975% (compound) on 20.99 CAD 2.09 CAD" in text, text
        assert "Total 23.08 CAD" in text

    async def test_an_issued_invoice_is_stored_once_per_content(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        settings: Settings,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id)
        invoice = await make_invoice(sessionmaker, tenant.id, customer.id, total="80.00")
        folder = settings.data_dir / "objects" / "tenants" / str(tenant.id) / "invoices" / str(invoice.id)
        first = await client.get(f"/api/invoices/{invoice.id}/pdf", headers=headers)
        second = await client.get(f"/api/invoices/{invoice.id}/pdf", headers=headers)
        assert first.content == second.content
        stored = _objects(folder)
        assert len(stored) == 1
        assert stored[0].read_bytes() == first.content
        assert stored[0].name.startswith(f"{invoice.number}-")
        await make_payment(sessionmaker, tenant.id, invoice.id, "80.00")  # the document changes: PAID
        paid = await client.get(f"/api/invoices/{invoice.id}/pdf", headers=headers)
        assert "Balance due 0.00" in pdf_text(paid.content)
        assert len(_objects(folder)) == 2

    async def test_a_draft_is_rendered_on_the_fly_and_not_stored(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        settings: Settings,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id)
        draft = await make_invoice(sessionmaker, tenant.id, customer.id, draft=True)
        response = await client.get(f"/api/invoices/{draft.id}/pdf", headers=headers)
        assert "Draft invoice" in pdf_text(response.content)
        assert _objects(settings.data_dir / "objects" / "tenants" / str(tenant.id)) == []

    async def test_the_owning_client_may_download_others_get_404(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        mine, other = await make_customer(sessionmaker, tenant.id), await make_customer(sessionmaker, tenant.id)
        invoice = await make_invoice(sessionmaker, tenant.id, mine.id)
        draft = await make_invoice(sessionmaker, tenant.id, mine.id, draft=True)
        owner = bearer(token_for(settings, await make_client(sessionmaker, tenant.id, mine.id)))
        stranger = bearer(token_for(settings, await make_client(sessionmaker, tenant.id, other.id)))
        assert (await client.get(f"/api/invoices/{invoice.id}/pdf", headers=owner)).status_code == 200
        refused = await client.get(f"/api/invoices/{invoice.id}/pdf", headers=stranger)
        assert refused.status_code == 404
        assert refused.json()["error"]["code"] == "invoice_not_found"
        assert (await client.get(f"/api/invoices/{draft.id}/pdf", headers=owner)).status_code == 404
        assert (await client.get(f"/api/invoices/{uuid.uuid4()}/pdf", headers=owner)).status_code == 404
        assert (await client.get("/api/invoices/not-a-uuid/pdf", headers=owner)).status_code == 422


class TestOnS3:
    async def test_issued_pdfs_are_stored_in_the_bucket_and_served_from_it(
        self,
        database: DatabaseUrls,
        s3_server: S3Server,
        sessionmaker: async_sessionmaker[AsyncSession],
        tenant: TenantWithOwner,
    ) -> None:
        bucket = s3_server.create_bucket(f"pdf-{uuid.uuid4().hex[:10]}")
        settings = make_settings(
            database.owner,
            S3_ENDPOINT=s3_server.endpoint,
            S3_BUCKET=bucket,
            S3_ACCESS_KEY=s3_server.access_key,
            S3_SECRET_KEY=s3_server.secret_key,
        )
        customer = await make_customer(sessionmaker, tenant.id, name="Grace Hopper")
        invoice = await make_invoice(sessionmaker, tenant.id, customer.id, total="42.00")
        app = create_app(settings, urls=database, run_worker=False)
        headers = bearer(token_for(settings, tenant.owner))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                response = await client.get(f"/api/invoices/{invoice.id}/pdf", headers=headers)
        assert response.status_code == 200
        s3 = boto3.client(
            "s3",
            endpoint_url=s3_server.endpoint,
            aws_access_key_id=s3_server.access_key,
            aws_secret_access_key=s3_server.secret_key,
            region_name="us-east-1",
        )
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
        assert len(keys) == 1
        assert keys[0].startswith(f"tenants/{tenant.id}/invoices/{invoice.id}/")
        stored = s3.get_object(Bucket=bucket, Key=keys[0])["Body"].read()
        assert stored == response.content
        assert "Grace Hopper" in pdf_text(stored)
