"""Issue 11: view-restricted pages leaked through every public read of tenant A (site search,
news list, RSS, calendar, month view, iCal feed, the event's own .ics). They must not; the
pages themselves answer with Wagtail's password form or login redirect."""

from __future__ import annotations

import re

import pytest

from tests.security.conftest import CANARY, ORACLE, SUBTREE_CANARY

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("word", [CANARY, CANARY.lower(), ORACLE, SUBTREE_CANARY, "Opis"])
def test_search_finds_no_restricted_page_by_any_of_its_words(planted, client_a, word):
    text = _text(client_a.get("/szukaj/", {"q": word}))
    # The query itself is echoed (the search box and the status line); nothing else may be.
    rest = text.replace(f'value="{word}"', "").replace(f"„{word}”", "")

    assert f"Znaleziono: 0 dla zapytania „{word}”." in text
    assert CANARY not in rest
    assert SUBTREE_CANARY not in rest
    assert 'class="search-results"' not in text


def test_search_still_finds_public_pages(planted, client_a):
    text = _text(client_a.get("/szukaj/", {"q": "jawna aktualnosc"}))

    assert "Znaleziono: 1" in text
    assert "Jawna aktualność o spółdzielniach</a>" in text


def test_news_list_and_rss_leave_restricted_news_out(planted, client_a):
    listing = _text(client_a.get("/aktualnosci/"))
    feed = _text(client_a.get("/aktualnosci/rss/"))

    assert re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', listing) == [
        "Jawna aktualność o spółdzielniach"
    ]
    assert re.findall(r"<item><title>([^<]+)</title>", feed) == [
        "Jawna aktualność o spółdzielniach"
    ]
    assert CANARY not in listing
    assert CANARY not in feed


def test_calendar_month_view_and_ical_feed_leave_restricted_events_out(planted, client_a):
    year, month = planted.event_month
    upcoming = _text(client_a.get("/kalendarz/"))
    month_view = _text(client_a.get(f"/kalendarz/miesiac/{year:04d}/{month:02d}/"))
    feed = _text(client_a.get("/kalendarz/kalendarz.ics"))

    for body in (upcoming, month_view):
        assert "Jawne spotkanie organizacji" in body
        assert CANARY not in body
    assert re.findall(r"^SUMMARY:(.*)\r$", feed, flags=re.M) == ["Jawne spotkanie organizacji"]
    assert CANARY not in feed


def test_a_restricted_events_own_ics_gives_the_password_form(planted, client_a):
    response = client_a.get(planted.event_url + "wydarzenie.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert 'name="password"' in response.content.decode()
    assert CANARY not in response.content.decode()


def test_the_ics_opens_once_the_password_was_given(planted, client_a):
    from tests.security.conftest import PAGE_PASSWORD

    with_password = client_a.get(planted.event_url)
    action = re.search(r'action="([^"]+)"', with_password.content.decode()).group(1)
    client_a.post(action, {"password": PAGE_PASSWORD, "return_url": planted.event_url})

    response = client_a.get(planted.event_url + "wydarzenie.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"SUMMARY:Spotkanie {CANARY}" in response.content.decode()


def test_restricted_pages_answer_with_the_password_form_or_login(planted, client_a):
    news = client_a.get(planted.news_url)
    subtree = client_a.get(planted.subtree_url)

    assert news.status_code == 200
    assert 'name="password"' in news.content.decode()
    assert ORACLE not in news.content.decode()
    assert subtree.status_code == 302
    assert subtree["Location"].startswith("/_util/login/?next=")


def test_sitemap_lists_no_restricted_page(planted, client_a):
    locations = re.findall(r"<loc>([^<]+)</loc>", _text(client_a.get("/sitemap.xml")))

    assert "http://czestochowa.test.localhost/strefa-partnera/" not in locations
    assert not [loc for loc in locations if "kwiczolowiec" in loc or "/umowa/" in loc]
    assert "http://czestochowa.test.localhost/aktualnosci/jawna-aktualnosc-o-spoldzielniach/" in (
        locations
    )


def test_another_tenants_public_canary_never_shows(planted, client_a, client_b):
    own = _text(client_b.get("/szukaj/", {"q": CANARY}))

    assert "Znaleziono: 1" in own  # B's public page is found on B...
    assert f"Bydgoski {CANARY}</a>" in own
    for url in ("/szukaj/?q=bydgoski", "/aktualnosci/", "/aktualnosci/rss/"):
        assert "Bydgoski" not in _text(client_a.get(url))  # ...and never on A
