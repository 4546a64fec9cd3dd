"""Erasure of one person's data: exactly their data goes, rows that must stay are anonymised,
the other tenant's identical data is untouched, refusals change nothing and are recorded."""

from __future__ import annotations

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from cms.forms.models import Submission
from cms.privacy.models import PrivacyRequest
from cms.privacy.services import (
    ErasureRefused,
    person_query_build,
    personal_data_erase,
    personal_data_find,
)
from registry.models import Organisation, OrganisationChange
from tests.privacy.conftest import EMAIL, NAME, OTHER_EMAIL, PHONE, snapshot

pytestmark = pytest.mark.django_db
R = "[usunięto]"


def _admin(tenant):
    with tenant_context(tenant):
        return get_user_model().objects.get(username=f"admin@{tenant.slug}.example.pl")


def _erase(tenant, editor, **query):
    with tenant_context(tenant):
        return personal_data_erase(person=person_query_build(**query), editor=editor)


def test_erase_removes_exactly_the_persons_data(tenant_a, tenant_b, planted_a, canary_b):
    p = planted_a
    before_a, before_b = snapshot(tenant_a), snapshot(tenant_b)
    admin = _admin(tenant_a)

    record = _erase(tenant_a, admin, email=EMAIL, name=NAME, phone=PHONE)

    with tenant_context(tenant_a):
        news = Submission.objects.get(pk=p.news)
        error = Submission.objects.get(pk=p.error)
        org = Organisation.all_objects.get(pk=p.org)
        moved = Organisation.all_objects.get(pk=p.org_moved)
        user = get_user_model().objects.get(pk=p.editor)
        last_change = OrganisationChange.objects.filter(organisation=org).latest("pk")
        created_org = OrganisationChange.objects.filter(organisation=org).earliest("pk")
        moved_history = list(
            OrganisationChange.objects.filter(organisation=moved)
            .order_by("pk")
            .values_list("changes", flat=True)
        )
        left = personal_data_find(person=person_query_build(email=EMAIL, name=NAME, phone=PHONE))

    assert (news.email, news.ip_hash, news.summary) == ("", "", "Piknik organizacji")
    assert news.data == {
        "name": "",
        "email": "",
        "title": "Piknik organizacji",
        "content": f"Szczegóły: {R}, tel. {R}. Pozdrawiam, {R}",
        "link": "",
        "event_date": "2026-06-13",
    }
    assert (error.email, error.ip_hash) == ("", "")
    assert error.data == {"page_url": "/kontakt/", "description": "Zły numer.", "email": ""}
    assert (org.name, org.email, org.contact_person, org.phone) == (
        "Fundacja Jasne Jutro",
        "",
        "",
        "34 370 74 80",
    )
    assert org.status == "published"
    assert org.deleted_at is None
    assert org.updated_at > next(
        o["updated_at"] for o in before_a["organisations"] if o["pk"] == p.org
    )
    assert last_change.changes == {
        "email": [R, ""],
        "contact_person": [R, ""],
        "phone": [R, "34 370 74 80"],
    }
    assert (last_change.source, last_change.user_id) == ("wniosek RODO", admin.pk)
    assert created_org.changes["email"] == [None, R]
    assert created_org.changes["contact_person"] == [None, R]
    assert created_org.changes["phone"] == [None, f"34 370 74 80, {R}"]
    assert created_org.changes["name"] == [None, "Fundacja Jasne Jutro"]
    assert moved.email == "biuro@przeniesione.example.pl"
    assert [c["email"] for c in moved_history] == [
        [None, R],
        [R, "biuro@przeniesione.example.pl"],
    ]
    assert (user.username, user.email, user.first_name, user.last_name) == (
        f"usuniete-konto-{p.editor}",
        "",
        "",
        "",
    )
    assert (user.is_active, user.is_staff, user.is_superuser) == (False, False, False)
    assert not user.has_usable_password()
    assert list(user.groups.all()) == []
    assert left == []

    after_a = snapshot(tenant_a)
    untouched = {p.other_submission}
    assert [s for s in after_a["submissions"] if s["pk"] in untouched] == [
        s for s in before_a["submissions"] if s["pk"] in untouched
    ]
    assert [o for o in after_a["organisations"] if o["pk"] == p.other_org] == [
        o for o in before_a["organisations"] if o["pk"] == p.other_org
    ]
    assert [u for u in after_a["users"] if u["pk"] != p.editor] == [
        u for u in before_a["users"] if u["pk"] != p.editor
    ]
    # The canary with the same address in the other tenant is untouched.
    assert snapshot(tenant_b) == before_b

    assert (record.kind, record.outcome, record.handled_by_id) == ("erase", "done", admin.pk)
    assert (record.email, record.name, record.phone) == (EMAIL, NAME, "600100200")
    assert record.item_count == 6
    assert [(i["reference"], i["result"]) for i in record.items] == [
        (
            f"Zgłoszenie nr {p.news} z 2026-02-03",
            "dane osobowe zgłaszającego usunięte, zgłoszenie zachowane",
        ),
        (
            f"Zgłoszenie nr {p.error} z 2026-02-03",
            "dane osobowe zgłaszającego usunięte, zgłoszenie zachowane",
        ),
        (
            f"Organizacja nr {p.org} „Fundacja Jasne Jutro”",
            "usunięto: e-mail, osoba do kontaktu, telefon; organizacja zachowana",
        ),
        (
            f"Historia zmian organizacji nr {p.org} „Fundacja Jasne Jutro”",
            "usunięto wartości z wpisów historii: 1",
        ),
        (
            f"Historia zmian organizacji nr {p.org_moved} „Stowarzyszenie Przeniesione”",
            "usunięto wartości z wpisów historii: 2",
        ),
        (f"Konto nr {p.editor}", "konto wyłączone, dane osobowe usunięte"),
    ]


def test_erase_reaches_tombstones_of_deleted_organisations(tenant_a, planted_a):
    from registry.services import organisation_delete

    with tenant_context(tenant_a):
        organisation_delete(organisation=Organisation.objects.get(pk=planted_a.org))

    _erase(tenant_a, _admin(tenant_a), email=EMAIL)

    with tenant_context(tenant_a):
        tombstone = Organisation.all_objects.get(pk=planted_a.org)
    assert tombstone.deleted_at is not None
    assert (tombstone.email, tombstone.contact_person) == ("", NAME)  # no name asked: kept


def test_the_last_administrator_cannot_be_erased_and_nothing_changes(tenant_a, tenant_b, planted_a):
    admin_email = "admin@czestochowa.example.pl"
    with tenant_context(tenant_a):
        Submission.objects.filter(pk=planted_a.other_submission).update(email=admin_email)
        officer = get_user_model().objects.create_user(
            username="iod@czestochowa.example.pl", email="iod@czestochowa.example.pl"
        )
    before = snapshot(tenant_a)

    with pytest.raises(ErasureRefused) as excinfo:
        _erase(tenant_a, officer, email=admin_email)

    admin = _admin(tenant_a)
    message = (
        f"Nie można usunąć danych konta nr {admin.pk}: to ostatni aktywny administrator serwisu. "
        "Najpierw nadaj uprawnienia administratora innej osobie."
    )
    assert excinfo.value.messages == [message]
    after = snapshot(tenant_a)
    assert after["requests"] == before["requests"] + 1
    assert {k: v for k, v in after.items() if k != "requests"} == {
        k: v for k, v in before.items() if k != "requests"
    }
    with tenant_context(tenant_a):
        record = PrivacyRequest.objects.latest("pk")
    assert (record.kind, record.outcome, record.message) == ("erase", "refused", message)
    assert [i["result"] for i in record.items] == ["bez zmian", "bez zmian"]
    assert record.handled_by_id == officer.pk


def test_an_administrator_who_is_not_the_last_one_is_erased(tenant_a, planted_a):
    with tenant_context(tenant_a):
        get_user_model().objects.filter(pk=planted_a.editor).update(is_superuser=True)

    _erase(tenant_a, _admin(tenant_a), email=EMAIL)

    with tenant_context(tenant_a):
        user = get_user_model().objects.get(pk=planted_a.editor)
    assert (user.is_active, user.is_superuser, user.email) == (False, False, "")


def test_an_editor_cannot_erase_their_own_account(tenant_a, planted_a):
    with tenant_context(tenant_a):
        own = get_user_model().objects.get(pk=planted_a.editor)
    before = snapshot(tenant_a)

    with pytest.raises(ErasureRefused) as excinfo:
        _erase(tenant_a, own, email=EMAIL)

    assert excinfo.value.messages == [
        f"Nie można usunąć danych własnego konta (nr {planted_a.editor}). Poproś o to innego "
        "redaktora z uprawnieniem do obsługi wniosków RODO."
    ]
    assert snapshot(tenant_a)["submissions"] == before["submissions"]
    assert snapshot(tenant_a)["users"] == before["users"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"email": ""}, "email", "Podaj adres e-mail osoby, której dotyczy wniosek."),
        ({"email": "   "}, "email", "Podaj adres e-mail osoby, której dotyczy wniosek."),
        (
            {"email": "jan.kowalski@"},
            "email",
            "„jan.kowalski@” nie jest poprawnym adresem e-mail. Wpisz pełny adres, "
            "np. jan.kowalski@example.pl.",
        ),
        (
            {"email": EMAIL, "phone": "12 34"},
            "phone",
            "Numer telefonu musi mieć 9 cyfr (z numerem kierunkowym), np. 34 370 74 80.",
        ),
        (
            {"email": EMAIL, "name": "J" * 151},
            "name",
            "Imię i nazwisko może mieć najwyżej 150 znaków.",
        ),
    ],
)
def test_bad_input_is_refused_in_polish(query, field, message):
    with pytest.raises(ValidationError) as excinfo:
        person_query_build(**query)

    assert excinfo.value.message_dict == {field: [message]}


def test_a_query_is_normalised():
    person = person_query_build(
        email=" Jan.Kowalski@Example.PL ", name=" Jan   Kowalski ", phone="+48 600-100-200"
    )

    assert (person.email, person.name, person.phone) == (EMAIL, NAME, "600100200")
    assert person.matches_phone("34 370 74 80; 0048 600 100 200")
    assert not person.matches_phone("600 100 201")
    assert person.without_phone("34 370 74 80, +48 600 100 200") == "34 370 74 80"
    assert person.redact(f"Pisz: {EMAIL.upper()} albo dzwoń 600 100 200 (jan kowalski)") == (
        f"Pisz: {R} albo dzwoń {R} ({R})"
    )
    assert person.redact(f"{OTHER_EMAIL}, Anna Nowak") == f"{OTHER_EMAIL}, Anna Nowak"


def test_erase_deletes_the_editors_avatar(tenant_a, planted_a, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile
    from wagtail.users.models import UserProfile

    with tenant_context(tenant_a):
        profile = UserProfile.get_for_user(get_user_model().objects.get(pk=planted_a.editor))
        profile.avatar.save("jan.png", ContentFile(b"\x89PNG avatar"), save=True)
        path = profile.avatar.path

    with open(path, "rb") as handle:
        assert handle.read() == b"\x89PNG avatar"
    with django_capture_on_commit_callbacks(execute=True):
        _erase(tenant_a, _admin(tenant_a), email=EMAIL)

    with tenant_context(tenant_a):
        profile.refresh_from_db()
    assert profile.avatar.name == ""
    assert not os.path.exists(path)


def test_erase_drops_the_page_cache_of_that_tenant_only(
    tenant_a, tenant_b, planted_a, django_capture_on_commit_callbacks
):
    from cms.cache import page_cache_version

    with tenant_context(tenant_a):
        version_a = page_cache_version()
    with tenant_context(tenant_b):
        version_b = page_cache_version()

    with django_capture_on_commit_callbacks(execute=True):
        _erase(tenant_a, _admin(tenant_a), email=EMAIL)

    with tenant_context(tenant_a):
        assert page_cache_version() == version_a + 1
    with tenant_context(tenant_b):
        assert page_cache_version() == version_b
