"""An event of one tenant never shows in another tenant's list, month view or iCal feed."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from wagtail.models import Site

from cms.events.models import EventPage
from cms.events.recurrence import EVENT_TZ
from cms.events.selectors import occurrences_between
from tests.cms_events.factories import tenant_calendar_with

pytestmark = pytest.mark.django_db

CANARY = "Kanarek z Bydgoszczy"
OWN = "Spotkanie w Częstochowie"


def weekly(title: str) -> dict:
    # Every Monday from 1 February 2016, for ever: in every list, month and feed.
    return {
        "title": title,
        "start_date": date(2016, 2, 1),
        "start_time": time(10),
        "end_time": time(12),
        "repeat_frequency": "WEEKLY",
    }


URLS = ("/kalendarz/", "/kalendarz/miesiac/2016/02/", "/kalendarz/kalendarz.ics")


@pytest.fixture
def calendars(tenant_a, tenant_b):
    tenant_calendar_with(tenant_a, weekly(OWN))
    tenant_calendar_with(tenant_b, weekly(CANARY))


@pytest.mark.usefixtures("calendars")
@pytest.mark.parametrize("url", URLS)
def test_other_tenants_event_never_shows(client_a, client_b, url):
    own = client_a.get(url)
    other = client_b.get(url)

    assert own.status_code == other.status_code == 200
    assert OWN in own.content.decode()
    assert CANARY not in own.content.decode()
    # The canary is really there, on its own tenant's site.
    assert CANARY in other.content.decode()
    assert OWN not in other.content.decode()


@pytest.mark.usefixtures("calendars")
def test_other_tenants_event_page_and_ical_are_not_found(client_a, client_b):
    canary_page = "/kalendarz/kanarek-z-bydgoszczy/"

    assert client_b.get(canary_page).status_code == 200
    assert client_a.get(canary_page).status_code == 404
    assert client_b.get(canary_page + "wydarzenie.ics").status_code == 200
    assert client_a.get(canary_page + "wydarzenie.ics").status_code == 404


@pytest.mark.usefixtures("calendars")
def test_selector_sees_only_the_current_tenant(tenant_a):
    start = timezone.datetime(2016, 2, 1, tzinfo=EVENT_TZ)
    end = timezone.datetime(2016, 3, 1, tzinfo=EVENT_TZ)
    with schema_context(tenant_a.schema_name):
        site = Site.objects.get(hostname="czestochowa.test.localhost")
        events = EventPage.objects.descendant_of(site.root_page)
        titles = {o.event.title for o in occurrences_between(events, start, end)}

    assert titles == {OWN}
