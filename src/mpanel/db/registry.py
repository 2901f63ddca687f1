"""Imports every model so Alembic and the test suite see the whole schema."""

from mpanel.audit import models as audit_models
from mpanel.auth import models as auth_models
from mpanel.billing.invoices import models as invoice_models
from mpanel.billing.payments import models as payment_models
from mpanel.billing.stripe import models as stripe_models
from mpanel.billing.subscriptions import models as subscription_models
from mpanel.billing.tax import models as tax_models
from mpanel.catalog import models as catalog_models
from mpanel.catalog.tlds import models as tld_models
from mpanel.customers import models as customer_models
from mpanel.db.base import Base
from mpanel.domains import models as domain_models
from mpanel.hosting.dns import models as dns_models
from mpanel.hosting.operations import models as operation_models
from mpanel.hosting.servers import models as server_models
from mpanel.jobs import models as job_models
from mpanel.notifications import models as notification_models
from mpanel.tenants import models as tenant_models
from mpanel.users import models as user_models

__all__ = [
    "Base",
    "audit_models",
    "auth_models",
    "catalog_models",
    "customer_models",
    "dns_models",
    "domain_models",
    "invoice_models",
    "job_models",
    "notification_models",
    "operation_models",
    "payment_models",
    "server_models",
    "stripe_models",
    "subscription_models",
    "tax_models",
    "tenant_models",
    "tld_models",
    "user_models",
]
