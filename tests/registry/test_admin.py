"""Wagtail admin of the register: list, search, edit with history, bulk actions, soft delete,
imports; and isolation of the other tenant."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from registry.models import ChangeAction, ImportJob, Organisation, OrganisationChange
from registry.tasks import run_import_job
from tests.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.django_db

BASE = "/admin/registry/organisations/"


@pytest.fixture
def editor_a(client_a):
    response = client_a.post(
        "/admin/login/",
        {"username": "admin@czestochowa.example.pl", "password": ADMIN_PASSWORD},
    )
    assert response.status_code == 302
    return client_a


def _form_data(**overrides):
    data = {
        "name": "Fundacja Oczami Brata",
        "short_name": "",
        "legal_form": "fundacja",
        "krs": "",
        "nip": "856-734-62-15",
        "regon": "",
        "opp_since": "",
        "description": "",
        "street": "",
        "postal_code": "42217",
        "city": "Częstochowa",
        "teryt": "2464011",
        "latitude": "",
        "longitude": "",
        "email": "",
        "phone": "",
        "contact_person": "",
        "website": "",
        "employees": "",
        "subsidised_jobs": "",
        "founders": "",
        "founded_on": "",
        "external_ids": "{}",
        "certificates-TOTAL_FORMS": "1",
        "certificates-INITIAL_FORMS": "0",
        "certificates-MIN_NUM_FORMS": "0",
        "certificates-MAX_NUM_FORMS": "1000",
        "certificates-0-name": "Znak Jakości Ekonomii Społecznej i Solidarnej",
        "certificates-0-category": "Najlepszy Pracodawca",
        "certificates-0-year": "2020",
        "certificates-0-ORDER": "1",
        "certificates-0-DELETE": "",
        "certificates-0-id": "",
    }
    data.update(overrides)
    return data


def test_list_search_and_isolation(
    editor_a, tenant_a, make_org, canary_b, django_assert_max_num_queries
):
    for i in range(5):
        make_org(tenant_a, name=f"Stowarzyszenie nr {i}", city="Kłobuck", areas=["gospodarka"])
    make_org(tenant_a, name="Centrum Integracji Społecznej", city="Częstochowa", status="submitted")
    with django_assert_max_num_queries(40):
        response = editor_a.get(BASE)
    html = response.content.decode()
    assert response.status_code == 200
    assert all(f"Stowarzyszenie nr {i}" in html for i in range(5))
    assert "Kanarek" not in html

    response = editor_a.get(BASE, {"q": "CZESTOCHOWA"})
    html = response.content.decode()
    assert "Centrum Integracji Społecznej" in html
    assert "Stowarzyszenie nr" not in html
    assert "Kanarek" not in html

    response = editor_a.get(BASE, {"status": "submitted"})
    assert "Centrum Integracji Społecznej" in response.content.decode()
    assert "Stowarzyszenie nr" not in response.content.decode()


def test_create_in_admin_normalises_and_records_history(editor_a, tenant_a):
    response = editor_a.post(BASE + "add/", _form_data())
    assert response.status_code == 302
    with tenant_context(tenant_a):
        org = Organisation.objects.get()
        change = OrganisationChange.objects.get(organisation=org)
        assert (org.nip, org.postal_code, org.status) == ("8567346215", "42-217", "submitted")
        assert [str(c) for c in org.certificates.all()] == [
            "Znak Jakości Ekonomii Społecznej i Solidarnej, kategoria „Najlepszy Pracodawca”"
        ]
        assert change.action == ChangeAction.CREATED
        assert change.user.email == "admin@czestochowa.example.pl"
        assert change.source == "panel"


def test_invalid_nip_in_admin_is_refused(editor_a, tenant_a):
    response = editor_a.post(BASE + "add/", _form_data(nip="8567346216"))
    assert response.status_code == 200
    assert "NIP „8567346216” ma błędną cyfrę kontrolną." in response.content.decode()
    with tenant_context(tenant_a):
        assert Organisation.all_objects.count() == 0


def test_edit_records_field_diff_and_changes_view_shows_it(editor_a, tenant_a, make_org):
    org = make_org(tenant_a, name="Stara nazwa", nip="8567346215", city="Częstochowa")
    response = editor_a.post(
        f"{BASE}edit/{org.pk}/",
        _form_data(name="Fundacja Oczami Brata", **{"certificates-TOTAL_FORMS": "0"}),
    )
    assert response.status_code == 302
    with tenant_context(tenant_a):
        change = OrganisationChange.objects.filter(organisation=org).first()
    assert change.action == ChangeAction.UPDATED
    assert change.changes["name"] == ["Stara nazwa", "Fundacja Oczami Brata"]
    assert change.changes["postal_code"] == ["", "42-217"]
    page = editor_a.get(f"{BASE}changes/{org.pk}/").content.decode()
    assert "Stara nazwa" in page
    assert "Fundacja Oczami Brata" in page
    assert "admin@czestochowa.example.pl" in page


def test_changes_view_of_other_tenant_org_is_not_found(editor_a, canary_b):
    assert editor_a.get(f"{BASE}changes/{canary_b.pk}/").status_code == 404
    assert editor_a.get(f"{BASE}edit/{canary_b.pk}/").status_code == 404


def test_delete_in_admin_leaves_a_tombstone(editor_a, tenant_a, make_org):
    org = make_org(tenant_a, name="Do usunięcia")
    response = editor_a.post(f"{BASE}delete/{org.pk}/")
    assert response.status_code == 302
    with tenant_context(tenant_a):
        assert not Organisation.objects.filter(pk=org.pk).exists()
        assert Organisation.all_objects.get(pk=org.pk).deleted_at is not None


def test_bulk_publish_archive_and_delete(editor_a, tenant_a, make_org):
    one = make_org(tenant_a, name="Jeden", status="submitted")
    two = make_org(tenant_a, name="Dwa", status="submitted")
    url = "/admin/bulk/registry/organisation/{}/?next=" + BASE + f"&id={one.pk}&id={two.pk}"
    response = editor_a.post(url.format("registry_publish"))
    assert response.status_code == 302
    with tenant_context(tenant_a):
        assert sorted(Organisation.objects.values_list("status", flat=True)) == [
            "published",
            "published",
        ]
    editor_a.post(url.format("registry_archive"))
    with tenant_context(tenant_a):
        assert set(Organisation.objects.values_list("status", flat=True)) == {"archived"}
        assert OrganisationChange.objects.filter(action=ChangeAction.ARCHIVED).count() == 2
    editor_a.post(url.format("delete"))
    with tenant_context(tenant_a):
        assert Organisation.objects.count() == 0
        assert Organisation.all_objects.filter(deleted_at__isnull=False).count() == 2


def test_import_upload_progress_and_report(editor_a, tenant_a, django_capture_on_commit_callbacks):
    content = "Nazwa;NIP\nFundacja A;8567346215\nFundacja B;123\n".encode("cp1250")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_a.post(
            "/admin/registry/imports/",
            {"file": SimpleUploadedFile("baza.csv", content), "mapping": "", "dry_run": ""},
        )
    assert response.status_code == 302
    assert len(callbacks) == 1  # the Celery task is queued after commit
    with tenant_context(tenant_a):
        job = ImportJob.objects.get()
        run_import_job.apply(args=[job.pk])
    page = editor_a.get(f"/admin/registry/imports/{job.pk}/").content.decode()
    assert "odrzucone: 1" in page
    assert "NIP „123” musi składać się z 10 cyfr." in page
    report = editor_a.get(f"/admin/registry/imports/{job.pk}/report.csv")
    assert report["Content-Type"] == "text/csv; charset=utf-8"
    assert "3;NIP „123” musi składać się z 10 cyfr.;Fundacja B;123\r\n" in report.content.decode()
    listing = editor_a.get("/admin/registry/imports/").content.decode()
    assert "baza.csv" in listing


def test_import_upload_refuses_bad_mapping(editor_a, tenant_a):
    response = editor_a.post(
        "/admin/registry/imports/",
        {"file": SimpleUploadedFile("baza.csv", b"Nazwa\nA\n"), "mapping": "{nie json"},
    )
    assert response.status_code == 200
    assert "Mapowanie musi być poprawnym JSON-em." in response.content.decode()
    with tenant_context(tenant_a):
        assert ImportJob.objects.count() == 0


def test_anonymous_cannot_reach_registry_admin(client_a):
    for url in (BASE, "/admin/registry/imports/"):
        response = client_a.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
