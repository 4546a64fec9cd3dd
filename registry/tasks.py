"""Thin Celery tasks of the register: take ids, call a service, run in the sender's tenant.

The import job is sent for the tenant whose job it is (``send_for_tenant``); if its worker
dies the message is redelivered (``acks_late`` + ``reject_on_worker_lost``) and the job
restarts idempotently, and a periodic sweep queues again every RUNNING job whose heartbeat is
stale (see ``registry.importing.job``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from celery import shared_task
from django.db import InterfaceError, OperationalError, connection

from registry.importing.job import import_job_create, import_job_run, import_jobs_stale
from registry.models import ImportJob
from tenants.celery_tenancy import TenantScopedTask, send_for_tenant, send_for_tenant_on_commit


@shared_task(
    base=TenantScopedTask,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    # The database went away mid-file (a restart, a failover): the attempt's transaction rolled
    # back and its lock went with the connection, so the job restarts cleanly in a few seconds
    # rather than waiting for the stale-job sweep.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=6,
)
def run_import_job(self: Any, job_id: int) -> dict[str, int | str]:
    job = import_job_run(job_id=job_id)
    return {
        "status": job.status,
        "created": job.created_count,
        "updated": job.updated_count,
        "unchanged": job.unchanged_count,
        "rejected": job.rejected_count,
    }


def import_job_submit(
    *,
    upload: IO[bytes],
    filename: str,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    user: Any = None,
) -> ImportJob:
    """Store the uploaded file as a job of the current tenant and queue it after commit."""
    job = import_job_create(
        upload=upload, filename=filename, mapping=mapping, dry_run=dry_run, user=user
    )
    tenant = connection.tenant  # type: ignore[attr-defined]
    send_for_tenant_on_commit(run_import_job, tenant, job.pk)
    return job


@shared_task(ignore_result=True)
def import_jobs_sweep_dispatch() -> int:
    """Periodic, in the public schema: one sweep per active tenant; returns how many."""
    from tenants.selectors import tenant_list_public

    sent = 0
    for tenant in tenant_list_public():
        send_for_tenant(import_jobs_sweep_run, tenant)
        sent += 1
    return sent


@shared_task(base=TenantScopedTask, bind=True, acks_late=True)
def import_jobs_sweep_run(self: Any) -> list[int]:
    """Queue again, for this tenant, every import job whose attempt died (stale heartbeat)."""
    stale = import_jobs_stale()
    tenant = connection.tenant  # type: ignore[attr-defined]
    for job_id in stale:
        send_for_tenant(run_import_job, tenant, job_id)
    return stale
