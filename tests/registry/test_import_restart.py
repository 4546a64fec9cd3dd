"""Import jobs that survive their worker: killed half-way, restarted, swept, sent for a tenant.

The kill test runs in a fresh Django process on committed data (no test transaction: the worker
must see the job and the test must see what the worker left): it forks a worker that runs the
job, SIGKILLs it after a number of batches, restarts the job the way a redelivered task does and
checks the exact final counts, then empties tenant A's register again.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import traceback
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from celery.app.base import Celery
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.db.models import Count
from django.utils import timezone
from django_tenants.utils import tenant_context
from openpyxl import Workbook

from registry.generators import generate_organisations
from registry.importing import (
    import_job_create,
    import_job_lock_key,
    import_job_run,
    import_jobs_stale,
    import_organisations,
    writing,
)
from registry.models import (
    ImportJob,
    ImportStatus,
    LegalForm,
    Organisation,
    OrganisationChange,
)
from registry.tasks import (
    import_job_submit,
    import_jobs_sweep_dispatch,
    import_jobs_sweep_run,
    run_import_job,
)
from tenants.models import Tenant
from tenants.selectors import tenant_list_public
from tests.conftest import logged_in

HEADER = ["Nazwa", "Forma prawna", "KRS", "NIP", "REGON", "Status OPP", "Miejscowość", "TERYT"]
BAD_NIP = "8567346216"  # wrong check digit
ROOT = Path(__file__).resolve().parents[2]


def _rows(n: int, *, start: int = 0) -> list[list[str]]:
    labels = dict(LegalForm.choices)
    return [
        [
            row["name"],
            labels[row["legal_form"]],
            row["krs"],
            row["nip"],
            row["regon"],
            "tak" if row["is_opp"] else "nie",
            row["city"],
            row["teryt"],
        ]
        for row in generate_organisations(n, start=start, seed=2026 + start)
    ]


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _job(content: bytes, filename: str = "baza.csv", **fields: Any) -> ImportJob:
    job = import_job_create(upload=io.BytesIO(content), filename=filename)
    if fields:
        ImportJob.objects.filter(pk=job.pk).update(**fields)
        job.refresh_from_db()
    return job


def _empty_registry() -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (OrganisationChange, Organisation.areas.through, Organisation, ImportJob):
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)}")


def _child_import_until_killed(tenant: Tenant, job_id: int, batches: int, pipe: Any) -> None:
    """In the forked child: run the job, report the backend pids after ``batches`` batches
    and wait there, mid-transaction, for the SIGKILL."""
    try:
        done = 0
        original = writing.BatchWriter.process_batch

        def process_batch(self: writing.BatchWriter, batch: list[tuple[int, list[Any]]]) -> None:
            nonlocal done
            original(self, batch)
            done += 1
            if done == batches:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    (pid,) = cursor.fetchone()
                pipe.send(("killed-here", pid))
                time.sleep(120)

        writing.BatchWriter.process_batch = process_batch  # type: ignore[method-assign]
        connection.set_tenant(tenant)
        import_job_run(job_id=job_id, batch_size=10, progress_every=10)
        pipe.send(("finished", None))
    except BaseException:
        pipe.send(("error", traceback.format_exc()))


def _wait_backend_gone(pid: int) -> None:
    """PostgreSQL notices the dead client, rolls back and ends the backend (lock released)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"backend {pid} of the killed worker is still alive")


@pytest.mark.django_db
def test_job_killed_half_way_restarts_and_ends_with_exact_counts(tenant_a):
    """The scenario runs in a fresh Django process on committed data (like a worker host),
    outside this test's transaction; see ``kill_scenario``."""
    from tests.faults.conftest import database_url

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        # The test database, on whichever server the suite runs (embedded or DATABASE_URL).
        "DATABASE_URL": database_url(connection.settings_dict),
        "EMBEDDED_DB_NAME": connection.settings_dict["NAME"],
    }
    code = (
        "import django; django.setup(); "
        "from tests.registry.test_import_restart import kill_scenario; kill_scenario()"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert result.stdout.strip().endswith("kill-scenario-ok"), result.stdout[-2000:]


def kill_scenario() -> None:
    """Tenant A with autocommit: the forked worker sees the job, this process sees what the
    killed worker left. Tenant A's register must be empty before and is emptied after."""
    tenant = Tenant.objects.get(slug="czestochowa")
    with tenant_context(tenant):
        assert not Organisation.all_objects.exists()
        assert not ImportJob.objects.exists()
    try:
        _kill_scenario(tenant)
    finally:
        with tenant_context(tenant):
            _empty_registry()
    print("kill-scenario-ok")


def _kill_scenario(tenant: Tenant) -> None:
    rows = _rows(93)
    with tenant_context(tenant):
        # 13 organisations exist already (imported earlier, committed)
        before = import_organisations(io.BytesIO(_csv(rows[:13])), filename="stare.csv")
        assert before.created == 13
        history_before = OrganisationChange.objects.count()
        # the file: 10 of them changed, 3 the same, 80 new, a bad NIP and a duplicate
        changed = [[f"{r[0]} – oddział", *r[1:]] for r in rows[:10]]
        bad = ["Fundacja Zły NIP", "fundacja", "", BAD_NIP, "", "nie", "Kłobuck", ""]
        content = _csv([*changed, *rows[10:60], bad, *rows[60:], rows[20]])
        job = _job(content)
    assert job.status == ImportStatus.PENDING

    connection.close()  # the child must not share the parent's socket (it opens its own)
    ctx = multiprocessing.get_context("fork")
    parent_end, child_end = ctx.Pipe()
    child = ctx.Process(target=_child_import_until_killed, args=(tenant, job.pk, 5, child_end))
    child.start()
    try:
        assert parent_end.poll(120), "the child never reached the kill point"
        what, pid = parent_end.recv()
        assert what == "killed-here", pid
        os.kill(child.pid, signal.SIGKILL)  # the worker dies mid-transaction
        child.join(30)
    finally:
        if child.is_alive():
            child.kill()
    assert child.exitcode == -signal.SIGKILL
    _wait_backend_gone(pid)

    with tenant_context(tenant):
        job.refresh_from_db()
        # The dead attempt left its claim, heartbeat and progress, and none of its rows.
        assert (job.status, job.attempts, job.processed_rows, job.total_rows) == (
            ImportStatus.RUNNING,
            1,
            50,
            95,
        )
        assert job.heartbeat_at is not None
        assert Organisation.objects.count() == 13
        assert OrganisationChange.objects.count() == history_before
        # Not stale yet (fresh heartbeat); once the heartbeat is old, the sweep finds it.
        assert import_jobs_stale() == []
        assert import_jobs_stale(now=timezone.now() + ImportJob.STALE_AFTER * 2) == [job.pk]

        # the redelivered task restarts the job
        outcome = run_import_job.apply(args=[job.pk]).get()
        job.refresh_from_db()
        assert outcome == {
            "status": "finished",
            "created": 80,
            "updated": 10,
            "unchanged": 3,
            "rejected": 2,
        }
        assert (job.status, job.attempts, job.restarted) == (ImportStatus.FINISHED, 2, True)
        assert (job.total_rows, job.processed_rows, job.progress_percent) == (95, 95, 100)
        assert [(r["row"], r["reason"]) for r in job.rejected_rows] == [
            (62, f"NIP „{BAD_NIP}” ma błędną cyfrę kontrolną."),
            (96, "Powtórzenie organizacji z wiersza 22 (ten sam identyfikator)."),
        ]
        # exactly every organisation once, each change recorded once
        assert Organisation.objects.count() == 93
        assert not Organisation.objects.values("krs").annotate(n=Count("id")).filter(n__gt=1)
        assert Organisation.objects.filter(name__endswith="– oddział").count() == 10
        assert OrganisationChange.objects.count() == history_before + 90
        assert OrganisationChange.objects.filter(source=f"import #{job.pk}").count() == 90

        # a third delivery of the same message changes nothing
        run_import_job.apply(args=[job.pk])
        job.refresh_from_db()
        assert (job.status, job.attempts) == (ImportStatus.FINISHED, 2)
        assert Organisation.objects.count() == 93
        assert OrganisationChange.objects.count() == history_before + 90


# --- the sweep ------------------------------------------------------------------------------


@pytest.fixture
def side_lock():
    """Hold a job's lock from another session, as a live attempt on another worker does."""
    held: list[Any] = []

    def _hold(job_id: int) -> Any:
        side = connections.create_connection("default")
        with side.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_lock(hashtext(%s), %s::int)", list(import_job_lock_key(job_id))
            )
        held.append(side)
        return side

    yield _hold
    for side in held:
        side.close()


@pytest.mark.django_db
def test_sweep_requeues_stale_running_jobs_for_their_tenant(tenant_a, tenant_b, side_lock):
    old = timezone.now() - timedelta(minutes=20)
    content = _csv(_rows(3))
    with tenant_context(tenant_a):
        stale = _job(content, status=ImportStatus.RUNNING, attempts=1, heartbeat_at=old)
        legacy = _job(content, status=ImportStatus.RUNNING, attempts=1, heartbeat_at=None)
        fresh = _job(content, status=ImportStatus.RUNNING, attempts=1, heartbeat_at=timezone.now())
        worn = _job(content, status=ImportStatus.RUNNING, attempts=3, heartbeat_at=old)
        alive = _job(content, status=ImportStatus.RUNNING, attempts=1, heartbeat_at=old)
        done = _job(content, status=ImportStatus.FINISHED, attempts=1, heartbeat_at=old)
        side_lock(alive.pk)
        assert ImportJob.objects.get(pk=stale.pk).heartbeat_stale
        assert not ImportJob.objects.get(pk=fresh.pk).heartbeat_stale

        with mock.patch("registry.tasks.send_for_tenant") as send:
            requeued = import_jobs_sweep_run.apply().get()
        assert requeued == [stale.pk, legacy.pk]
        assert [(c.args[0], c.args[1].schema_name, c.args[2]) for c in send.call_args_list] == [
            (run_import_job, tenant_a.schema_name, stale.pk),
            (run_import_job, tenant_a.schema_name, legacy.pk),
        ]
        statuses = dict(ImportJob.objects.values_list("pk", "status"))
        assert statuses == {
            stale.pk: ImportStatus.RUNNING,
            legacy.pk: ImportStatus.RUNNING,
            fresh.pk: ImportStatus.RUNNING,
            worn.pk: ImportStatus.FAILED,
            alive.pk: ImportStatus.RUNNING,
            done.pk: ImportStatus.FINISHED,
        }
        assert ImportJob.objects.get(pk=worn.pk).error.startswith("Import przerwano 3 razy")

        # the requeued job restarts and finishes; a live attempt's job is left alone
        run_import_job.apply(args=[stale.pk])
        run_import_job.apply(args=[alive.pk])
        stale.refresh_from_db()
        alive.refresh_from_db()
        assert (stale.status, stale.attempts, stale.created_count) == (ImportStatus.FINISHED, 2, 3)
        assert (alive.status, alive.attempts) == (ImportStatus.RUNNING, 1)

    # the sweep of tenant B sees none of tenant A's jobs
    with tenant_context(tenant_b), mock.patch("registry.tasks.send_for_tenant") as send:
        assert import_jobs_sweep_run.apply().get() == []
    send.assert_not_called()


@pytest.mark.django_db
def test_sweep_dispatch_sends_one_sweep_per_tenant(tenant_a, tenant_b):
    with mock.patch("registry.tasks.send_for_tenant") as send:
        sent = import_jobs_sweep_dispatch.apply().get()
    names = {c.args[1].schema_name for c in send.call_args_list}
    assert {c.args[0] for c in send.call_args_list} == {import_jobs_sweep_run}
    assert sent == len(names) == tenant_list_public().count()
    assert {tenant_a.schema_name, tenant_b.schema_name} <= names


def test_sweep_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["registry-import-sweep"]
    assert entry["task"] == "registry.tasks.import_jobs_sweep_dispatch"
    assert import_jobs_sweep_dispatch.name == entry["task"]


def test_import_task_is_acked_late_and_rejected_on_worker_loss():
    assert run_import_job.acks_late is True
    assert run_import_job.reject_on_worker_lost is True


# --- sending for the tenant -----------------------------------------------------------------


@pytest.mark.django_db
def test_submitted_job_is_sent_for_its_tenant(tenant_a, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(Celery, "send_task", autospec=True) as send_task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        with tenant_context(tenant_a):
            job = import_job_submit(upload=io.BytesIO(_csv(_rows(2))), filename="a.csv")
        assert connection.schema_name == "public"  # the callback runs after the block
    assert send_task.call_count == 1
    call = send_task.call_args
    assert call.args[1] == "registry.tasks.run_import_job"
    assert call.kwargs["args"] == (job.pk,) or call.kwargs["args"] == [job.pk]
    assert call.kwargs["headers"]["_schema_name"] == tenant_a.schema_name


@pytest.mark.django_db
def test_admin_upload_queues_the_job_for_the_tenant_and_shows_restarts(
    tenant_a, django_capture_on_commit_callbacks
):
    client_a = logged_in("czestochowa", "admin@czestochowa.example.pl")
    with (
        mock.patch.object(Celery, "send_task", autospec=True) as send_task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_a.post(
            "/admin/registry/imports/",
            {"file": SimpleUploadedFile("baza.csv", _csv(_rows(2))), "mapping": ""},
        )
    assert response.status_code == 302
    assert send_task.call_args.kwargs["headers"]["_schema_name"] == tenant_a.schema_name
    with tenant_context(tenant_a):
        job = ImportJob.objects.get()
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.RUNNING,
            attempts=2,
            heartbeat_at=timezone.now() - timedelta(minutes=30),
        )
    page = client_a.get(f"/admin/registry/imports/{job.pk}/").content.decode()
    assert "Próba 2 z 3 – wznowiono po przerwaniu" in page
    assert "Ostatni sygnał pracy:" in page
    assert "zostanie wznowiony automatycznie" in page
    listing = client_a.get("/admin/registry/imports/").content.decode()
    assert "(wznowiono po przerwaniu, próba 2)" in listing


# --- isolation ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_job_of_one_tenant_never_touches_the_other(tenant_a, tenant_b, canary_b, side_lock):
    with tenant_context(tenant_b):
        canary_state = list(Organisation.objects.values_list("pk", "name", "krs", "updated_at"))
        job_b = _job(_csv(_rows(1, start=500)))
    canary_row = ["Kanarek Bydgoski Częstochowa", "fundacja", "0000999999"]
    with tenant_context(tenant_a):
        job_a = _job(_csv([*_rows(2), canary_row]))
        # the same id in both schemas: a job id never crosses tenants, neither does its lock
        ImportJob.objects.filter(pk=job_a.pk).update(id=job_b.pk)
        job_a = ImportJob.objects.get(pk=job_b.pk)
        lock = side_lock(job_a.pk)  # an attempt of tenant A's job is alive elsewhere
        run_import_job.apply(args=[job_a.pk])
        job_a.refresh_from_db()
        assert (job_a.status, job_a.attempts) == (ImportStatus.PENDING, 0)

    with tenant_context(tenant_b):
        run_import_job.apply(args=[job_b.pk])  # not held up by tenant A's lock
        job_b.refresh_from_db()
        assert (job_b.status, job_b.created_count) == (ImportStatus.FINISHED, 1)

    lock.close()
    with tenant_context(tenant_a):
        run_import_job.apply(args=[job_a.pk])
        job_a.refresh_from_db()
        assert (job_a.status, job_a.created_count, job_a.updated_count) == (
            ImportStatus.FINISHED,
            3,
            0,
        )
        assert Organisation.objects.count() == 3
    with tenant_context(tenant_b):
        # the canary is untouched and tenant B has only its own job's organisation besides it
        assert Organisation.objects.count() == 2
        assert [
            o
            for o in Organisation.objects.values_list("pk", "name", "krs", "updated_at")
            if o[0] == canary_state[0][0]
        ] == canary_state
        assert not OrganisationChange.objects.filter(source=f"import #{job_a.pk}").exclude(
            organisation__name=_rows(1, start=500)[0][0]
        )


# --- bad input ------------------------------------------------------------------------------


def _truncated_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in _rows(50):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    data = out.getvalue()
    return data[: len(data) // 2]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("baza.xlsx", _truncated_xlsx(), "Nie można odczytać pliku XLSX"),
        ("baza.xlsx", b"PK\x03\x04 to nie jest arkusz", "Nie można odczytać pliku XLSX"),
        ("baza.csv", b"\n\n;;\n", "Plik jest pusty: brak wiersza nagłówka."),
        ("baza.csv", "Adres;Miasto\nul. Długa 1;Kłobuck\n".encode(), "Nie znaleziono kolumny"),
    ],
)
def test_broken_file_fails_the_job_with_a_polish_message_and_loses_nothing(
    tenant_a, make_org, django_capture_on_commit_callbacks, filename, content, message
):
    existing = make_org(tenant_a, name="Fundacja Istniejąca", nip="8567346215", city="Kłobuck")
    with tenant_context(tenant_a):
        before = list(Organisation.objects.values_list("pk", "name", "nip", "updated_at"))
        history = OrganisationChange.objects.count()
    client_a = logged_in("czestochowa", "admin@czestochowa.example.pl")
    with django_capture_on_commit_callbacks(execute=False):
        response = client_a.post(
            "/admin/registry/imports/",
            {"file": SimpleUploadedFile(filename, content), "mapping": ""},
        )
    assert response.status_code == 302
    with tenant_context(tenant_a):
        job = ImportJob.objects.get()
        run_import_job.apply(args=[job.pk])
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED
        assert job.error.startswith(message)
        assert list(Organisation.objects.values_list("pk", "name", "nip", "updated_at")) == before
        assert OrganisationChange.objects.count() == history
    page = client_a.get(f"/admin/registry/imports/{job.pk}/")
    assert page.status_code == 200
    assert message in page.content.decode()
    assert existing.pk == before[0][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("baza.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Obsługiwane są pliki CSV i XLSX."),
        ("baza.csv", b"", "Przesłany plik jest pusty."),
    ],
)
def test_unusable_upload_is_refused_by_the_form_in_polish(
    tenant_a, django_capture_on_commit_callbacks, filename, content, message
):
    client_a = logged_in("czestochowa", "admin@czestochowa.example.pl")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_a.post(
            "/admin/registry/imports/",
            {"file": SimpleUploadedFile(filename, content), "mapping": ""},
        )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert callbacks == []
    with tenant_context(tenant_a):
        assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_failure_half_way_rolls_the_whole_file_back_with_a_polish_message(tenant_a, make_org):
    existing = make_org(tenant_a, name="Fundacja Istniejąca", nip="8567346215", city="Kłobuck")
    original = writing.BatchWriter.process_batch
    calls = 0

    def failing(self: writing.BatchWriter, batch: list[tuple[int, list[Any]]]) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("disk on fire")
        original(self, batch)

    with tenant_context(tenant_a):
        job = _job(_csv(_rows(40)))
        with (
            mock.patch.object(writing.BatchWriter, "process_batch", failing),
            pytest.raises(RuntimeError),
        ):
            import_job_run(job_id=job.pk, batch_size=10)
        assert calls == 3
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED
        assert job.error.startswith("Import przerwał nieoczekiwany błąd; nic nie zapisano.")
        assert list(Organisation.objects.values_list("pk", flat=True)) == [existing.pk]
