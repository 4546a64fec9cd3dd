"""Tenant-aware Celery, in one place and with no domain imports.

Every task that touches tenant data derives from ``TenantScopedTask``: it runs in the schema of
the tenant it was sent for (tenant-schemas-celery carries the schema in a header) and refuses
to run in the public schema, so a task sent without a tenant fails closed instead of reading or
writing the platform's tables. Send such tasks with ``send_for_tenant`` (or
``send_for_tenant_on_commit``), which names the tenant whatever schema the caller is in::

    @shared_task(base=TenantScopedTask, bind=True, acks_late=True)
    def thing_run(self, thing_id: int) -> None: ...

    send_for_tenant_on_commit(thing_run, tenant, thing.pk)
"""

from __future__ import annotations

from typing import Any

from celery import Task
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, tenant_context
from tenant_schemas_celery.task import TenantTask


class TenantRequired(RuntimeError):
    """A tenant-scoped task was sent without a tenant."""


class TenantScopedTask(TenantTask):
    abstract = True

    def __call__(self, *args, **kwargs):
        if connection.schema_name == get_public_schema_name():  # type: ignore[attr-defined]
            raise TenantRequired(f"Zadanie {self.name} wymaga wskazania najemcy (tenanta).")
        return super().__call__(*args, **kwargs)


def send_for_tenant(task: Task, tenant: Any, *args: Any, **kwargs: Any):
    """Send ``task`` to run in ``tenant``'s schema, whatever schema the caller is in."""
    with tenant_context(tenant):
        return task.delay(*args, **kwargs)


def send_for_tenant_on_commit(task: Task, tenant: Any, *args: Any, **kwargs: Any) -> None:
    """``send_for_tenant`` once the current transaction commits (at once outside one).

    ``on_commit`` callbacks run after the outermost block, possibly back in another schema:
    the tenant is captured here, not read from the connection then."""
    transaction.on_commit(lambda: send_for_tenant(task, tenant, *args, **kwargs))
