"""Moderation in the Wagtail admin: permissions, accept/reject, on_accept, isolation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_tenants.utils import tenant_context

from cms.forms import handlers
from cms.forms.builtin import NEWS_HANDLER
from cms.forms.models import Submission, SubmissionStatus
from cms.forms.services import submission_accept, submission_create, submission_reject
from tests.cms_forms.conftest import logged_in, make_editor
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/zgloszenia/"


def inspect_url(pk: int) -> str:
    return f"/admin/zgloszenia/inspect/{pk}/"


def _create(tenant, page, title: str, **kwargs) -> Submission:
    with tenant_context(tenant):
        return submission_create(
            handler_key=page.handler_key,
            page=page,
            data={"title": title, "content": "Treść", "email": "a@example.pl"},
            email="a@example.pl",
            **kwargs,
        )


def _state(tenant, pk: int) -> tuple:
    with tenant_context(tenant):
        return (
            Submission.objects.filter(pk=pk)
            .values_list("status", "moderated_by_id", "moderated_at", "moderation_note")
            .get()
        )


@pytest.fixture
def submission_a(tenant_a, pages_a) -> Submission:
    return _create(tenant_a, pages_a["news"], "Rodzinny Piknik Organizacji Pozarządowych")


def _client_for(who: str, tenant_a, tenant_b) -> Client:
    if who == "anonymous":
        return Client(HTTP_HOST=host_of("czestochowa"))
    if who == "other_tenant_admin":
        # Signed in on Bydgoszcz, carrying that session cookie to Częstochowa's admin.
        other = logged_in("bydgoszcz", "admin@bydgoszcz.example.pl")
        client = Client(HTTP_HOST=host_of("czestochowa"))
        client.cookies = other.cookies
        return client
    if who == "editor_without_permission":
        make_editor(tenant_a, "redaktor@czestochowa.example.pl")
        return logged_in("czestochowa", "redaktor@czestochowa.example.pl")
    if who == "editor_view_only":
        make_editor(tenant_a, "czytelnik@czestochowa.example.pl", "view_submission")
        return logged_in("czestochowa", "czytelnik@czestochowa.example.pl")
    raise AssertionError(who)


DENIED = ["anonymous", "other_tenant_admin", "editor_without_permission", "editor_view_only"]


@pytest.mark.parametrize("who", DENIED)
def test_moderation_is_refused_and_nothing_changes(who, tenant_a, tenant_b, submission_a):
    client = _client_for(who, tenant_a, tenant_b)
    before = _state(tenant_a, submission_a.pk)

    accept = client.post(inspect_url(submission_a.pk), {"action": "accept", "note": ""})
    reject = client.post(inspect_url(submission_a.pk), {"action": "reject", "note": "spam"})

    assert accept.status_code == 302
    assert reject.status_code == 302
    if who in ("anonymous", "other_tenant_admin"):
        assert accept["Location"].startswith("/admin/login/")
    else:
        assert accept["Location"] == "/admin/"  # Wagtail's "no permission" redirect
    assert _state(tenant_a, submission_a.pk) == before == ("new", None, None, "")


@pytest.mark.parametrize(
    ("who", "can_list"),
    [
        ("anonymous", False),
        ("other_tenant_admin", False),
        ("editor_without_permission", False),
        ("editor_view_only", True),
    ],
)
def test_listing_and_detail_need_the_view_or_moderate_permission(
    who, can_list, tenant_a, tenant_b, submission_a
):
    client = _client_for(who, tenant_a, tenant_b)

    listing = client.get(LIST_URL)
    detail = client.get(inspect_url(submission_a.pk))

    if can_list:
        assert (listing.status_code, detail.status_code) == (200, 200)
        assert "Rodzinny Piknik Organizacji Pozarządowych" in listing.text
        assert "Przyjmij</button>" not in detail.text  # may read, may not decide
    else:
        assert (listing.status_code, detail.status_code) == (302, 302)
        assert "Rodzinny Piknik" not in listing.text


@pytest.fixture
def moderator(tenant_a) -> Client:
    make_editor(tenant_a, "moderator@czestochowa.example.pl", "moderate_submission")
    return logged_in("czestochowa", "moderator@czestochowa.example.pl")


def test_moderator_sees_details_and_accepts(moderator, tenant_a, submission_a):
    detail = moderator.get(inspect_url(submission_a.pk))
    assert detail.status_code == 200
    assert '<th scope="row">Tytuł wiadomości</th>' in detail.text
    assert "<td>Rodzinny Piknik Organizacji Pozarządowych</td>" in detail.text
    assert "Przyjmij</button>" in detail.text

    response = moderator.post(
        inspect_url(submission_a.pk), {"action": "accept", "note": "Do publikacji w piątek."}
    )

    assert response.status_code == 302
    assert response["Location"] == inspect_url(submission_a.pk)
    status, moderator_id, moderated_at, note = _state(tenant_a, submission_a.pk)
    with tenant_context(tenant_a):
        from django.contrib.auth import get_user_model

        expected_id = get_user_model().objects.get(username="moderator@czestochowa.example.pl").pk
    assert (status, moderator_id, note) == ("accepted", expected_id, "Do publikacji w piątek.")
    assert moderated_at is not None
    after = moderator.get(inspect_url(submission_a.pk))
    assert "Przyjęto zgłoszenie „Rodzinny Piknik Organizacji Pozarządowych”." in after.text
    assert "Przyjmij</button>" not in after.text  # decided: no second decision


def test_reject_needs_a_reason_and_keeps_the_form(moderator, tenant_a, submission_a):
    response = moderator.post(inspect_url(submission_a.pk), {"action": "reject", "note": "  "})

    assert response.status_code == 200
    assert "Podaj powód odrzucenia zgłoszenia." in response.text
    assert _state(tenant_a, submission_a.pk)[0] == "new"

    response = moderator.post(
        inspect_url(submission_a.pk), {"action": "reject", "note": "Nie dotyczy naszego miasta."}
    )

    assert response.status_code == 302
    assert _state(tenant_a, submission_a.pk)[0::3] == ("rejected", "Nie dotyczy naszego miasta.")


def test_unknown_action_is_refused_with_a_message(moderator, tenant_a, submission_a):
    response = moderator.post(inspect_url(submission_a.pk), {"action": "delete"})

    assert response.status_code == 200
    assert "Wybierz „Przyjmij” albo „Odrzuć”." in response.text
    assert _state(tenant_a, submission_a.pk)[0] == "new"


def test_a_decided_submission_cannot_be_decided_again(tenant_a, submission_a):
    with tenant_context(tenant_a):
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.get(username="admin@czestochowa.example.pl")
        submission_reject(submission=submission_a, user=admin, note="Duplikat.")
        with pytest.raises(ValidationError) as excinfo:
            submission_accept(submission=submission_a, user=admin)

    assert excinfo.value.messages == ["To zgłoszenie zostało już rozpatrzone (status: odrzucone)."]
    assert _state(tenant_a, submission_a.pk)[0::3] == ("rejected", "Duplikat.")


def test_on_accept_hook_runs_in_the_accept_transaction(monkeypatch, tenant_a, pages_a):
    calls = []

    def on_accept(*, submission, user):
        calls.append((submission.status, submission.data["title"], user.username))
        if submission.data["title"] == "Odmowa":
            raise ValidationError("Organizacja o tym numerze KRS już istnieje.")
        return "organisation"

    hooked = handlers.FormHandler(**{**NEWS_HANDLER.__dict__, "on_accept": on_accept})
    monkeypatch.setitem(handlers._HANDLERS, "news", hooked)
    ok = _create(tenant_a, pages_a["news"], "Spółdzielnia Socjalna Jasne, że bus")
    refused = _create(tenant_a, pages_a["news"], "Odmowa")
    make_editor(tenant_a, "moderator@czestochowa.example.pl", "moderate_submission")
    client = logged_in("czestochowa", "moderator@czestochowa.example.pl")

    assert client.post(inspect_url(ok.pk), {"action": "accept"}).status_code == 302
    response = client.post(inspect_url(refused.pk), {"action": "accept"})

    assert calls == [
        ("accepted", "Spółdzielnia Socjalna Jasne, że bus", "moderator@czestochowa.example.pl"),
        ("accepted", "Odmowa", "moderator@czestochowa.example.pl"),
    ]
    assert _state(tenant_a, ok.pk)[0] == "accepted"
    assert response.status_code == 200
    assert "Organizacja o tym numerze KRS już istnieje." in response.text
    assert _state(tenant_a, refused.pk) == ("new", None, None, "")  # rolled back


def test_filters_and_search(tenant_a, pages_a):
    _create(tenant_a, pages_a["news"], "Gala Ekonomii Społecznej")
    with tenant_context(tenant_a):
        error = submission_create(
            handler_key="error",
            page=pages_a["error"],
            data={"page_url": "/kontakt/", "description": "Zły numer telefonu"},
        )
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.get(username="admin@czestochowa.example.pl")
        submission_reject(submission=error, user=admin, note="Już poprawione.")
    client = logged_in("czestochowa", "admin@czestochowa.example.pl")

    def titles(**params) -> list[str]:
        response = client.get(LIST_URL, params)
        assert response.status_code == 200
        return [s.summary for s in response.context["object_list"]]

    assert titles() == ["/kontakt/ — Zły numer telefonu", "Gala Ekonomii Społecznej"]
    assert titles(status="new") == ["Gala Ekonomii Społecznej"]
    assert titles(handler_key="error") == ["/kontakt/ — Zły numer telefonu"]
    assert titles(page=pages_a["news"].pk) == ["Gala Ekonomii Społecznej"]
    assert titles(q="gala") == ["Gala Ekonomii Społecznej"]
    assert titles(q="telefonu") == ["/kontakt/ — Zły numer telefonu"]


def test_other_tenants_submissions_never_show(tenant_a, tenant_b, pages_a, pages_b):
    mine = _create(tenant_a, pages_a["news"], "Piknik w Częstochowie")
    canary = _create(tenant_b, pages_b["news"], "Kanarek z Bydgoszczy")
    while canary.pk == mine.pk:  # ids are per schema; make sure the id is free in A
        canary = _create(tenant_b, pages_b["news"], "Kanarek z Bydgoszczy")
    client = logged_in("czestochowa", "admin@czestochowa.example.pl")

    listing = client.get(LIST_URL)
    searched = client.get(LIST_URL, {"q": "Kanarek"})

    assert [s.summary for s in listing.context["object_list"]] == ["Piknik w Częstochowie"]
    assert "Kanarek" not in listing.text
    assert list(searched.context["object_list"]) == []
    assert "Kanarek z Bydgoszczy" not in searched.text
    response = client.get(inspect_url(canary.pk))
    attempt = client.post(inspect_url(canary.pk), {"action": "reject", "note": "x"})
    assert (response.status_code, attempt.status_code) == (404, 404)
    assert _state(tenant_b, canary.pk) == ("new", None, None, "")


def test_admin_listing_and_detail_query_counts(tenant_a, pages_a, django_assert_max_num_queries):
    client = logged_in("czestochowa", "admin@czestochowa.example.pl")
    last = None
    for i in range(20):
        last = _create(tenant_a, pages_a["news"], f"Zgłoszenie {i}")
    client.get(LIST_URL)

    with django_assert_max_num_queries(10):  # the same with 3 rows: no query per row
        listing = client.get(LIST_URL)
    with django_assert_max_num_queries(8):
        detail = client.get(inspect_url(last.pk))

    assert listing.status_code == 200
    assert len(listing.context["object_list"]) == 20
    assert detail.status_code == 200


def test_submission_statuses_are_plain_text(tenant_a, submission_a):
    assert SubmissionStatus(submission_a.status).label == "nowe"


@pytest.mark.parametrize(
    "url",
    ["/admin/zgloszenia/new/", "/admin/zgloszenia/edit/{pk}/", "/admin/zgloszenia/delete/{pk}/"],
)
def test_submissions_cannot_be_created_edited_or_deleted_in_the_admin(url, tenant_a, submission_a):
    client = logged_in("czestochowa", "admin@czestochowa.example.pl")

    assert client.get(url.format(pk=submission_a.pk)).status_code == 404
    assert client.post(url.format(pk=submission_a.pk)).status_code == 404
    listing = client.get(LIST_URL)
    assert "/admin/zgloszenia/new/" not in listing.text
    assert "/admin/zgloszenia/delete/" not in listing.text
    assert _state(tenant_a, submission_a.pk) == ("new", None, None, "")
