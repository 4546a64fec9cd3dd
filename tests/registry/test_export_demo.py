"""Exports (CSV/XLSX/JSON/HSDS) honour filters and round-trip through the importer; demo data."""

from __future__ import annotations

import io
import json

import pytest
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from registry.demo import seed_demo_content
from registry.exporters import (
    COLUMNS,
    export_csv,
    export_hsds,
    export_json,
    export_queryset,
    export_xlsx,
)
from registry.importing import import_organisations
from registry.models import Certificate, Organisation
from registry.selectors import OrganisationFilters, organisation_statistics
from registry.services import organisation_snapshot
from tests.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_orgs(tenant_a, make_org):
    make_org(
        tenant_a,
        name="Fundacja Oczami Brata",
        short_name="Oczami Brata",
        legal_form="fundacja",
        krs="0000100001",
        nip="8567346215",
        regon="192598184",
        is_opp=True,
        opp_since="2015-03-01",
        areas=["rynek-pracy-sprawy-spoleczne", "ochrona-zdrowia"],
        description="Opis; ze średnikiem\ni nową linią",
        street="ul. Focha 19/21",
        postal_code="42-217",
        city="Częstochowa",
        teryt="2464011",
        latitude="50.8118",
        longitude="19.1203",
        email="biuro@example.pl",
        phone="34 370 74 80",
        website="https://example.pl",
        employees=12,
        subsidised_jobs=4,
        founders="Gmina Miasto Częstochowa",
    )
    make_org(tenant_a, name="UKS Orzeł", legal_form="uks", city="Kłobuck")


def _comparable(org):
    data = organisation_snapshot(org)
    for key in ("external_ids", "status", "certificates"):
        data.pop(key)
    return data


def test_csv_round_trip_into_another_tenant(tenant_a, tenant_b, two_orgs):
    with tenant_context(tenant_a):
        csv_text = export_csv(export_queryset())
        originals = [_comparable(o) for o in Organisation.objects.order_by("name")]
    assert csv_text.startswith("\ufeffNazwa;Nazwa skrócona;Forma prawna;KRS;NIP;REGON;")
    with tenant_context(tenant_b):
        result = import_organisations(io.BytesIO(csv_text.encode("utf-8")), filename="e.csv")
        copies = [_comparable(o) for o in Organisation.objects.order_by("name")]
    assert result.summary_line() == "total=2 created=2 updated=0 unchanged=0 rejected=0"
    assert copies == originals
    # and back into the source tenant: nothing changes
    with tenant_context(tenant_a):
        again = import_organisations(io.BytesIO(csv_text.encode("utf-8")), filename="e.csv")
    assert again.summary_line() == "total=2 created=0 updated=0 unchanged=2 rejected=0"


def test_xlsx_round_trip(tenant_a, two_orgs):
    with tenant_context(tenant_a):
        data = export_xlsx(export_queryset())
        sheet = load_workbook(io.BytesIO(data)).active
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        result = import_organisations(io.BytesIO(data), filename="e.xlsx")
    assert header == [h for h, _ in COLUMNS]
    assert result.summary_line() == "total=2 created=0 updated=0 unchanged=2 rejected=0"


def test_exports_honour_filters_and_isolation(tenant_a, two_orgs, canary_b):
    filters = OrganisationFilters.from_params({"legal_form": "uks"})
    with tenant_context(tenant_a):
        as_json = export_json(export_queryset(filters=filters))
        everything = export_json(export_queryset())
        csv_text = export_csv(export_queryset())
    assert [o["name"] for o in as_json["organisations"]] == ["UKS Orzeł"]
    assert [o["name"] for o in everything["organisations"]] == [
        "Fundacja Oczami Brata",
        "UKS Orzeł",
    ]
    assert "Kanarek" not in csv_text
    assert everything["organisations"][0]["areas"] == [
        "rynek-pracy-sprawy-spoleczne",
        "ochrona-zdrowia",
    ]


def test_hsds_organization_with_identifiers(tenant_a, two_orgs):
    with tenant_context(tenant_a):
        hsds = export_hsds(export_queryset(filters=OrganisationFilters(q="oczami")))
    (org,) = hsds["organizations"]
    assert org["name"] == "Fundacja Oczami Brata"
    assert org["alternate_name"] == "Oczami Brata"
    assert org["legal_status"] == "fundacja"
    assert org["organization_identifiers"] == [
        {"identifier_scheme": "PL-KRS", "identifier_type": "KRS", "identifier": "0000100001"},
        {"identifier_scheme": "PL-NIP", "identifier_type": "NIP", "identifier": "8567346215"},
        {"identifier_scheme": "PL-REGON", "identifier_type": "REGON", "identifier": "192598184"},
    ]
    assert org["locations"][0]["addresses"][0] == {
        "address_1": "ul. Focha 19/21",
        "city": "Częstochowa",
        "postal_code": "42-217",
        "country": "PL",
        "address_type": "physical",
    }
    assert org["locations"][0]["latitude"] == 50.8118


def test_admin_export_view(client_a, tenant_a, two_orgs, canary_b, make_org):
    make_org(tenant_a, name="Zgłoszona fundacja", legal_form="fundacja", status="submitted")
    client_a.post(
        "/admin/login/", {"username": "admin@czestochowa.example.pl", "password": ADMIN_PASSWORD}
    )
    response = client_a.get("/admin/registry/export/", {"format": "json", "legal_form": "fundacja"})
    names = [o["name"] for o in json.loads(response.content)["organisations"]]
    assert names == ["Fundacja Oczami Brata", "Zgłoszona fundacja"]
    response = client_a.get("/admin/registry/export/", {"format": "hsds"})
    assert "Kanarek" not in response.content.decode()
    assert client_a.get("/admin/registry/export/", {"format": "pdf"}).status_code == 400
    anonymous = client_a.__class__(HTTP_HOST="czestochowa.test.localhost")
    assert anonymous.get("/admin/registry/export/").status_code == 302


def test_demo_content_from_the_seeds_is_idempotent(tenant_a, tenant_b):
    assert seed_demo_content(tenant_a) == 8
    assert seed_demo_content(tenant_a) == 0
    assert seed_demo_content(tenant_b) == 3
    with tenant_context(tenant_a):
        names = list(Organisation.objects.values_list("name", flat=True))
        certs = sorted(Certificate.objects.values_list("organisation__name", "category", "year"))
        coops = Organisation.objects.filter(legal_form="spoldzielnia_socjalna")
        cis = Organisation.objects.get(legal_form="cis")
        stats = organisation_statistics()
        assert {o.founders for o in coops} == {"Gmina Miasto Częstochowa (współzałożyciel)"}
        assert not any(o.krs or o.nip or o.regon for o in Organisation.objects.all())
    assert len(names) == 8
    assert "Spółdzielnia Socjalna „Jasne, że bus”" in names
    assert certs == [
        ("Fundacja Oczami Brata", "Najlepszy Pracodawca", 2020),
        ("Sztab Ratownictwa i Łączności w Częstochowie RESCUE TEAM", "Sukces Rynkowy", 2020),
    ]
    assert coops.count() == 5
    assert cis.street == "ul. Legionów 50 A"
    assert (stats["total"], stats["certified"]) == (8, 2)
    with tenant_context(tenant_b):
        sns = Organisation.objects.get(name="Stowarzyszenie Na Rzecz Spółdzielni Socjalnych")
        kramsk = Organisation.objects.get(city="Kramsk")
        assert Organisation.objects.count() == 3
    assert sns.address_line == "ul. Piotrowskiego 3/2, 85-098 Bydgoszcz"
    assert kramsk.name == "Spółdzielnia Socjalna „Razem do sukcesu”"
