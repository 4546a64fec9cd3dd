"""The Wagtail admin screen "Dane osobowe (RODO)": search, export, erase through HTTP; bad input;
who may use it (403 and nothing changed for everyone else)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from cms.forms.models import Submission
from cms.privacy.models import PrivacyRequest
from tests.conftest import host_of
from tests.privacy.conftest import EMAIL, NAME, PHONE, logged_in, make_privacy_editor, snapshot

pytestmark = pytest.mark.django_db
URL = "/admin/dane-osobowe/"
OFFICER = "iod@czestochowa.example.pl"


@pytest.fixture
def officer(tenant_a) -> Client:
    make_privacy_editor(tenant_a, OFFICER, allowed=True)
    return logged_in("czestochowa", OFFICER)


def _post(client: Client, action: str, **fields):
    data = {"email": EMAIL, "name": "", "phone": "", "requested_on": "", "note": "", **fields}
    return client.post(URL, {**data, "action": action})


def test_the_screen_and_its_menu_entry(officer, planted_a):
    page = officer.get(URL)
    dashboard = officer.get("/admin/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Dane osobowe (RODO)" in html
    assert "Rejestr wniosków" in html
    assert "Nie było jeszcze wniosków." in html
    assert "no-store" in page["Cache-Control"]
    assert "Dane osobowe (RODO)" in dashboard.content.decode()


def test_search_lists_what_was_found_without_recording_anything(officer, tenant_a, planted_a):
    response = _post(officer, "search", name=NAME, phone=PHONE)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Znalezione dane (6)" in html
    assert f"Zgłoszenie nr {planted_a.news} z 2026-02-03" in html
    assert f"Konto nr {planted_a.editor}" in html
    assert "Tytuł wiadomości: Piknik organizacji" in html
    assert "Anna Nowak" not in html
    with tenant_context(tenant_a):
        assert PrivacyRequest.objects.count() == 0


def test_export_downloads_a_zip_and_records_the_editor(officer, tenant_a, planted_a):
    response = _post(officer, "export", requested_on="2026-03-02", note="Wniosek e-mailem.")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="dane-osobowe-')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    document = json.loads(archive.read("dane-osobowe.json"))
    assert [r["rekord"] for r in document["rekordy"]][:2] == [
        f"Zgłoszenie nr {planted_a.news} z 2026-02-03",
        f"Zgłoszenie nr {planted_a.error} z 2026-02-03",
    ]
    with tenant_context(tenant_a):
        record = PrivacyRequest.objects.select_related("handled_by").get()
    assert (record.kind, record.handled_by.username, str(record.requested_on), record.note) == (
        "export",
        OFFICER,
        "2026-03-02",
        "Wniosek e-mailem.",
    )
    register = officer.get(URL).content.decode()
    assert "wydanie kopii danych" in register
    assert OFFICER in register


def test_erase_needs_the_confirmation(officer, tenant_a, planted_a):
    before = snapshot(tenant_a)

    response = _post(officer, "erase")

    assert response.status_code == 200
    assert "Zaznacz potwierdzenie, aby usunąć dane." in response.content.decode()
    assert snapshot(tenant_a) == before


def test_erase_through_the_screen(officer, tenant_a, planted_a):
    response = _post(officer, "erase", confirm="on")

    assert response.status_code == 302
    assert response["Location"] == URL
    page = officer.get(URL).content.decode()
    assert f"Usunięto dane osoby {EMAIL} (rekordy: 6). Wniosek zapisano w rejestrze." in page
    with tenant_context(tenant_a):
        assert Submission.objects.get(pk=planted_a.news).email == ""
        record = PrivacyRequest.objects.get()
    assert (record.kind, record.outcome, record.handled_by.username) == ("erase", "done", OFFICER)


def test_a_refused_erasure_shows_why(officer, tenant_a, planted_a):
    before = snapshot(tenant_a)

    response = _post(officer, "erase", email="admin@czestochowa.example.pl", confirm="on")

    assert response.status_code == 200
    assert "to ostatni aktywny administrator serwisu" in response.content.decode()
    after = snapshot(tenant_a)
    assert after["users"] == before["users"]
    assert after["requests"] == before["requests"] + 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": ""}, "Podaj adres e-mail osoby, której dotyczy wniosek."),
        ({"email": "jan.kowalski"}, "„jan.kowalski” nie jest poprawnym adresem e-mail."),
        ({"email": "a@b\x00.pl"}, "niedozwolony znak sterujący (NUL)"),
        ({"phone": "123"}, "Numer telefonu musi mieć 9 cyfr"),
        ({"requested_on": "jutro"}, "Podaj datę w postaci RRRR-MM-DD, np. 2026-03-02."),
        ({"requested_on": "2999-01-01"}, "Data wniosku nie może być z przyszłości."),
    ],
)
@pytest.mark.parametrize("action", ["search", "export", "erase"])
def test_bad_input_is_refused_in_polish_and_changes_nothing(
    officer, tenant_a, planted_a, fields, message, action
):
    before = snapshot(tenant_a)

    response = _post(officer, action, confirm="on", **fields)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()
    assert snapshot(tenant_a) == before


def test_an_unknown_action_is_refused(officer, tenant_a, planted_a):
    response = _post(officer, "drop-everything")

    assert response.status_code == 200
    assert "Nieznana czynność." in response.content.decode()


def test_a_superuser_may_use_it_and_grant_it_to_a_group(tenant_a):
    client = logged_in("czestochowa", "admin@czestochowa.example.pl")

    assert client.get(URL).status_code == 200
    group_form = client.get("/admin/groups/new/")
    assert group_form.status_code == 200
    assert "Może obsługiwać wnioski o dane osobowe (RODO)" in group_form.content.decode()


def _anonymous(tenant_a, tenant_b):
    return Client(HTTP_HOST=host_of("czestochowa")), 302


def _other_tenant(tenant_a, tenant_b):
    # A privacy officer of tenant B, logged in on B, knocking on A.
    make_privacy_editor(tenant_b, "iod@bydgoszcz.example.pl", allowed=True)
    b = logged_in("bydgoszcz", "iod@bydgoszcz.example.pl")
    client = Client(HTTP_HOST=host_of("czestochowa"))
    client.cookies = b.cookies
    return client, 302


def _without_permission(tenant_a, tenant_b):
    make_privacy_editor(tenant_a, "redaktor@czestochowa.example.pl", allowed=False)
    return logged_in("czestochowa", "redaktor@czestochowa.example.pl"), 403


@pytest.mark.parametrize("role", [_anonymous, _other_tenant, _without_permission])
def test_no_one_else_gets_in_and_nothing_changes(tenant_a, tenant_b, planted_a, role):
    client, status = role(tenant_a, tenant_b)
    before = snapshot(tenant_a)

    page = client.get(URL)
    erase = _post(client, "erase", confirm="on")
    export = _post(client, "export")

    assert (page.status_code, erase.status_code, export.status_code) == (status,) * 3
    if status == 302:
        assert erase["Location"].startswith("/admin/login/")
    assert snapshot(tenant_a) == before


def test_the_menu_entry_is_hidden_without_the_permission(tenant_a):
    make_privacy_editor(tenant_a, "redaktor@czestochowa.example.pl", allowed=False)
    client = logged_in("czestochowa", "redaktor@czestochowa.example.pl")

    assert "Dane osobowe (RODO)" not in client.get("/admin/").content.decode()
