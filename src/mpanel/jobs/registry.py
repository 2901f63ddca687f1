"""Imports every tasks module so the worker knows every task."""

from mpanel.auth import tasks as auth_tasks
from mpanel.billing.subscriptions import tasks as billing_tasks
from mpanel.domains import tasks as domain_tasks
from mpanel.notifications import tasks as notification_tasks

__all__ = ["auth_tasks", "billing_tasks", "domain_tasks", "notification_tasks"]
