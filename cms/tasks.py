"""Scheduled publishing: Wagtail publishes a page at its "go live" time and unpublishes it at
its expiry only when ``publish_scheduled`` runs. A beat task in the public schema sends one
tenant-scoped run per active tenant every few minutes (``CELERY_BEAT_SCHEDULE``); until a run,
:func:`cms.visibility.reachable_pages` already hides an expired page."""

from __future__ import annotations

from celery import shared_task

from tenants.celery_tenancy import TenantScopedTask, send_for_tenant


@shared_task(ignore_result=True)
def scheduled_publishing_dispatch() -> int:
    """Fan out ``scheduled_publishing_run`` to every active tenant; returns how many."""
    from tenants.selectors import tenant_list_public

    sent = 0
    for tenant in tenant_list_public():
        send_for_tenant(scheduled_publishing_run, tenant)
        sent += 1
    return sent


@shared_task(base=TenantScopedTask, bind=True, acks_late=True)
def scheduled_publishing_run(self) -> int:
    """Publish and unpublish what is due in the tenant (idempotent)."""
    from cms.services import scheduled_publishing_apply

    return scheduled_publishing_apply()
