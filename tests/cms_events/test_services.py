"""The default calendar page and the demo events from the seed pages."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import pytest
from django_tenants.utils import schema_context

from cms.events.demo import seed_demo_content
from cms.events.models import EventIndexPage, EventPage
from cms.events.recurrence import EVENT_TZ, event_occurrences
from cms.events.services import default_page_create
from cms.models import StandardPage
from tests.cms_events.factories import home_page

pytestmark = pytest.mark.django_db


def test_default_calendar_page_is_created_once(tenant_a):
    with schema_context(tenant_a.schema_name):
        home = home_page()
        first = default_page_create(parent=home)
        second = default_page_create(parent=home)

        assert first.pk == second.pk
        assert EventIndexPage.objects.child_of(home).count() == 1
        first.refresh_from_db()
        assert (first.title, first.slug, first.live, first.show_in_menus) == (
            "Kalendarz",
            "kalendarz",
            True,
            True,
        )
        assert first.get_parent().pk == home.pk


def test_default_calendar_page_avoids_a_taken_slug(tenant_a):
    with schema_context(tenant_a.schema_name):
        about = home_page().add_child(
            instance=StandardPage(title="O projekcie", slug="o-projekcie")
        )
        about.add_child(instance=StandardPage(title="Kalendarz imprez", slug="kalendarz"))

        index = default_page_create(parent=about)

        assert index.slug == "kalendarz-1"
        assert index.get_parent().pk == about.pk


def titles_and_dates(start: date, end: date) -> list[tuple[str, date]]:
    after = datetime(start.year, start.month, start.day, tzinfo=EVENT_TZ)
    before = datetime(end.year, end.month, end.day, tzinfo=EVENT_TZ)
    return sorted(
        (event.title, occurrence.date)
        for event in EventPage.objects.live().prefetch_related("notes", "exceptions")
        for occurrence in event_occurrences(event, after, before)
    )


def test_jowes_demo_has_cal_with_its_three_sessions_and_is_idempotent(tenant_a):
    jowes = SimpleNamespace(slug="jowes")
    with schema_context(tenant_a.schema_name):
        seed_demo_content(jowes)
        seed_demo_content(jowes)

        assert EventIndexPage.objects.count() == 1
        assert EventPage.objects.count() == 2
        cal = EventPage.objects.get(slug="czestochowska-akcja-liderow")
        assert cal.rule_text == "w każdy trzeci czwartek miesiąca, do 31 marca 2016"
        assert cal.place_address == "ul. Focha 19/21, 42-217 Częstochowa"
        assert list(cal.notes.values_list("date", "topic", "speaker")) == [
            (date(2016, 1, 21), "Jak przeprowadzić szkolenie?", "animator Justyna Całusińska"),
            (
                date(2016, 2, 18),
                "Skuteczny newsletter w NGO",
                "doradca specjalistyczny ds. marketingu Zbyszko Kabziński",
            ),
            (date(2016, 3, 17), "Role w zespole zadaniowym", "animator Adam Morzyk"),
        ]
        groups = EventPage.objects.get(slug="grupy-wsparcia-tematycznego")
        assert groups.rrule == "FREQ=MONTHLY;BYDAY=+1TU"
        assert titles_and_dates(date(2016, 1, 1), date(2017, 1, 1)) == sorted(
            [
                ("Częstochowska Akcja Liderów (CAL)", date(2016, m, d))
                for m, d in ((1, 21), (2, 18), (3, 17))
            ]
            + [
                ("Grupy wsparcia tematycznego", date(2016, m, d))
                for m, d in ((1, 5), (2, 2), (3, 1), (4, 5), (5, 3), (6, 7))
            ]
        )


def test_czestochowa_demo_events(tenant_a):
    with schema_context(tenant_a.schema_name):
        seed_demo_content(tenant_a)

        assert titles_and_dates(date(2020, 1, 1), date(2021, 1, 1)) == [
            ("Europejski Tydzień Zrównoważonego Transportu", date(2020, 9, 16)),
            ("Rodzinny Piknik Organizacji Pozarządowych", date(2020, 6, 6)),
        ]
        assert sorted(EventPage.objects.values_list("title", flat=True)) == [
            "Europejski Tydzień Zrównoważonego Transportu",
            "Gala Ekonomii Społecznej",
            "Mini forum organizacji pozarządowych",
            "Rodzinny Piknik Organizacji Pozarządowych",
        ]


def test_bydgoszcz_demo_seminars_are_marked_approximate(tenant_b):
    with schema_context(tenant_b.schema_name):
        seed_demo_content(tenant_b)

        seminars = list(EventPage.objects.order_by("start_date"))
        assert [(s.place_name, s.start_date) for s in seminars] == [
            ("Nakło nad Notecią", date(2013, 5, 14)),
            ("Inowrocław", date(2013, 5, 21)),
            ("Brodnica", date(2013, 5, 27)),
        ]
        assert all(s.start_date < date(2013, 5, 29) for s in seminars)
        assert all("Data przybliżona" in str(s.body) for s in seminars)


def test_jedrzejow_demo_meetings(tenant_b):
    with schema_context(tenant_b.schema_name):
        seed_demo_content(SimpleNamespace(slug="jedrzejow"))

        meetings = list(EventPage.objects.order_by("start_date"))
        assert [(m.start_date, m.all_day, m.place_name) for m in meetings] == [
            (date(2017, 4, 5), True, "Starostwo Powiatowe w Jędrzejowie"),
            (date(2017, 6, 7), True, "Starostwo Powiatowe w Jędrzejowie"),
        ]
        assert "Termin orientacyjny" in str(meetings[1].body)
