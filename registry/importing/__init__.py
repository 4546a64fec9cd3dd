"""Import of organisations from CSV and XLSX files, in four layers (each imports only the ones
before it):

- ``reading``: encodings, CSV dialect sniffing, XLSX streaming; cells, no meaning;
- ``mapping``: header recognition and value parsing into service-ready fields;
- ``writing``: a batch of parsed rows written with lookups, COPY, bulk UPDATE and history;
- ``report``: the counts and the rejected rows; ``job``: the whole file in one transaction,
  and the Celery-run, restartable ``ImportJob`` (heartbeat, attempts, stale-job sweep).

The names other code uses are re-exported here.
"""

from __future__ import annotations

from registry.importing.job import (
    DEFAULT_SOURCE,
    DEFAULT_SYSTEM,
    JobProgress,
    import_job_create,
    import_job_lock_key,
    import_job_run,
    import_jobs_stale,
    import_organisations,
    import_organisations_from_path,
)
from registry.importing.mapping import HEADER_ALIASES, TARGETS, header_key, resolve_mapping
from registry.importing.reading import ImportFileError, detect_encoding, read_table
from registry.importing.report import ImportResult, RejectedRow, rejected_report_csv
from registry.importing.writing import BATCH_SIZE, PROGRESS_EVERY

__all__ = [
    "BATCH_SIZE",
    "DEFAULT_SOURCE",
    "DEFAULT_SYSTEM",
    "HEADER_ALIASES",
    "PROGRESS_EVERY",
    "TARGETS",
    "ImportFileError",
    "ImportResult",
    "JobProgress",
    "RejectedRow",
    "detect_encoding",
    "header_key",
    "import_job_create",
    "import_job_lock_key",
    "import_job_run",
    "import_jobs_stale",
    "import_organisations",
    "import_organisations_from_path",
    "read_table",
    "rejected_report_csv",
    "resolve_mapping",
]
