"""Imports every tasks module so the worker knows every task."""

from mpanel.auth import tasks as auth_tasks
from mpanel.billing.stripe import tasks as stripe_tasks
from mpanel.billing.subscriptions import tasks as billing_tasks
from mpanel.domains import tasks as domain_tasks
from mpanel.hosting.operations import tasks as operation_tasks
from mpanel.hosting.servers import tasks as server_tasks
from mpanel.notifications import tasks as notification_tasks

__all__ = [
    "auth_tasks",
    "billing_tasks",
    "domain_tasks",
    "notification_tasks",
    "operation_tasks",
    "server_tasks",
    "stripe_tasks",
]
