"""Retention of form submissions: a daily beat task in the public schema sends one
tenant-scoped task per active tenant (each deletes that tenant's expired submissions)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from tenants.celery_tenancy import TenantScopedTask, send_for_tenant


@shared_task(ignore_result=True)
def submission_retention_dispatch() -> int:
    """Fan out ``submission_retention_run`` to every active tenant; returns how many."""
    from tenants.selectors import tenant_list_public

    sent = 0
    for tenant in tenant_list_public():
        send_for_tenant(submission_retention_run, tenant)
        sent += 1
    return sent


@shared_task(base=TenantScopedTask, bind=True, acks_late=True)
def submission_retention_run(self) -> int:
    """Delete the tenant's submissions older than ``FORM_SUBMISSION_RETENTION_MONTHS``
    (idempotent: a second run finds nothing left to delete)."""
    from cms.privacy.services import submission_retention_enforce

    return submission_retention_enforce(months=settings.FORM_SUBMISSION_RETENTION_MONTHS)
