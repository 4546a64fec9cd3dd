"""Celery tasks of the foundation (tenant-scoped: see ``tenants.celery_tenancy``)."""

from __future__ import annotations

from celery import shared_task

from tenants.celery_tenancy import TenantScopedTask
from tenants.invitations import admin_invitation_send


@shared_task(base=TenantScopedTask, bind=True, max_retries=5, default_retry_delay=30)
def send_admin_invitation(self, user_id: int) -> str:
    """E-mail a tenant's new administrator a one-time link to set their password."""
    try:
        return admin_invitation_send(user_id=user_id)
    except OSError as exc:  # SMTP down: try again later
        raise self.retry(exc=exc) from exc
