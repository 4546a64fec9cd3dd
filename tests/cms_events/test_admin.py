"""The event editor in the Wagtail admin: the form renders, refuses bad rows, saves good ones."""

from __future__ import annotations

from datetime import date, time

import pytest
from django_tenants.utils import schema_context
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.events.models import EventPage
from tests.cms_events.factories import CAL, calendar_create, event_create
from tests.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client_a):
    response = client_a.post(
        "/admin/login/",
        {"username": "admin@czestochowa.example.pl", "password": ADMIN_PASSWORD},
    )
    assert response.status_code == 302
    return client_a


@pytest.fixture
def index_id(tenant_a) -> int:
    with schema_context(tenant_a.schema_name):
        return calendar_create().pk


def post_data(**overrides) -> dict:
    data = {
        "title": "Częstochowska Akcja Liderów",
        "slug": "cal",
        "lead": "Comiesięczne spotkania.",
        "start_date": "2016-01-21",
        "start_time": "16:30",
        "end_time": "18:30",
        "repeat_frequency": "MONTHLY",
        "repeat_interval": "1",
        "repeat_ordinal": "3",
        "repeat_weekday": "TH",
        "repeat_until": "2016-03-31",
        "rrule": "",
        "place_name": "Mobilny punkt JOWES",
        "place_address": "ul. Focha 19/21, 42-217 Częstochowa",
        "organiser": "JOWES",
        "body": streamfield([]),
        "exceptions": inline_formset([]),
        "notes": inline_formset(
            [
                {
                    "date": "2016-01-21",
                    "topic": "Jak przeprowadzić szkolenie?",
                    "speaker": "animator Justyna Całusińska",
                },
                {"date": "2016-02-18", "topic": "Skuteczny newsletter w NGO"},
            ]
        ),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_add_form_renders_with_polish_labels(editor, index_id):
    response = editor.get(f"/admin/pages/add/cms_events/eventpage/{index_id}/")

    assert response.status_code == 200
    html = response.content.decode()
    for label in (
        "Termin",
        "Powtarzanie",
        "Który w miesiącu",
        "Dzień tygodnia",
        "Powtarzaj do",
        "Reguła RRULE",
        "Odwołane terminy",
        "Notatki do terminów",
        "Godziny w czasie lokalnym (Europe/Warsaw).",
    ):
        assert label in html


def test_note_on_a_wrong_day_is_refused_on_its_row(editor, index_id, tenant_a):
    notes = inline_formset([{"date": "2016-02-11", "topic": "Skuteczny newsletter w NGO"}])

    response = editor.post(
        f"/admin/pages/add/cms_events/eventpage/{index_id}/", post_data(notes=notes)
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Notatka na czwartek, 11 lutego 2016: tego dnia wydarzenie się nie odbywa. "
        "Najbliższy termin: czwartek, 18 lutego 2016." in html
    )
    assert "Skuteczny newsletter w NGO" in html  # what was typed is still on the form
    with schema_context(tenant_a.schema_name):
        assert not EventPage.objects.exists()


def test_bad_schedule_is_refused_on_its_field(editor, index_id, tenant_a):
    response = editor.post(
        f"/admin/pages/add/cms_events/eventpage/{index_id}/",
        post_data(end_time="15:00", notes=inline_formset([])),
    )

    assert response.status_code == 200
    assert (
        "Godzina zakończenia (15:00) musi być późniejsza niż godzina rozpoczęcia (16:30)."
        in response.content.decode()
    )
    with schema_context(tenant_a.schema_name):
        assert not EventPage.objects.exists()


def test_valid_event_is_saved_with_notes_and_rule(editor, index_id, tenant_a):
    response = editor.post(
        f"/admin/pages/add/cms_events/eventpage/{index_id}/",
        post_data(**{"action-publish": "publish"}),
    )

    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        event = EventPage.objects.get(slug="cal")
        assert event.live
        assert event.rrule == "FREQ=MONTHLY;BYDAY=+3TH"
        assert event.last_date == date(2016, 3, 31)
        assert list(event.notes.values_list("date", "topic")) == [
            (date(2016, 1, 21), "Jak przeprowadzić szkolenie?"),
            (date(2016, 2, 18), "Skuteczny newsletter w NGO"),
        ]


def test_editing_rule_and_notes_together_is_checked_against_the_new_rule(editor, tenant_a):
    with schema_context(tenant_a.schema_name):
        event = event_create(calendar_create(), **{**CAL, "notes": CAL["notes"][:1]})
        note_id = event.notes.get().pk
    # Second Thursday instead of the third, the note moved with it: valid as a whole.
    moved = {"id": note_id, "date": "2016-01-14", "topic": "Jak przeprowadzić szkolenie?"}
    data = post_data(
        slug=event.slug,
        start_date="2016-01-14",
        repeat_ordinal="2",
        notes=inline_formset([moved], initial=1),
        **{"action-publish": "publish"},
    )

    response = editor.post(f"/admin/pages/{event.pk}/edit/", data)

    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        event.refresh_from_db()
        assert event.rrule == "FREQ=MONTHLY;BYDAY=+2TH"
        assert list(event.notes.values_list("pk", "date")) == [(note_id, date(2016, 1, 14))]


def test_moving_the_rule_away_from_a_kept_note_is_refused(editor, tenant_a):
    with schema_context(tenant_a.schema_name):
        event = event_create(calendar_create(), **{**CAL, "notes": CAL["notes"][:1]})
        note_id = event.notes.get().pk
    kept = {"id": note_id, "date": "2016-01-21", "topic": "Jak przeprowadzić szkolenie?"}
    data = post_data(
        slug=event.slug,
        start_date="2016-01-14",
        repeat_ordinal="2",
        notes=inline_formset([kept], initial=1),
        **{"action-publish": "publish"},
    )

    response = editor.post(f"/admin/pages/{event.pk}/edit/", data)

    assert response.status_code == 200
    assert (
        "Notatka na czwartek, 21 stycznia 2016: tego dnia wydarzenie się nie odbywa. "
        "Najbliższy termin: czwartek, 14 stycznia 2016." in response.content.decode()
    )
    with schema_context(tenant_a.schema_name):
        event.refresh_from_db()
        assert event.rrule == "FREQ=MONTHLY;BYDAY=+3TH"


def test_turning_repetition_off_drops_the_generated_rule(editor, tenant_a):
    with schema_context(tenant_a.schema_name):
        event = event_create(calendar_create(), **{**CAL, "notes": []})
    data = post_data(
        slug=event.slug,
        repeat_frequency="",
        repeat_ordinal="",
        repeat_weekday="",
        repeat_until="",
        rrule="FREQ=MONTHLY;BYDAY=+3TH",  # as the form shows it, unchanged
        notes=inline_formset([]),
        **{"action-publish": "publish"},
    )

    response = editor.post(f"/admin/pages/{event.pk}/edit/", data)

    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        event.refresh_from_db()
        assert (event.rrule, event.last_date, event.start_time) == (
            "",
            date(2016, 1, 21),
            time(16, 30),
        )


def test_preview_of_a_new_event_renders_its_dates_and_notes(editor, index_id):
    url = f"/admin/pages/add/cms_events/eventpage/{index_id}/preview/"

    posted = editor.post(url, post_data())
    preview = editor.get(url)

    assert posted.json()["is_valid"] is True
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "<dd>W każdy trzeci czwartek miesiąca, do 31 marca 2016, 16:30–18:30</dd>" in html
    assert "„Skuteczny newsletter w NGO”" in html
