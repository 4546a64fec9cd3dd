"""Import of messy CSV/XLSX files: nothing lost, every rejection explained, re-import idempotent."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django_tenants.utils import tenant_context
from openpyxl import Workbook

from registry.importing import (
    ImportFileError,
    detect_encoding,
    import_job_create,
    import_organisations,
    import_organisations_from_path,
    rejected_report_csv,
)
from registry.models import (
    ActivityArea,
    ChangeAction,
    ImportJob,
    ImportStatus,
    Organisation,
    OrganisationChange,
)
from registry.tasks import run_import_job

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
MESSY = FIXTURES / "baza_ngo_cp1250_srednik.csv"

MESSY_REJECTED = [
    (5, "NIP „8567346216” ma błędną cyfrę kontrolną."),
    (6, "Powtórzenie organizacji z wiersza 2 (ten sam identyfikator)."),
    (8, "Brak nazwy organizacji."),
    (9, "Nieznana forma prawna „kółko różańcowe”."),
    (10, "REGON „12345678” musi mieć 9 lub 14 cyfr."),
]


def _csv(text: str, *, encoding: str = "utf-8", bom: bool = False) -> io.BytesIO:
    data = text.encode(encoding)
    return io.BytesIO((codecs.BOM_UTF8 if bom else b"") + data)


def test_messy_windows_1250_semicolon_file_loses_nothing(tenant_a):
    assert detect_encoding(MESSY.open("rb")) == "cp1250"
    with tenant_context(tenant_a):
        result = import_organisations_from_path(MESSY)
        orgs = {o.name: o for o in Organisation.objects.prefetch_related("areas")}

    assert result.summary_line() == "total=9 created=4 updated=0 unchanged=0 rejected=5"
    assert result.created + result.updated + result.unchanged + result.rejected_count == 9
    assert [(r.row, r.reason) for r in result.rejected] == MESSY_REJECTED
    assert result.rejected[0].values["name"] == "Zła Fundacja"
    assert result.ignored_columns == ["Uwagi wewnętrzne"]
    assert result.blank_lines == 3
    assert sorted(orgs) == [
        "Fundacja Zielona Łąka",
        "Spółdzielnia Socjalna „Razem do sukcesu”",
        "Stowarzyszenie Żółty Dom",
        "UKS Orzeł",
    ]
    lake = orgs["Fundacja Zielona Łąka"]
    assert (lake.krs, lake.nip, lake.regon, lake.is_opp, lake.status) == (
        "0000100001",
        "8567346215",
        "192598184",
        True,
        "published",
    )
    house = orgs["Stowarzyszenie Żółty Dom"]
    assert (house.krs, house.postal_code, house.legal_form) == (
        "0000100002",
        "42-217",
        "stowarzyszenie",
    )
    assert [a.name for a in orgs["UKS Orzeł"].areas.all()] == [
        "sport, turystyka, rekreacja i hobby"
    ]
    assert orgs["UKS Orzeł"].legal_form == "uks"
    assert orgs["Spółdzielnia Socjalna „Razem do sukcesu”"].is_opp is True


def test_reimport_of_the_same_file_changes_nothing(tenant_a):
    with tenant_context(tenant_a):
        import_organisations_from_path(MESSY)
        before = list(Organisation.objects.order_by("pk").values_list("pk", "updated_at"))
        changes_before = OrganisationChange.objects.count()
        again = import_organisations_from_path(MESSY)
        after = list(Organisation.objects.order_by("pk").values_list("pk", "updated_at"))
        assert OrganisationChange.objects.count() == changes_before
    assert again.summary_line() == "total=9 created=0 updated=0 unchanged=4 rejected=5"
    assert after == before


def test_utf8_bom_comma_english_headers_and_update_by_nip(tenant_a, make_org):
    make_org(tenant_a, name="Stara nazwa", nip="8567346215", city="Częstochowa")
    text = (
        "name,legal form,KRS,NIP,REGON,city,public benefit,postal code\r\n"
        "Fundacja Oczami Brata,foundation,,8567346215,,Częstochowa,yes,42-200\r\n"
        "Sztab Ratownictwa RESCUE TEAM,association,0000000042,,12345678512347,Częstochowa,no,\r\n"
    )
    with tenant_context(tenant_a):
        result = import_organisations(_csv(text, bom=True), filename="lista.csv")
        renamed = Organisation.objects.get(nip="8567346215")
        log = OrganisationChange.objects.filter(
            organisation=renamed, action=ChangeAction.IMPORTED
        ).get()
        rescue = Organisation.objects.get(krs="0000000042")
    assert result.summary_line() == "total=2 created=1 updated=1 unchanged=0 rejected=0"
    assert (renamed.name, renamed.legal_form, renamed.is_opp, renamed.postal_code) == (
        "Fundacja Oczami Brata",
        "fundacja",
        True,
        "42-200",
    )
    assert log.changes["name"] == ["Stara nazwa", "Fundacja Oczami Brata"]
    assert log.source == "import"
    assert rescue.regon == "12345678512347"


def test_utf8_without_bom_with_quoted_semicolons(tenant_a):
    text = 'Nazwa;Miejscowość;Opis\n"Fundacja; z średnikiem";Jędrzejów;"opis\nw dwóch liniach"\n'
    with tenant_context(tenant_a):
        result = import_organisations(_csv(text), filename="a.csv")
        org = Organisation.objects.get()
    assert result.summary_line() == "total=1 created=1 updated=0 unchanged=0 rejected=0"
    assert (org.name, org.city, org.description) == (
        "Fundacja; z średnikiem",
        "Jędrzejów",
        "opis\nw dwóch liniach",
    )


def test_xlsx_with_numeric_identifier_cells(tenant_a):
    wb = Workbook()
    ws = wb.active
    ws.append(["Nazwa", "Forma prawna", "KRS", "NIP", "REGON", "Status OPP", "Zatrudnienie"])
    ws.append(["Jasne, że bus", "spółdzielnia socjalna", 123, 8567346215, 192598184, "nie", 7])
    ws.append([None, None, None, None, None, None, None])
    ws.append(["Zła liczba", "fundacja", None, None, None, "może", "dużo"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    with tenant_context(tenant_a):
        result = import_organisations(buffer, filename="baza.xlsx")
        org = Organisation.objects.get()
    assert result.summary_line() == "total=2 created=1 updated=0 unchanged=0 rejected=1"
    assert [(r.row, r.reason) for r in result.rejected] == [
        (
            4,
            "Status OPP: nie rozumiem wartości „może” (wpisz tak lub nie). "
            "Liczba: „dużo” nie jest liczbą całkowitą nieujemną.",
        )
    ]
    assert (org.krs, org.nip, org.regon, org.employees) == (
        "0000000123",
        "8567346215",
        "192598184",
        7,
    )


def test_dry_run_counts_exactly_and_writes_nothing(tenant_a):
    with tenant_context(tenant_a):
        result = import_organisations_from_path(MESSY, dry_run=True)
        assert Organisation.all_objects.count() == 0
        assert OrganisationChange.objects.count() == 0
    assert result.summary_line() == "total=9 created=4 updated=0 unchanged=0 rejected=5"
    assert [(p["row"], p["action"]) for p in result.preview] == [
        (2, "nowa"),
        (4, "nowa"),
        (7, "nowa"),
        (11, "nowa"),
    ]


def test_explicit_mapping_and_ignored_columns(tenant_a):
    text = "Podmiot;Numer w rejestrze;Coś\nFundacja Perspektywy i Rozwój;55;x\n"
    with tenant_context(tenant_a):
        result = import_organisations(
            _csv(text),
            filename="inne.csv",
            mapping={"Podmiot": "name", "Numer w rejestrze": "krs", "Coś": ""},
        )
        org = Organisation.objects.get()
    assert (org.name, org.krs) == ("Fundacja Perspektywy i Rozwój", "0000000055")
    assert result.ignored_columns == ["Coś"]
    assert result.mapping == {"Podmiot": "name", "Numer w rejestrze": "krs"}


@pytest.mark.parametrize(
    ("text", "mapping", "message"),
    [
        ("Kolumna;Inna\na;b\n", None, "Nie znaleziono kolumny z nazwą organizacji"),
        ("", None, "Plik jest pusty"),
        ("Nazwa\na\n", {"Nazwa": "nieistniejace"}, "Nieznane pola w mapowaniu: nieistniejace"),
    ],
)
def test_unusable_files_are_refused_with_a_polish_message(tenant_a, text, mapping, message):
    with tenant_context(tenant_a), pytest.raises(ImportFileError, match=message):
        import_organisations(_csv(text), filename="x.csv", mapping=mapping)


def test_identifiers_pointing_at_two_organisations_are_rejected(tenant_a, make_org):
    make_org(tenant_a, name="Po KRS", krs="0000000007")
    make_org(tenant_a, name="Po NIP", nip="8567346215")
    text = "Nazwa;KRS;NIP\nSkłejka;7;8567346215\n"
    with tenant_context(tenant_a):
        result = import_organisations(_csv(text), filename="x.csv")
        names = sorted(Organisation.objects.values_list("name", flat=True))
    assert [(r.row, r.reason) for r in result.rejected] == [
        (2, "Identyfikatory z wiersza wskazują na różne organizacje: „Po KRS”, „Po NIP”.")
    ]
    assert names == ["Po KRS", "Po NIP"]


def test_upsert_by_external_id(tenant_a):
    first = "Nazwa;ID;Miejscowość\nKlub Integracji Społecznej;crm-1;Kłobuck\n"
    second = "Nazwa;ID;Miejscowość\nKIS w Kłobucku;crm-1;Kłobuck\n"
    with tenant_context(tenant_a):
        import_organisations(_csv(first), filename="x.csv", system="crm")
        result = import_organisations(_csv(second), filename="x.csv", system="crm")
        org = Organisation.objects.get()
    assert result.summary_line() == "total=1 created=0 updated=1 unchanged=0 rejected=0"
    assert (org.name, org.external_ids) == ("KIS w Kłobucku", {"crm": "crm-1"})


def test_import_never_touches_another_tenant(tenant_a, tenant_b, canary_b):
    text = "Nazwa;KRS\nNowa w Częstochowie;0000999999\n"
    with tenant_context(tenant_a):
        result = import_organisations(_csv(text), filename="x.csv")
    assert result.summary_line() == "total=1 created=1 updated=0 unchanged=0 rejected=0"
    with tenant_context(tenant_b):
        assert list(Organisation.objects.values_list("name", flat=True)) == [
            "Kanarek Bydgoski Częstochowa"
        ]
    with tenant_context(tenant_a):
        assert list(Organisation.objects.values_list("name", flat=True)) == ["Nowa w Częstochowie"]


def test_rejected_report_is_a_downloadable_csv(tenant_a):
    with tenant_context(tenant_a):
        result = import_organisations_from_path(MESSY, dry_run=True)
    report = rejected_report_csv(result.rejected)
    lines = report.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("wiersz;powód;name;legal_form;krs;nip")
    assert lines[1].startswith("5;NIP „8567346216” ma błędną cyfrę kontrolną.;Zła Fundacja;")
    assert len(lines) == 1 + 5


def test_command_prints_the_summary_last(tenant_a, capsys):
    call_command("import_organisations", "--tenant", "czestochowa", str(MESSY), "--dry-run")
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "total=9 created=4 updated=0 unchanged=0 rejected=5"
    assert "wiersz 5: NIP „8567346216” ma błędną cyfrę kontrolną." in out
    with tenant_context(tenant_a):
        assert Organisation.objects.count() == 0
    call_command(
        "import_organisations",
        "--tenant",
        "czestochowa",
        str(MESSY),
        "--mapping",
        "Uwagi wewnętrzne=",
    )
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "total=9 created=4 updated=0 unchanged=0 rejected=5"


def test_command_refuses_unknown_tenant():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Nie ma serwisu o identyfikatorze „nieistnieje”"):
        call_command("import_organisations", "--tenant", "nieistnieje", str(MESSY))


def test_import_job_runs_as_tenant_task_with_progress(tenant_a, django_capture_on_commit_callbacks):
    with tenant_context(tenant_a):
        with MESSY.open("rb") as upload:
            job = import_job_create(upload=upload, filename=MESSY.name)
        outcome = run_import_job.apply(args=[job.pk]).get()
        job.refresh_from_db()
        assert Organisation.objects.count() == 4
    assert outcome == {
        "status": "finished",
        "created": 4,
        "updated": 0,
        "unchanged": 0,
        "rejected": 5,
    }
    assert (job.status, job.total_rows, job.processed_rows, job.progress_percent) == (
        ImportStatus.FINISHED,
        9,
        9,
        100,
    )
    assert [(r["row"], r["reason"]) for r in job.rejected_rows] == MESSY_REJECTED
    assert job.preview["ignored_columns"] == ["Uwagi wewnętrzne"]


def test_import_job_with_a_bad_file_fails_with_a_message(tenant_a):
    with tenant_context(tenant_a):
        job = import_job_create(upload=_csv("a;b\n1;2\n"), filename="zly.csv")
        run_import_job.apply(args=[job.pk])
        job = ImportJob.objects.get(pk=job.pk)
    assert job.status == ImportStatus.FAILED
    assert job.error.startswith("Nie znaleziono kolumny z nazwą organizacji")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("kultura i sztuka, ochrona zdrowia", ["kultura i sztuka", "ochrona zdrowia"]),
        # a name that holds commas itself, followed by another one
        (
            "sport, turystyka, rekreacja i hobby, kultura i sztuka",
            ["sport, turystyka, rekreacja i hobby", "kultura i sztuka"],
        ),
        ("Kultura i sztuka ,  ochrona zdrowia,", ["kultura i sztuka", "ochrona zdrowia"]),
        ("kultura i sztuka | ochrona zdrowia; edukacja i wychowanie", None),
    ],
)
def test_several_areas_in_one_cell_separated_by_commas(tenant_a, cell, expected):
    """Issue 15: "a, b" was refused (only "|" and ";" worked); names with commas still work."""
    from registry.importing.mapping import AreaIndex

    with tenant_context(tenant_a):
        names = dict(ActivityArea.objects.values_list("pk", "name"))
        ids = AreaIndex.load().parse(cell)
    got = [names[pk] for pk in ids]
    if expected is None:  # the older separators, mixed
        assert len(got) == 3
    else:
        assert got == expected


def test_an_unknown_area_among_commas_is_named_in_polish(tenant_a):
    from django.core.exceptions import ValidationError

    from registry.importing.mapping import AreaIndex

    with tenant_context(tenant_a), pytest.raises(ValidationError) as caught:
        AreaIndex.load().parse("kultura i sztuka, astronautyka")
    assert caught.value.messages == ["Nieznany obszar działalności „astronautyka”."]
