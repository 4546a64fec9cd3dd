"""The calendar over HTTP: upcoming list, month table, event page; query counts pinned."""

from __future__ import annotations

import json
import re
from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from cms.events.polish import format_date
from cms.events.recurrence import EVENT_TZ
from tests.cms_events.factories import CAL, tenant_calendar_with

pytestmark = pytest.mark.django_db

CAL_URL = "/kalendarz/czestochowska-akcja-liderow/"


def today() -> date:
    return timezone.localdate(timezone=EVENT_TZ)


def test_default_calendar_page_is_published_under_home(tenant_a, client_a):
    tenant_calendar_with(tenant_a)

    response = client_a.get("/kalendarz/")

    assert response.status_code == 200
    assert "<h1>Kalendarz</h1>" in response.text
    assert "W najbliższym roku nie zaplanowano wydarzeń." in response.text


def test_upcoming_list_shows_next_occurrences_in_order(tenant_a, client_a):
    first = today() + timedelta(days=1)
    meeting_day = today() + timedelta(days=10)
    tenant_calendar_with(
        tenant_a,
        {
            "title": "Dyżur doradcy",
            "start_date": first,
            "start_time": time(9, 0),
            "end_time": time(11, 0),
            "repeat_frequency": "WEEKLY",
            "repeat_count": 3,
            "place_name": "Częstochowskie Centrum Organizacji Pozarządowych",
            "place_address": "ul. Focha 19/21, 42-217 Częstochowa",
            "exceptions": [{"date": first + timedelta(days=7), "reason": "urlop"}],
            "notes": [{"date": first + timedelta(days=14), "topic": "Księgowość NGO"}],
        },
        {
            "title": "Mini forum organizacji",
            "start_date": meeting_day,
            "start_time": time(10),
            "end_time": None,
        },
        {"title": "Spotkanie sprzed lat", "start_date": date(2016, 1, 21)},
    )

    response = client_a.get("/kalendarz/")

    assert response.status_code == 200
    titles = re.findall(r'class="event-card__title"><a href="[^"]+">([^<]+)</a>', response.text)
    assert titles == ["Dyżur doradcy", "Dyżur doradcy", "Mini forum organizacji", "Dyżur doradcy"]
    when = re.findall(
        r'<p class="event-card__when"><time datetime="[^"]+">([^<]+)</time>', response.text
    )
    assert when == [
        f"{format_date(first)}, 09:00–11:00",
        f"{format_date(first + timedelta(days=7))}, 09:00–11:00",
        f"{format_date(meeting_day)}, 10:00",
        f"{format_date(first + timedelta(days=14))}, 09:00–11:00",
    ]
    assert response.text.count("– termin odwołany</strong> (urlop)") == 1
    assert "Temat: „Księgowość NGO”" in response.text
    assert "Miejsce: Częstochowskie Centrum Organizacji Pozarządowych, ul. Focha 19/21" in (
        response.text
    )
    assert "Spotkanie sprzed lat" not in response.text


def test_upcoming_list_is_paginated(tenant_a, client_a):
    start = today() + timedelta(days=1)
    tenant_calendar_with(
        tenant_a,
        {
            "title": "Codzienny dyżur",
            "start_date": start,
            "start_time": time(8),
            "repeat_frequency": "DAILY",
            "repeat_count": 25,
        },
    )

    first_page = client_a.get("/kalendarz/")
    second_page = client_a.get("/kalendarz/?strona=2")

    assert first_page.text.count('class="card event-card"') == 20
    assert "Strona 1 z 2" in first_page.text
    assert '<a href="?strona=2" rel="next">Następna strona</a>' in first_page.text
    assert second_page.text.count('class="card event-card"') == 5
    assert format_date(start + timedelta(days=24)) in second_page.text


def test_month_view_is_an_accessible_table(tenant_a, client_a):
    tenant_calendar_with(tenant_a, {**CAL, "exceptions": [], "notes": CAL["notes"][1:2]})

    response = client_a.get("/kalendarz/miesiac/2016/02/")

    assert response.status_code == 200
    html = response.text
    assert "<h1>Kalendarz: Luty 2016</h1>" in html
    assert "<caption>Wydarzenia w miesiącu: luty 2016</caption>" in html
    headers = re.findall(r'<th scope="col"><span class="weekday-full">([^<]+)</span>', html)
    assert headers == [
        "poniedziałek",
        "wtorek",
        "środa",
        "czwartek",
        "piątek",
        "sobota",
        "niedziela",
    ]
    cell = re.search(r'<time datetime="2016-02-18">18.*?</td>', html, re.S).group(0)
    assert f'<a href="{CAL_URL}">16:30 Częstochowska Akcja Liderów</a>' in cell
    assert '<a href="/kalendarz/miesiac/2016/01/" rel="prev">' in html
    assert '<a href="/kalendarz/miesiac/2016/03/" rel="next">' in html
    assert "Styczeń 2016" in html
    assert "Marzec 2016" in html
    # The list alternative below the table, with the note of the day.
    assert '<h2 id="lista-miesiaca">Lista wydarzeń: luty 2016</h2>' in html
    assert "czwartek, 18 lutego 2016, 16:30–18:30" in html
    assert "Temat: „Skuteczny newsletter w NGO” – doradca specjalistyczny ds. marketingu" in html
    assert html.count(f'href="{CAL_URL}"') == 2  # one in the table, one in the list


def test_month_view_year_boundaries_and_bad_months(tenant_a, client_a):
    tenant_calendar_with(tenant_a)

    december = client_a.get("/kalendarz/miesiac/2015/12/")

    assert '<a href="/kalendarz/miesiac/2016/01/" rel="next">' in december.text
    assert '<a href="/kalendarz/miesiac/2015/11/" rel="prev">' in december.text
    assert "W tym miesiącu nie ma wydarzeń." in december.text
    assert client_a.get("/kalendarz/miesiac/2016/13/").status_code == 404
    assert client_a.get("/kalendarz/miesiac/2016/00/").status_code == 404
    assert client_a.get("/kalendarz/miesiac/16/1/").status_code == 404


def test_month_view_shows_multi_day_and_cancelled_occurrences(tenant_a, client_a):
    tenant_calendar_with(
        tenant_a,
        {
            "title": "Europejski Tydzień Zrównoważonego Transportu",
            "start_date": date(2019, 9, 16),
            "end_date": date(2019, 9, 22),
            "all_day": True,
            "start_time": None,
            "end_time": None,
        },
        {**CAL, "notes": [], "exceptions": [{"date": date(2016, 2, 18)}]},
    )

    september = client_a.get("/kalendarz/miesiac/2019/09/").text
    february = client_a.get("/kalendarz/miesiac/2016/02/").text

    assert september.count(">Europejski Tydzień Zrównoważonego Transportu</a>") == 8  # 7 + list
    assert "poniedziałek, 16 września 2019 – niedziela, 22 września 2019 (cały dzień)" in (
        september
    )
    assert "16:30 Częstochowska Akcja Liderów</a> <strong>(odwołane)</strong>" in february


def test_event_page_shows_rule_notes_place_and_json_ld(tenant_a, client_a):
    tenant_calendar_with(tenant_a, CAL)

    response = client_a.get(CAL_URL)

    assert response.status_code == 200
    html = response.text
    assert "<h1>Częstochowska Akcja Liderów</h1>" in html
    assert "<dd>W każdy trzeci czwartek miesiąca, do 31 marca 2016, 16:30–18:30</dd>" in html
    assert "<dt>Pierwszy termin</dt><dd>czwartek, 21 stycznia 2016, 16:30–18:30</dd>" in html
    assert "<dd>Mobilny punkt JOWES<br>ul. Focha 19/21, 42-217 Częstochowa</dd>" in html
    assert f'href="{CAL_URL}wydarzenie.ics"' in html
    assert "Nie ma zaplanowanych terminów." in html
    past = html.split('id="minione-terminy"')[1]
    assert re.findall(r"<time[^>]*>([^<]+)</time>", past) == [
        "czwartek, 21 stycznia 2016, 16:30–18:30",
        "czwartek, 18 lutego 2016, 16:30–18:30",
        "czwartek, 17 marca 2016, 16:30–18:30",
    ]
    assert "„Jak przeprowadzić szkolenie?” – animator Justyna Całusińska" in past
    assert "„Role w zespole zadaniowym” – animator Adam Morzyk" in past

    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Event"
    assert data["name"] == "Częstochowska Akcja Liderów"
    assert data["startDate"] == "2016-01-21T16:30:00+01:00"
    assert data["endDate"] == "2016-01-21T18:30:00+01:00"
    assert data["location"] == {
        "@type": "Place",
        "name": "Mobilny punkt JOWES",
        "address": "ul. Focha 19/21, 42-217 Częstochowa",
    }
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Jurajski Ośrodek Wsparcia Ekonomii Społecznej",
    }
    assert data["eventSchedule"] == {
        "@type": "Schedule",
        "repeatFrequency": "P1M",
        "startDate": "2016-01-21",
        "scheduleTimezone": "Europe/Warsaw",
        "byDay": "https://schema.org/Thursday",
        "byMonthWeek": 3,
        "startTime": "16:30",
        "endTime": "18:30",
        "endDate": "2016-03-31",
    }
    assert data["url"] == f"http://czestochowa.test.localhost{CAL_URL}"


def test_event_page_lists_next_occurrences_with_notes(tenant_a, client_a):
    first = today() + timedelta(days=3)
    tenant_calendar_with(
        tenant_a,
        {
            "title": "Grupa wsparcia",
            "start_date": first,
            "start_time": time(15),
            "end_time": time(17),
            "repeat_frequency": "WEEKLY",
            "repeat_count": 2,
            "notes": [
                {
                    "date": first + timedelta(days=7),
                    "topic": "Spółdzielnie socjalne",
                    "speaker": "moderator",
                    "place_name": "Sala 46",
                },
            ],
        },
    )

    html = client_a.get("/kalendarz/grupa-wsparcia/").text

    upcoming = html.split('id="najblizsze-terminy"')[1]
    assert re.findall(r"<time[^>]*>([^<]+)</time>", upcoming) == [
        f"{format_date(first)}, 15:00–17:00",
        f"{format_date(first + timedelta(days=7))}, 15:00–17:00",
    ]
    assert "„Spółdzielnie socjalne” – moderator" in upcoming
    assert "Zmiana miejsca: Sala 46" in upcoming
    assert 'id="minione-terminy"' not in html


def test_query_counts_are_pinned(tenant_a, client_a, settings, django_assert_max_num_queries):
    """Three queries for the calendar's events however many there are (events, notes,
    cancellations); the rest is Wagtail's routing and the base template."""
    settings.PAGE_CACHE_SECONDS = 0  # measure the views, not the page cache
    soon = today() + timedelta(days=2)
    past = [
        {
            **CAL,
            "title": f"Spotkanie {n}",
            "notes": CAL["notes"][:1],
            "exceptions": [{"date": date(2016, 2, 18)}],
        }
        for n in range(5)
    ]
    upcoming = [
        {
            "title": f"Dyżur {n}",
            "start_date": soon,
            "start_time": time(9 + n),
            "end_time": None,
            "repeat_frequency": "WEEKLY",
            "repeat_count": 30,
            "notes": [{"date": soon + timedelta(days=7), "topic": "Temat"}],
            "exceptions": [{"date": soon + timedelta(days=14)}],
        }
        for n in range(5)
    ]
    tenant_calendar_with(tenant_a, CAL, *past, *upcoming)
    for url in ("/kalendarz/", "/kalendarz/miesiac/2016/02/", CAL_URL):
        assert client_a.get(url).status_code == 200  # warms the site and routing caches

    with django_assert_max_num_queries(15):
        assert client_a.get("/kalendarz/miesiac/2016/02/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client_a.get("/kalendarz/").status_code == 200
    with django_assert_max_num_queries(17):
        assert client_a.get(CAL_URL).status_code == 200
