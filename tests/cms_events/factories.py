"""Helpers that build a calendar and events under a tenant's home page (inside its schema)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django_tenants.utils import schema_context

from cms.events.choices import RepeatFrequency, Weekday, WeekdayOrdinal
from cms.events.models import EventIndexPage, EventPage
from cms.events.services import default_page_create, event_page_create
from cms.models import HomePage

FOCHA = "ul. Focha 19/21, 42-217 Częstochowa"

# The JOWES seed: CAL, every third Thursday, 16:30–18:30, January–March 2016, three notes.
CAL: dict[str, Any] = {
    "title": "Częstochowska Akcja Liderów",
    "lead": "Comiesięczne spotkania z przedstawicielami organizacji pozarządowych.",
    "start_date": date(2016, 1, 21),
    "start_time": time(16, 30),
    "end_time": time(18, 30),
    "place_name": "Mobilny punkt JOWES",
    "place_address": FOCHA,
    "organiser": "Jurajski Ośrodek Wsparcia Ekonomii Społecznej",
    "repeat_frequency": RepeatFrequency.MONTHLY,
    "repeat_ordinal": WeekdayOrdinal.THIRD,
    "repeat_weekday": Weekday.TH,
    "repeat_until": date(2016, 3, 31),
    "notes": [
        {
            "date": date(2016, 1, 21),
            "topic": "Jak przeprowadzić szkolenie?",
            "speaker": "animator Justyna Całusińska",
        },
        {
            "date": date(2016, 2, 18),
            "topic": "Skuteczny newsletter w NGO",
            "speaker": "doradca specjalistyczny ds. marketingu Zbyszko Kabziński",
        },
        {
            "date": date(2016, 3, 17),
            "topic": "Role w zespole zadaniowym",
            "speaker": "animator Adam Morzyk",
        },
    ],
}


def home_page() -> HomePage:
    home = HomePage.objects.first()
    assert home is not None
    return home


def calendar_create() -> EventIndexPage:
    """The tenant's "Kalendarz" under its home page (call inside the tenant's schema)."""
    return default_page_create(parent=home_page())


def event_create(index: EventIndexPage, **overrides: Any) -> EventPage:
    """A published event under ``index``: a one-off meeting unless told otherwise."""
    values: dict[str, Any] = {
        "title": "Spotkanie organizacji",
        "start_date": date(2016, 1, 21),
        "start_time": time(10, 0),
        "end_time": time(12, 0),
    }
    values.update(overrides)
    return event_page_create(index=index, **values)


def tenant_calendar_with(tenant, *events: dict[str, Any]) -> tuple[EventIndexPage, list[EventPage]]:
    """Create the calendar of ``tenant`` and ``events`` in it; back in the public schema after."""
    with schema_context(tenant.schema_name):
        index = calendar_create()
        created = [event_create(index, **spec) for spec in events]
    return index, created
