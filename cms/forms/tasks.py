"""Thin Celery tasks of public forms; they run in the schema of the tenant that sent them."""

from __future__ import annotations

from celery import shared_task

from cms.forms.notifications import submission_notify_editors
from tenants.celery_tenancy import TenantScopedTask


@shared_task(base=TenantScopedTask, bind=True, max_retries=5, default_retry_delay=60)
def notify_editors_of_submission(self, submission_id: int) -> list[str]:
    """E-mail the editors about a new submission (idempotent: sent once)."""
    try:
        return submission_notify_editors(submission_id=submission_id)
    except OSError as exc:  # SMTP down: try again later
        raise self.retry(exc=exc) from exc
