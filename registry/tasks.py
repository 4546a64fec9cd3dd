"""Thin Celery tasks of the register: take ids, call a service, run in the sender's tenant."""

from __future__ import annotations

from celery import shared_task

from tenants.celery_tenancy import TenantScopedTask


@shared_task(base=TenantScopedTask, bind=True, acks_late=True)
def run_import_job(self, job_id: int) -> dict[str, int | str]:
    from registry.importers import import_job_run

    job = import_job_run(job_id=job_id)
    return {
        "status": job.status,
        "created": job.created_count,
        "updated": job.updated_count,
        "unchanged": job.unchanged_count,
        "rejected": job.rejected_count,
    }
