"""PostgreSQL stopped and started again while pages are requested and a registry import runs.

Real components: an embedded PostgreSQL of the test's own (the pgserver wheel, in a temporary
data folder, holding a copy of the test database made with pg_dump/pg_restore), stopped and
started with ``pg_ctl``; gunicorn (persistent connections, CONN_MAX_AGE=300, with
CONN_HEALTH_CHECKS) and a Celery worker as subprocesses. The shared test server is never
touched, so the rest of the suite is unaffected.

- Errors are bounded: every failed request overlapped the outage.
- Recovery without restarting the app: every request started after PostgreSQL is back is
  answered, by the same gunicorn process (its dead persistent connections are replaced).
- The import, sent through its public entry point (``import_job_create`` → the
  ``run_import_job`` task), ends with the right counts once the database is back.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import psycopg
import pytest

from .conftest import (
    HOST_A,
    ROOT,
    AppProcess,
    app_env,
    conninfo,
    http_get,
    start_gunicorn,
    start_worker,
    wait_until,
    wait_worker_ready,
)

pytestmark = [pytest.mark.django_db, pytest.mark.worker]

ROWS = 20_000  # a few seconds of import: long enough to be cut by the restart
OUTAGE_SECONDS = 2.0
DB_NAME = "faults"


@dataclass
class OwnPostgres:
    data: Path
    socket_dir: str
    log: Path

    @property
    def user(self) -> str | None:
        # pgserver runs the server as the "pgserver" system user when started by root.
        return "pgserver" if os.geteuid() == 0 else None

    def params(self) -> dict[str, Any]:
        return {"host": self.socket_dir, "dbname": DB_NAME, "user": "postgres", "autocommit": True}

    def database_url(self) -> str:
        return f"postgres://postgres@/{DB_NAME}?host={self.socket_dir}"

    def pg_ctl(self, *args: str) -> None:
        from pgserver._commands import pg_ctl

        pg_ctl(["-w", *args], pgdata=self.data, user=self.user, timeout=60)

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "stop")

    def start(self) -> None:
        # The same options pgserver starts it with: no TCP, the socket in socket_dir.
        self.pg_ctl("-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.log), "start")


def _client(name: str) -> str:
    from pgserver._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


@pytest.fixture(scope="module")
def own_postgres(test_database: dict[str, Any], tmp_path_factory) -> Iterator[OwnPostgres]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        workdir = tmp_path_factory.mktemp("own-pg")
        server = pgserver.get_server(str(workdir / "data"), cleanup_mode=None)
    socket_dir = parse_qs(urlparse(server.get_uri()).query)["host"][0]
    own = OwnPostgres(
        data=workdir / "data", socket_dir=socket_dir, log=workdir / "data" / "restart.log"
    )
    server.psql(f'CREATE DATABASE "{DB_NAME}";')
    # A copy of the test database (its committed tenants) in the test's own server.
    source = conninfo(test_database)
    source_dsn = " ".join(f"{k}={v}" for k, v in source.items() if k != "autocommit")
    dump = subprocess.run(  # noqa: S603 (pgserver's own client, fixed arguments)
        [_client("pg_dump"), "--format=plain", "--no-owner", "-d", source_dsn],
        check=True,
        capture_output=True,
        timeout=300,
    ).stdout
    # Some server builds add column options of their own (seen: "pg_attver"), which a stock
    # PostgreSQL refuses; they carry no data.
    script = re.sub(
        rb"(?m)^ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET \(pg_attver=\d+\);$", b"", dump
    )
    restored = subprocess.run(  # noqa: S603
        [
            _client("psql"),
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            f"host={socket_dir} dbname={DB_NAME} user=postgres",
        ],
        input=script,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert restored.returncode == 0, restored.stderr.decode(errors="replace")[-2000:]
    yield own
    with contextlib.suppress(subprocess.CalledProcessError):
        own.stop()


def _write_csv(path: Path) -> None:
    from registry.generators import generate_organisations
    from registry.models import LegalForm

    labels = dict(LegalForm.choices)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            ["Nazwa", "Forma prawna", "KRS", "NIP", "REGON", "Miejscowość", "Kod pocztowy"]
        )
        for row in generate_organisations(ROWS, seed=11):
            writer.writerow(
                [
                    row["name"],
                    labels[row["legal_form"]],
                    row["krs"],
                    row["nip"],
                    row["regon"],
                    row["city"],
                    row["postal_code"],
                ]
            )


CREATE_JOB = """
import sys
from django.db import transaction
from django_tenants.utils import tenant_context
from registry.tasks import import_job_submit
from tenants.models import Tenant

with tenant_context(Tenant.objects.get(slug="czestochowa")), open(sys.argv[1], "rb") as upload:
    with transaction.atomic():
        job = import_job_submit(upload=upload, filename="organizacje.csv")
print(job.pk)
"""


def _create_import_job(env: dict[str, str], csv_path: Path) -> int:
    result = subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", f"import django; django.setup()\n{CREATE_JOB}", str(csv_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


@dataclass
class Outcome:
    started: float
    ended: float
    status: int | None  # None: no HTTP answer at all
    error: str = ""


class Requests:
    """Two clients requesting pages without pause until stopped."""

    PATHS = ("/", "/kontakt/")

    def __init__(self, port: int) -> None:
        self.port = port
        self.outcomes: list[Outcome] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,)) for i in range(2)]

    def _run(self, index: int) -> None:
        n = 0
        while not self._stop.is_set():
            path = self.PATHS[(n + index) % len(self.PATHS)]
            n += 1
            started = time.monotonic()
            try:
                status, _ = http_get(self.port, HOST_A, path, timeout=15)
                self.outcomes.append(Outcome(started, time.monotonic(), status))
            except OSError as exc:
                self.outcomes.append(Outcome(started, time.monotonic(), None, repr(exc)))
            time.sleep(0.02)

    def __enter__(self) -> Requests:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=30)


def _job(own: OwnPostgres, job_id: int) -> dict[str, Any] | None:
    try:
        with psycopg.connect(**own.params(), connect_timeout=2) as conn:
            row = conn.execute(
                "SELECT status, processed_rows, created_count, rejected_count, error "
                "FROM t_czestochowa.registry_importjob WHERE id = %s",
                [job_id],
            ).fetchone()
    except psycopg.OperationalError:
        return None
    if row is None:
        return None
    return dict(zip(("status", "processed", "created", "rejected", "error"), row, strict=True))


def _organisations(own: OwnPostgres) -> int:
    with psycopg.connect(**own.params()) as conn:
        row = conn.execute("SELECT count(*) FROM t_czestochowa.registry_organisation").fetchone()
        assert row is not None
        return int(row[0])


def test_postgres_restart_bounded_errors_recovery_and_import(
    own_postgres: OwnPostgres, tmp_path: Path
) -> None:
    env = app_env(
        database_url=own_postgres.database_url(),
        workdir=tmp_path,
        PAGE_CACHE_SECONDS="0",  # every page reads the database
    )
    csv_path = tmp_path / "organizacje.csv"
    _write_csv(csv_path)
    organisations_before = _organisations(own_postgres)
    server, port = start_gunicorn(env, tmp_path)
    worker: AppProcess = start_worker(env, tmp_path)
    try:
        wait_worker_ready(worker)
        gunicorn_pid = server.process.pid
        with Requests(port) as load:
            time.sleep(1.0)
            job_id = _create_import_job(env, csv_path)
            # The import is under way: its first progress report is committed.
            wait_until(
                lambda: (_job(own_postgres, job_id) or {}).get("processed"),
                timeout=60,
                what="the import to report progress",
                every=0.05,
            )
            progress_at_stop = _job(own_postgres, job_id)
            down_at = time.monotonic()
            own_postgres.stop()
            time.sleep(OUTAGE_SECONDS)
            own_postgres.start()
            up_at = time.monotonic()
            time.sleep(3.0)
        outcomes = list(load.outcomes)
        assert server.alive()
        assert server.process.pid == gunicorn_pid
        after_restart = [http_get(port, HOST_A, p)[0] for p in Requests.PATHS]
        # A retried or resumed job finishes within this time; one that does not stays put.
        deadline = time.monotonic() + 20
        job = _job(own_postgres, job_id)
        while job and job["status"] != "finished" and time.monotonic() < deadline:
            time.sleep(0.5)
            job = _job(own_postgres, job_id)
    finally:
        server.stop()
        worker.stop()

    assert progress_at_stop is not None
    assert progress_at_stop["status"] == "running"
    assert 0 < progress_at_stop["processed"] < ROWS  # the restart cut the import
    failures = [o for o in outcomes if o.status != 200]
    grace = 0.5
    overlapping = [o for o in outcomes if o.started <= up_at + grace and o.ended >= down_at - grace]
    print(
        f"\nPostgreSQL down {up_at - down_at:.1f} s: {len(outcomes)} requests, "
        f"{len(overlapping)} overlapping the outage, {len(failures)} failed"
    )
    # Bounded: only requests that overlapped the outage failed...
    assert all(o in overlapping for o in failures), [
        (round(o.started - down_at, 2), o.status, o.error) for o in failures
    ]
    # ...and recovery needed no restart: everything asked after PostgreSQL came back succeeded.
    late = [o for o in outcomes if o.started > up_at]
    assert late
    assert [o.status for o in late] == [200] * len(late), server.log()
    assert after_restart == [200, 200]

    assert job is not None
    assert job["status"] == "finished", job  # retried after the restart, from the start
    assert job["created"] == ROWS
    assert job["rejected"] == 0
    assert _organisations(own_postgres) == organisations_before + ROWS
