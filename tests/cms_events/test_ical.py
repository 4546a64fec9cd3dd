"""iCal files parsed back with icalendar + recurring_ical_events give exactly the occurrences."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import icalendar
import pytest
import recurring_ical_events
from django_tenants.utils import schema_context

from cms.events.recurrence import EVENT_TZ
from tests.cms_events.factories import CAL, tenant_calendar_with

pytestmark = pytest.mark.django_db

CAL_ICS = "/kalendarz/czestochowska-akcja-liderow/wydarzenie.ics"

# A weekly advice hour across the change to summer time, one date cancelled, one moved.
ADVICE = {
    "title": "Dyżur doradcy prawnego",
    "start_date": date(2016, 3, 15),
    "start_time": time(9, 0),
    "end_time": time(11, 0),
    "place_name": "Mobilny punkt JOWES",
    "place_address": "ul. Focha 19/21, 42-217 Częstochowa",
    "repeat_frequency": "WEEKLY",
    "repeat_count": 4,
    "exceptions": [{"date": date(2016, 3, 22), "reason": "Wielkanoc"}],
    "notes": [
        {
            "date": date(2016, 3, 29),
            "topic": "Umowy w spółdzielni socjalnej",
            "start_time": time(12, 0),
            "end_time": time(14, 0),
            "place_name": "Urząd Miasta Częstochowy",
            "place_address": "ul. Śląska 11/13",
        }
    ],
}


def local(*args) -> datetime:
    return datetime(*args, tzinfo=EVENT_TZ)


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def expanded(cal: icalendar.Calendar, start=date(2015, 1, 1), end=date(2018, 1, 1)):
    """(start, end, summary, location) of every occurrence, in time order."""
    found = recurring_ical_events.of(cal).between(start, end)
    return [
        (
            e["DTSTART"].dt,
            e["DTEND"].dt if "DTEND" in e else None,
            str(e["SUMMARY"]),
            str(e.get("LOCATION", "")),
        )
        for e in sorted(found, key=lambda e: e["DTSTART"].dt)
    ]


def test_event_ical_has_rule_notes_as_overrides_and_a_timezone(tenant_a, client_a):
    _, (event,) = tenant_calendar_with(tenant_a, CAL)

    cal = parse(client_a.get(CAL_ICS))

    place = "Mobilny punkt JOWES, ul. Focha 19/21, 42-217 Częstochowa"
    assert expanded(cal) == [
        (
            local(2016, 1, 21, 16, 30),
            local(2016, 1, 21, 18, 30),
            "Częstochowska Akcja Liderów: Jak przeprowadzić szkolenie?",
            place,
        ),
        (
            local(2016, 2, 18, 16, 30),
            local(2016, 2, 18, 18, 30),
            "Częstochowska Akcja Liderów: Skuteczny newsletter w NGO",
            place,
        ),
        (
            local(2016, 3, 17, 16, 30),
            local(2016, 3, 17, 18, 30),
            "Częstochowska Akcja Liderów: Role w zespole zadaniowym",
            place,
        ),
    ]
    master, *overrides = cal.walk("VEVENT")
    uid = f"wydarzenie-{event.pk}@czestochowa.test.localhost"
    assert str(master["UID"]) == uid
    assert master["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20160331T215959Z;BYDAY=+3TH"
    assert master["DTSTART"].params["TZID"] == "Europe/Warsaw"
    assert "DTSTAMP" in master
    assert [str(o["UID"]) for o in overrides] == [uid, uid, uid]
    assert [o["RECURRENCE-ID"].dt for o in overrides] == [
        local(2016, 1, 21, 16, 30),
        local(2016, 2, 18, 16, 30),
        local(2016, 3, 17, 16, 30),
    ]
    assert str(overrides[1]["DESCRIPTION"]).startswith(
        "Temat: Skuteczny newsletter w NGO\n"
        "Prowadzenie: doradca specjalistyczny ds. marketingu Zbyszko Kabziński"
    )
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Warsaw"]


def test_uid_is_stable_between_requests_and_the_stamp_is_the_publication(tenant_a, client_a):
    _, (event,) = tenant_calendar_with(tenant_a, CAL)
    with schema_context(tenant_a.schema_name):
        event.refresh_from_db()

    first = parse(client_a.get(CAL_ICS)).walk("VEVENT")[0]
    second = parse(client_a.get(CAL_ICS)).walk("VEVENT")[0]

    assert first["UID"] == second["UID"]
    assert first["DTSTAMP"].dt == event.last_published_at.astimezone(UTC).replace(microsecond=0)


def test_exdate_and_a_moved_occurrence_across_summer_time(tenant_a, client_a):
    tenant_calendar_with(tenant_a, ADVICE)

    cal = parse(client_a.get("/kalendarz/dyzur-doradcy-prawnego/wydarzenie.ics"))

    focha = "Mobilny punkt JOWES, ul. Focha 19/21, 42-217 Częstochowa"
    assert expanded(cal) == [
        (local(2016, 3, 15, 9), local(2016, 3, 15, 11), "Dyżur doradcy prawnego", focha),
        (
            local(2016, 3, 29, 12),
            local(2016, 3, 29, 14),
            "Dyżur doradcy prawnego: Umowy w spółdzielni socjalnej",
            "Urząd Miasta Częstochowy, ul. Śląska 11/13",
        ),
        (local(2016, 4, 5, 9), local(2016, 4, 5, 11), "Dyżur doradcy prawnego", focha),
    ]
    master = cal.walk("VEVENT")[0]
    assert master["EXDATE"].to_ical() == b"20160322T090000"
    assert master["EXDATE"].params["TZID"] == "Europe/Warsaw"
    # Summer time from 27 March: the local hour stays 9:00 (07:00 UTC instead of 08:00).
    assert [s[0].astimezone(UTC).hour for s in expanded(cal)] == [8, 10, 7]


def test_all_day_yearly_event_uses_dates(tenant_a, client_a):
    tenant_calendar_with(
        tenant_a,
        {
            "title": "Europejski Tydzień Zrównoważonego Transportu",
            "start_date": date(2019, 9, 16),
            "end_date": date(2019, 9, 22),
            "all_day": True,
            "start_time": None,
            "end_time": None,
            "repeat_frequency": "YEARLY",
            "repeat_until": date(2021, 12, 31),
        },
    )

    cal = parse(
        client_a.get("/kalendarz/europejski-tydzien-zrownowazonego-transportu/wydarzenie.ics")
    )

    assert [(s, e) for s, e, _, _ in expanded(cal, end=date(2030, 1, 1))] == [
        (date(2019, 9, 16), date(2019, 9, 23)),
        (date(2020, 9, 16), date(2020, 9, 23)),
        (date(2021, 9, 16), date(2021, 9, 23)),
    ]
    assert cal.walk("VEVENT")[0]["RRULE"].to_ical() == b"FREQ=YEARLY;UNTIL=20211231"


def test_calendar_feed_has_every_event_of_the_tenant(tenant_a, client_a):
    tenant_calendar_with(
        tenant_a,
        CAL,
        ADVICE,
        {
            "title": "Gala Ekonomii Społecznej",
            "start_date": date(2019, 11, 28),
            "start_time": time(17),
            "end_time": time(20),
        },
    )

    cal = parse(client_a.get("/kalendarz/kalendarz.ics"))

    assert str(cal["X-WR-CALNAME"]) == (
        "Kalendarz – Częstochowa – społecznie odpowiedzialny samorząd"
    )
    found = recurring_ical_events.of(cal).between(date(2016, 1, 1), date(2020, 1, 1))
    assert [str(e["SUMMARY"]) for e in sorted(found, key=lambda e: e["DTSTART"].dt)] == [
        "Częstochowska Akcja Liderów: Jak przeprowadzić szkolenie?",
        "Częstochowska Akcja Liderów: Skuteczny newsletter w NGO",
        "Dyżur doradcy prawnego",
        "Częstochowska Akcja Liderów: Role w zespole zadaniowym",
        "Dyżur doradcy prawnego: Umowy w spółdzielni socjalnej",
        "Dyżur doradcy prawnego",
        "Gala Ekonomii Społecznej",
    ]


def test_ical_of_unknown_or_unpublished_pages_is_404(tenant_a, client_a):
    _, (event,) = tenant_calendar_with(tenant_a, CAL)
    with schema_context(tenant_a.schema_name):
        event.unpublish()

    assert client_a.get(CAL_ICS).status_code == 404
    assert client_a.get("/kalendarz/nie-ma/wydarzenie.ics").status_code == 404
    # An event path with the calendar's file name (and the reverse) is not a feed.
    assert client_a.get("/kalendarz/wydarzenie.ics").status_code == 404


def test_ical_query_counts_are_pinned(tenant_a, client_a, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0  # measure the view, not the page cache
    tenant_calendar_with(
        tenant_a, CAL, ADVICE, *[{**CAL, "title": f"Spotkanie {n}"} for n in range(5)]
    )
    client_a.get("/kalendarz/kalendarz.ics")
    client_a.get(CAL_ICS)

    with django_assert_max_num_queries(7):
        assert client_a.get("/kalendarz/kalendarz.ics").status_code == 200
    with django_assert_max_num_queries(6):
        assert client_a.get(CAL_ICS).status_code == 200
