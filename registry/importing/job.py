"""The import as a whole: one file in one transaction, and import jobs run by Celery.

``import_organisations`` streams a CSV/XLSX file twice (once to count the rows, once to import
them in batches of ``BATCH_SIZE``), never holding it in memory, inside one transaction: either
the whole file is imported or nothing is. Every row that is not taken is reported with its row
number and a Polish reason, so ``created + updated + unchanged + rejected == total`` (blank
lines are not rows and are only counted).

An ``ImportJob`` is run by ``registry.tasks.run_import_job`` (sent for its tenant). A job whose
worker dies is not stuck: the rows it wrote die with its transaction, and the job is restarted
from the start, idempotently, when the task is redelivered (``acks_late`` +
``reject_on_worker_lost``) or when the sweep finds its heartbeat stale. While an attempt runs its
connection holds a transaction-level advisory lock on the job, so a second delivery never runs
beside a live one, and a lock that is free again proves the attempt is dead (PostgreSQL releases
it with the dead worker's connection). The job's final counts are written in the same
transaction as its rows, so a job is FINISHED exactly when its rows are there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    connection,
    connections,
    transaction,
)
from django.db.models import Q
from django.utils import timezone

from registry.importing.mapping import resolve_mapping
from registry.importing.reading import ImportFileError, cell_text, read_table, row_is_blank
from registry.importing.report import ImportResult
from registry.importing.writing import BATCH_SIZE, PROGRESS_EVERY, BatchWriter
from registry.models import ImportJob, ImportStatus, OrganisationStatus

DEFAULT_SYSTEM = "import"
DEFAULT_SOURCE = "import"
_LOCK_NAMESPACE = "registry.import_job"

logger = logging.getLogger(__name__)


def import_organisations(
    stream: IO[bytes],
    *,
    filename: str,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    system: str = DEFAULT_SYSTEM,
    status: str = OrganisationStatus.PUBLISHED,
    user: Any = None,
    source: str = DEFAULT_SOURCE,
    progress: Callable[[int, int], None] | None = None,
    progress_every: int = PROGRESS_EVERY,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Import a CSV/XLSX stream into the current tenant's register (see the module docstrings).

    The file is streamed twice (once to count rows, once to import them) and never held in
    memory. ``progress(processed_rows, total_rows)`` is called once at least every
    ``progress_every`` rows have been processed (rounded up to whole batches) and at the end.
    ``source`` is stored on every history entry (e.g. "import #12" names the ImportJob). A
    dry run does the same work inside a transaction that is rolled back, so its counts are exact.
    """
    result = ImportResult(dry_run=dry_run)
    table = read_table(stream, filename=filename)
    header: list[Any] | None = None
    total = 0
    try:
        for _number, cells in table:
            if header is None:
                if not row_is_blank(cells):
                    header = [cell_text(c) for c in cells]
                continue
            if not row_is_blank(cells):
                total += 1
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"Nie można odczytać pliku: {exc}") from exc
    if header is None:
        raise ImportFileError("Plik jest pusty: brak wiersza nagłówka.")
    column_map, ignored = resolve_mapping(header, mapping)
    result.ignored_columns = ignored
    result.mapping = {header[i] or f"kolumna {i + 1}": t for i, t in column_map.items()}
    result.total = total

    stream.seek(0)
    importer = BatchWriter(
        mapping=column_map,
        system=system,
        status=status,
        user=user,
        source=source[:60],
        result=result,
        progress=(lambda done: progress(done, total)) if progress else None,
        progress_every=progress_every,
    )
    with transaction.atomic():
        batch: list[tuple[int, list[Any]]] = []
        seen_header = False
        for number, cells in read_table(stream, filename=filename):
            if row_is_blank(cells):
                if seen_header:
                    result.blank_lines += 1
                continue
            if not seen_header:
                seen_header = True
                continue
            batch.append((number, cells))
            if len(batch) >= batch_size:
                importer.process_batch(batch)
                batch = []
        if batch:
            importer.process_batch(batch)
        importer.report_progress()
        if dry_run:
            transaction.set_rollback(True)
    result.rejected.sort(key=lambda r: r.row)
    return result


def import_organisations_from_path(path: str | Path, **kwargs: Any) -> ImportResult:
    path = Path(path)
    with path.open("rb") as stream:
        return import_organisations(stream, filename=path.name, **kwargs)


# --- import jobs (admin and Celery) ------------------------------------------------------


def import_job_create(
    *,
    upload: IO[bytes],
    filename: str,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    user: Any = None,
) -> ImportJob:
    """Store the uploaded file as a pending job (``registry.tasks.import_job_submit`` also
    queues it for the current tenant)."""
    job = ImportJob(
        original_name=Path(filename).name[:255],
        mapping=dict(mapping or {}),
        dry_run=dry_run,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    job.file.save(Path(filename).name, File(upload), save=False)
    job.save()
    return job


class JobProgress:
    """Writes an ImportJob's claim, progress and heartbeat while its import is still running.

    The import runs in one transaction, so anything written on the same connection would only
    become visible at the end. When the job's row is committed (the task runs outside any
    transaction) these writes go through a separate autocommit connection to the same schema;
    inside an outer transaction they fall back to the import's own connection.
    """

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.schema: str = connection.schema_name  # type: ignore[attr-defined]
        self.separate = not connection.in_atomic_block
        self.side: Any = None

    def _update(self, assignments: str, params: list[Any]) -> None:
        table = connection.ops.quote_name(ImportJob._meta.db_table)
        # Only constant SQL fragments are formatted in; every value is a parameter.
        sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608
        if not self.separate:
            with connection.cursor() as cursor:
                cursor.execute(sql, [*params, self.job_id])
            return
        if self.side is None:
            self.side = connections.create_connection(connection.alias)
            self.side.set_schema(self.schema)
            with self.side.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
        with self.side.cursor() as cursor:
            cursor.execute(sql, [*params, self.job_id])

    def claim(self, *, attempt: int, now: datetime) -> None:
        """Mark the job RUNNING for this attempt, visible at once."""
        self._update(
            "status = %s, attempts = %s, started_at = %s, heartbeat_at = %s, "
            "processed_rows = 0, error = ''",
            [ImportStatus.RUNNING.value, attempt, now, now],
        )

    def __call__(self, done: int, total: int) -> None:
        try:
            self._update(
                "processed_rows = %s, total_rows = %s, heartbeat_at = %s",
                [done, total, timezone.now()],
            )
        except DatabaseError:  # progress is informative: never fail the import over it
            logger.warning("Import job %s: progress not saved", self.job_id, exc_info=True)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def import_job_lock_key(job_id: int) -> tuple[str, int]:
    """The job's advisory lock, ``(hashtext(<name>), <job id>)``: per tenant schema, since
    every schema numbers its jobs from 1."""
    return f"{_LOCK_NAMESPACE}:{connection.schema_name}", job_id  # type: ignore[attr-defined]


def _job_lock_try(job_id: int) -> bool:
    """Take the job's advisory lock until the current transaction ends; False if held."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(hashtext(%s), %s::int)",
            list(import_job_lock_key(job_id)),
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def _out_of_attempts_message(attempts: int) -> str:
    return (
        f"Import przerwano {attempts} razy (np. awaria lub restart serwera) i nie będzie "
        "wznawiany automatycznie; nic nie zapisano. Sprawdź plik i zleć import ponownie."
    )


def import_job_run(
    *, job_id: int, batch_size: int = BATCH_SIZE, progress_every: int = PROGRESS_EVERY
) -> ImportJob:
    """Run (or, after an interruption, restart) a queued import; idempotent.

    A job already FINISHED or FAILED is returned as it is; a job another live attempt holds is
    left to it. Otherwise the attempt is counted, the heartbeat starts and the whole file is
    imported in one transaction that also writes the job's final counts. Every history entry
    of the import names the job ("import #<id>") as its source.
    """
    progress = JobProgress(job_id)
    try:
        with transaction.atomic():
            if not _job_lock_try(job_id):
                logger.info("Import job %s: another attempt is running", job_id)
                return ImportJob.objects.get(pk=job_id)
            job = ImportJob.objects.get(pk=job_id)
            if job.status in (ImportStatus.FINISHED, ImportStatus.FAILED):
                return job  # a redelivered task does not import twice
            if job.attempts >= ImportJob.MAX_ATTEMPTS:
                _job_fail(job, _out_of_attempts_message(job.attempts))
                return job
            if job.status == ImportStatus.RUNNING:
                logger.warning(
                    "Import job %s: attempt %s was interrupted, restarting", job_id, job.attempts
                )
            now = timezone.now()
            job.attempts += 1
            job.status = ImportStatus.RUNNING
            job.started_at = job.heartbeat_at = now
            progress.claim(attempt=job.attempts, now=now)
            try:
                # (a savepoint: a refused file leaves nothing behind)
                with transaction.atomic(), job.file.open("rb") as stream:
                    result = import_organisations(
                        stream,
                        filename=job.original_name or job.file.name or "",
                        mapping=job.mapping or None,
                        dry_run=job.dry_run,
                        user=job.created_by,
                        source=f"import #{job.pk}",
                        progress=progress,
                        progress_every=progress_every,
                        batch_size=batch_size,
                    )
            except ImportFileError as exc:
                _job_fail(job, str(exc))
                return job
            _job_finish(job, result)
            return job
    except (OperationalError, InterfaceError):
        # The database went away: the job stays RUNNING, its heartbeat goes stale and the
        # sweep (or the redelivered task) restarts it.
        logger.exception("Import job %s: database error, left for a restart", job_id)
        raise
    except Exception:
        logger.exception("Import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            error="Import przerwał nieoczekiwany błąd; nic nie zapisano. Spróbuj ponownie, "
            "a jeśli błąd się powtórzy, zgłoś go administratorowi.",
            finished_at=timezone.now(),
        )
        raise
    finally:
        progress.close()


def _job_fail(job: ImportJob, message: str) -> None:
    job.status = ImportStatus.FAILED
    job.error = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at", "attempts", "started_at"])


def _job_finish(job: ImportJob, result: ImportResult) -> None:
    job.status = ImportStatus.FINISHED
    job.error = ""
    job.total_rows = result.total
    job.processed_rows = result.total
    job.created_count = result.created
    job.updated_count = result.updated
    job.unchanged_count = result.unchanged
    job.rejected_count = result.rejected_count
    job.rejected_rows = [r.as_dict() for r in result.rejected]
    job.preview = {
        "mapping": result.mapping,
        "ignored_columns": result.ignored_columns,
        "blank_lines": result.blank_lines,
        "rows": result.preview,
    }
    job.finished_at = job.heartbeat_at = timezone.now()
    job.save()


def import_jobs_stale(*, now: datetime | None = None) -> list[int]:
    """RUNNING jobs of the current tenant whose attempt died: the ids to queue again.

    A job is stale when its heartbeat is older than ``ImportJob.STALE_AFTER`` and no live
    attempt holds its lock. A stale job out of attempts is marked FAILED instead.
    """
    cutoff = (now or timezone.now()) - ImportJob.STALE_AFTER
    candidates = ImportJob.objects.filter(status=ImportStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)
    )
    stale: list[int] = []
    for job in candidates.order_by("pk"):
        with transaction.atomic():
            if not _job_lock_try(job.pk):
                continue  # slow but alive
            if job.attempts >= ImportJob.MAX_ATTEMPTS:
                _job_fail(job, _out_of_attempts_message(job.attempts))
                continue
        stale.append(job.pk)
    return stale
