"""The batched import: batch boundaries, history per change, validation messages, progress.

Small batch sizes make a handful of rows span several batches, so every rule that has to hold
across batches (duplicates, idempotent re-import, one organisation changed once) is exercised.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from registry.generators import generate_organisations
from registry.importing import import_job_create, import_job_run, import_organisations
from registry.models import (
    ChangeAction,
    ImportJob,
    LegalForm,
    Organisation,
    OrganisationChange,
)
from registry.validators import fold

pytestmark = pytest.mark.django_db

HEADER = ["Nazwa", "Forma prawna", "KRS", "NIP", "REGON", "Status OPP", "Miejscowość", "TERYT"]


def _generated_rows(n: int, *, start: int = 0) -> list[list[str]]:
    """Rows with unique identifiers; ``start`` also picks the random seed of NIP/REGON."""
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


def _csv(rows: list[list[str]], header: list[str] = HEADER) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode("utf-8"))


def test_reimport_of_a_multi_batch_file_changes_nothing(tenant_a):
    rows = _generated_rows(25)
    with tenant_context(tenant_a):
        first = import_organisations(_csv(rows), filename="a.csv", batch_size=10)
        state = list(Organisation.objects.order_by("pk").values_list("pk", "updated_at", "name"))
        history = OrganisationChange.objects.count()
        again = import_organisations(_csv(rows), filename="a.csv", batch_size=7)
        assert list(
            Organisation.objects.order_by("pk").values_list("pk", "updated_at", "name")
        ) == (state)
        assert OrganisationChange.objects.count() == history == 25
    assert first.summary_line() == "total=25 created=25 updated=0 unchanged=0 rejected=0"
    assert again.summary_line() == "total=25 created=0 updated=0 unchanged=25 rejected=0"
    assert [name for _, _, name in state][:2] == [
        rows[0][0],
        rows[1][0],
    ]


def test_created_rows_carry_their_values_and_generated_search_columns(tenant_a):
    rows = _generated_rows(3)
    with tenant_context(tenant_a):
        import_organisations(_csv(rows), filename="a.csv", batch_size=2)
        org = Organisation.objects.get(krs=rows[0][2])
        text = Organisation.objects.values_list("search_text", flat=True).get(pk=org.pk)
    assert (org.name, org.nip, org.regon, org.city, org.teryt, org.status) == (
        rows[0][0],
        rows[0][3],
        rows[0][4],
        rows[0][6],
        rows[0][7],
        "published",
    )
    assert org.published_at is not None
    assert org.created_at == org.updated_at
    assert org.external_ids == {}
    # computed by PostgreSQL from the generated-column expression, not by the importer
    assert text == fold(" ".join([rows[0][0], "", rows[0][6], rows[0][2], rows[0][3], rows[0][4]]))


def test_duplicates_split_across_batches_are_reported_and_nothing_is_lost(tenant_a):
    rows = _generated_rows(6)
    duplicate_krs = [*rows[4]]
    duplicate_krs[0] = "Inna nazwa z tym samym KRS"
    duplicate_krs[3] = duplicate_krs[4] = ""
    duplicate_krs[2] = rows[0][2]
    duplicate_nip = [*rows[5]]
    duplicate_nip[2] = duplicate_nip[4] = ""
    duplicate_nip[3] = rows[1][3]
    file_rows = [*rows[:4], duplicate_krs, duplicate_nip]  # rows 2..7 of the file
    with tenant_context(tenant_a):
        result = import_organisations(_csv(file_rows), filename="a.csv", batch_size=2)
        count = Organisation.objects.count()
    assert result.summary_line() == "total=6 created=4 updated=0 unchanged=0 rejected=2"
    assert [(r.row, r.reason) for r in result.rejected] == [
        (6, "Powtórzenie organizacji z wiersza 2 (ten sam identyfikator)."),
        (7, "Powtórzenie organizacji z wiersza 3 (ten sam identyfikator)."),
    ]
    assert result.created + result.updated + result.unchanged + result.rejected_count == 6
    assert count == 4


def test_an_existing_organisation_is_changed_once_even_across_batches(tenant_a, make_org):
    org = make_org(tenant_a, name="Stara", krs="0000000042", external_ids={"import": "A-1"})
    text = "Nazwa;KRS;ID\nNowa po KRS;0000000042;\nFundacja obok;0000000043;\nNowa po ID;;A-1\n"
    with tenant_context(tenant_a):
        result = import_organisations(io.BytesIO(text.encode()), filename="a.csv", batch_size=2)
        org.refresh_from_db()
    assert result.summary_line() == "total=3 created=1 updated=1 unchanged=0 rejected=1"
    assert [(r.row, r.reason) for r in result.rejected] == [
        (4, "Organizacja została już zmieniona wcześniejszym wierszem.")
    ]
    assert (org.name, org.krs, org.external_ids) == ("Nowa po KRS", "0000000042", {"import": "A-1"})


def test_history_has_one_entry_per_created_or_changed_organisation(tenant_a, make_org):
    kept = make_org(tenant_a, name="Bez zmian", krs="0000000007", city="Kłobuck")
    changed = make_org(tenant_a, name="Stara nazwa", krs="0000000008", city="Kłobuck")
    text = (
        "Nazwa;KRS;Miejscowość\nBez zmian;7;Kłobuck\nNowa nazwa;8;Kłobuck\nCałkiem nowa;9;Myszków\n"
    )
    with tenant_context(tenant_a):
        before = set(OrganisationChange.objects.values_list("pk", flat=True))
        result = import_organisations(
            io.BytesIO(text.encode()), filename="a.csv", batch_size=2, source="import testowy"
        )
        new = {
            c.organisation_id: c
            for c in OrganisationChange.objects.exclude(pk__in=before).select_related(
                "organisation"
            )
        }
        created = Organisation.objects.get(krs="0000000009")
    assert result.summary_line() == "total=3 created=1 updated=1 unchanged=1 rejected=0"
    assert set(new) == {changed.pk, created.pk}
    assert kept.pk not in new
    assert (new[changed.pk].action, new[changed.pk].changes, new[changed.pk].source) == (
        ChangeAction.IMPORTED,
        {"name": ["Stara nazwa", "Nowa nazwa"]},
        "import testowy",
    )
    assert (new[created.pk].action, new[created.pk].changes) == (
        ChangeAction.CREATED,
        {"name": [None, "Całkiem nowa"], "krs": [None, "0000000009"], "city": [None, "Myszków"]},
    )
    assert new[created.pk].created_at == created.created_at


def test_import_job_history_names_the_job_and_the_user(tenant_a):
    from django.contrib.auth import get_user_model

    text = "Nazwa;KRS\nFundacja z importu;0000000077\n"
    with tenant_context(tenant_a):
        user = get_user_model().objects.get(email="admin@czestochowa.example.pl")
        job = import_job_create(upload=io.BytesIO(text.encode()), filename="a.csv", user=user)
        job = import_job_run(job_id=job.pk)
        change = OrganisationChange.objects.get(organisation__krs="0000000077")
    assert (job.created_count, change.action, change.user_id, change.source) == (
        1,
        ChangeAction.CREATED,
        user.pk,
        f"import #{job.pk}",
    )


def test_areas_are_written_and_compared_across_batches(tenant_a):
    text = (
        "Nazwa;KRS;Obszary działalności\n"
        "Klub A;1;sport, turystyka, rekreacja i hobby\n"
        "Klub B;2;gospodarka|kultura i sztuka\n"
        "Klub C;3;\n"
    )
    changed = text.replace("Klub C;3;", "Klub C;3;ekologia")
    with tenant_context(tenant_a):
        first = import_organisations(io.BytesIO(text.encode()), filename="a.csv", batch_size=2)
        again = import_organisations(io.BytesIO(text.encode()), filename="a.csv", batch_size=2)
        third = import_organisations(io.BytesIO(changed.encode()), filename="a.csv", batch_size=2)
        areas = {
            o.name: sorted(a.slug for a in o.areas.all())
            for o in Organisation.objects.prefetch_related("areas")
        }
        log = OrganisationChange.objects.get(
            organisation__name="Klub C", action=ChangeAction.IMPORTED
        )
    assert first.summary_line() == "total=3 created=3 updated=0 unchanged=0 rejected=0"
    assert again.summary_line() == "total=3 created=0 updated=0 unchanged=3 rejected=0"
    assert third.summary_line() == "total=3 created=0 updated=1 unchanged=2 rejected=0"
    assert areas == {
        "Klub A": ["sport-turystyka-rekreacja-hobby"],
        "Klub B": ["gospodarka", "kultura-i-sztuka"],
        "Klub C": ["ekologia"],
    }
    assert list(log.changes) == ["areas"]


def test_model_field_validation_gives_the_models_messages_without_queries(tenant_a):
    long_name = "F" * 301
    text = (
        "Nazwa;E-mail;WWW;Zatrudnienie;KRS\n"
        f"{long_name};zly;nie-url;2147483648;1\n"
        "Dobra;biuro@example.pl;https://example.pl;3;2\n"
    )
    with tenant_context(tenant_a):
        result = import_organisations(io.BytesIO(text.encode()), filename="a.csv")
        org = Organisation.objects.get()
    assert result.summary_line() == "total=2 created=1 updated=0 unchanged=0 rejected=1"
    assert [(r.row, r.reason) for r in result.rejected] == [
        (
            2,
            "Upewnij się, że ta wartość ma co najwyżej 300 znaków (obecnie ma 301). "
            "Podaj poprawny adres e-mail. Wprowadź poprawny adres URL. "
            "Upewnij się, że ta wartość jest mniejsza lub równa 2147483647.",
        )
    ]
    assert (org.email, org.website, org.employees) == ("biuro@example.pl", "https://example.pl", 3)


def test_queries_grow_with_batches_not_rows(tenant_a):
    """Per batch: one lookup of existing organisations and one id allocation (COPY runs on
    the raw cursor and is not counted here)."""
    with tenant_context(tenant_a):
        assert not Organisation.objects.exists()  # the schema switch is not counted below
        with CaptureQueriesContext(connection) as small:
            import_organisations(_csv(_generated_rows(10)), filename="a.csv", batch_size=10)
        with CaptureQueriesContext(connection) as large:
            import_organisations(
                _csv(_generated_rows(30, start=10)), filename="a.csv", batch_size=30
            )
        with CaptureQueriesContext(connection) as three:
            import_organisations(
                _csv(_generated_rows(30, start=40)), filename="a.csv", batch_size=10
            )
        assert Organisation.objects.count() == 70
    # savepoint, activity areas, lookup, ids, release; then +2 per further batch
    assert (len(small), len(large), len(three)) == (5, 5, 9)


def test_progress_is_reported_at_most_every_n_rows_and_at_the_end(tenant_a):
    calls: list[tuple[int, int]] = []
    with tenant_context(tenant_a):
        result = import_organisations(
            _csv(_generated_rows(7)),
            filename="a.csv",
            batch_size=2,
            progress_every=3,
            progress=lambda done, total: calls.append((done, total)),
        )
    assert result.total == 7
    assert calls == [(4, 7), (7, 7)]


def test_job_progress_inside_a_transaction_uses_the_import_connection(tenant_a):
    from registry.importing import JobProgress

    with tenant_context(tenant_a):
        job = import_job_create(upload=io.BytesIO(b"Nazwa\nA\n"), filename="a.csv")
        progress = JobProgress(job.pk)
        progress(5000, 12000)
        progress.close()
        job = ImportJob.objects.get(pk=job.pk)
    assert progress.separate is False
    assert (job.processed_rows, job.total_rows, job.progress_percent) == (5000, 12000, 42)
