"""Writes of the events calendar. Run inside the tenant's schema."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Any

from django.db import transaction
from wagtail.coreutils import find_available_slug
from wagtail.models import Page

from cms.events.choices import RepeatFrequency
from cms.events.models import EventException, EventIndexPage, EventNote, EventPage
from cms.text import slugify_pl

DEFAULT_INDEX_TITLE = "Kalendarz"
DEFAULT_INDEX_INTRO = (
    "Spotkania, szkolenia i wydarzenia ekonomii społecznej. Kalendarz można dodać do swojego "
    "programu pocztowego lub telefonu (plik iCal)."
)


@transaction.atomic
def default_page_create(*, parent: Page) -> EventIndexPage:
    """The published "Kalendarz" under ``parent`` (the home page); idempotent.

    An existing calendar under ``parent`` is returned as it is. The slug is "kalendarz", or
    "kalendarz-1"… when an unrelated page already uses it.
    """
    existing = EventIndexPage.objects.child_of(parent).order_by("path").first()
    if existing is not None:
        return existing
    index = EventIndexPage(
        title=DEFAULT_INDEX_TITLE,
        slug=find_available_slug(parent, "kalendarz"),
        intro=DEFAULT_INDEX_INTRO,
        show_in_menus=True,
    )
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


def _slug_for(title: str) -> str:
    return slugify_pl(title)[:80].strip("-") or "wydarzenie"


@transaction.atomic
def event_page_create(
    *,
    index: EventIndexPage,
    title: str,
    start_date: date,
    start_time: time | None = None,
    end_time: time | None = None,
    all_day: bool = False,
    end_date: date | None = None,
    lead: str = "",
    body: Any = None,
    place_name: str = "",
    place_address: str = "",
    organiser: str = "",
    repeat_frequency: str = RepeatFrequency.NONE,
    repeat_interval: int = 1,
    repeat_ordinal: int | None = None,
    repeat_weekday: str = "",
    repeat_until: date | None = None,
    repeat_count: int | None = None,
    rrule: str = "",
    exceptions: Iterable[dict[str, Any]] = (),
    notes: Iterable[dict[str, Any]] = (),
    slug: str = "",
    publish: bool = True,
) -> EventPage:
    """Create an event under ``index`` with its cancelled dates and notes, validated.

    Raises ``django.core.exceptions.ValidationError`` (Polish messages) for a schedule that
    does not hold: end before start, a malformed rule, a note or cancellation on a day on
    which the event does not take place, and so on.
    """
    event = EventPage(
        title=title,
        slug=slug or find_available_slug(index, _slug_for(title)),
        lead=lead,
        place_name=place_name,
        place_address=place_address,
        organiser=organiser,
        start_date=start_date,
        start_time=start_time,
        end_time=end_time,
        all_day=all_day,
        end_date=end_date,
        repeat_frequency=repeat_frequency,
        repeat_interval=repeat_interval,
        repeat_ordinal=repeat_ordinal,
        repeat_weekday=repeat_weekday,
        repeat_until=repeat_until,
        repeat_count=repeat_count,
        rrule=rrule,
    )
    if body is not None:
        event.body = body
    event.exceptions = [EventException(**row) for row in exceptions]
    event.notes = [EventNote(**row) for row in notes]
    index.add_child(instance=event)
    revision = event.save_revision()
    if publish:
        revision.publish()
    return event
