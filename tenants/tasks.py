"""Tenant-aware Celery tasks.

Every task that touches tenant data derives from ``TenantScopedTask``: it runs in the schema of
the tenant it was sent from (tenant-schemas-celery carries the schema in a header) and refuses
to run in the public schema, so a task sent without a tenant fails closed instead of reading or
writing the platform's tables.
"""

from __future__ import annotations

import logging

from django.db import connection
from django_tenants.utils import get_public_schema_name, tenant_context
from tenant_schemas_celery.task import TenantTask

from config.celery import app

log = logging.getLogger(__name__)


class TenantRequired(RuntimeError):
    """A tenant-scoped task was sent without a tenant."""


class TenantScopedTask(TenantTask):
    abstract = True

    def __call__(self, *args, **kwargs):
        if connection.schema_name == get_public_schema_name():
            raise TenantRequired(f"Zadanie {self.name} wymaga wskazania najemcy (tenanta).")
        return super().__call__(*args, **kwargs)


def send_for_tenant(task, tenant, *args, **kwargs):
    """Send ``task`` to run in ``tenant``'s schema, whatever schema the caller is in."""
    with tenant_context(tenant):
        return task.delay(*args, **kwargs)


@app.task(base=TenantScopedTask, bind=True, max_retries=5, default_retry_delay=30)
def send_admin_invitation(self, user_id: int) -> str:
    """E-mail a tenant's new administrator a one-time link to set their password."""
    from tenants.services import admin_invitation_send

    try:
        return admin_invitation_send(user_id=user_id)
    except OSError as exc:  # SMTP down: try again later
        raise self.retry(exc=exc) from exc
