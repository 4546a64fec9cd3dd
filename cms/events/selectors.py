"""Reads of the events calendar: which occurrences fall into a range, month grids, feeds.

Expanding many events costs three queries whatever their number: the events (filtered by the
date range through their stored ``last_date``), their notes and their cancelled dates
(prefetched). Recurrence itself is expanded in :mod:`cms.events.recurrence`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, prefetch_related_objects
from wagtail.models import Page, Site

from cms.events.recurrence import (
    EVENT_TZ,
    Occurrence,
    event_occurrences,
    local_start,
    sort_key,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from cms.events.models import EventPage

UPCOMING_HORIZON_DAYS = 365
EVENT_PAGE_HORIZON_DAYS = 2 * 365


def _models():
    from cms.events import models

    return models


def _root_of(index_or_site: Page | Site) -> Page:
    return index_or_site.root_page if isinstance(index_or_site, Site) else index_or_site


def event_list(index_or_site: Page | Site) -> QuerySet[EventPage]:
    """Live events under a calendar page, or anywhere on a site."""
    models = _models()
    root = _root_of(index_or_site)
    return (
        models.EventPage.objects.live()
        .descendant_of(root)
        .prefetch_related(
            Prefetch("notes", queryset=models.EventNote.objects.order_by("sort_order", "pk")),
            Prefetch(
                "exceptions", queryset=models.EventException.objects.order_by("sort_order", "pk")
            ),
        )
    )


def _in_range(queryset: QuerySet[EventPage], start: datetime, end: datetime):
    # A margin of a day on each side: note times may shift an occurrence within its day.
    first_day = (start.astimezone(EVENT_TZ) - timedelta(days=1)).date()
    last_day = (end.astimezone(EVENT_TZ) + timedelta(days=1)).date()
    return queryset.filter(start_date__lte=last_day).filter(
        Q(last_date__isnull=True) | Q(last_date__gte=first_day)
    )


def occurrences_between(
    index_or_site: Page | Site,
    start: datetime,
    end: datetime,
    *,
    include_cancelled: bool = False,
) -> list[Occurrence]:
    """Occurrences of all live events of a calendar (or site) overlapping [start, end)."""
    events = _in_range(event_list(index_or_site), start, end)
    found = [
        occurrence
        for event in events
        for occurrence in event_occurrences(event, start, end, include_cancelled=include_cancelled)
    ]
    found.sort(key=sort_key)
    return found


def upcoming_occurrences(
    index_or_site: Page | Site, *, now: datetime, horizon_days: int = UPCOMING_HORIZON_DAYS
) -> list[Occurrence]:
    """Occurrences not yet over, for the coming year (cancelled ones included, marked)."""
    return occurrences_between(
        index_or_site, now, now + timedelta(days=horizon_days), include_cancelled=True
    )


def paginate(items: list, number: str | None, per_page: int) -> PaginatorPage:
    return Paginator(items, per_page).get_page(number)


# --- month view ------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    date: date
    in_month: bool
    is_today: bool
    occurrences: list[Occurrence] = field(default_factory=list)


@dataclass
class MonthCalendar:
    year: int
    month: int
    weeks: list[list[CalendarDay]]
    occurrences: list[Occurrence]

    @property
    def previous(self) -> tuple[int, int]:
        return (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)

    @property
    def next(self) -> tuple[int, int]:
        return (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)


def month_calendar(index_or_site: Page | Site, *, year: int, month: int, today: date):
    """A Monday-first grid of one month; each day lists the occurrences touching it."""
    first = date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    start = datetime.combine(first, time(0), tzinfo=EVENT_TZ)
    end = datetime.combine(following, time(0), tzinfo=EVENT_TZ)
    occurrences = occurrences_between(index_or_site, start, end, include_cancelled=True)
    by_day: dict[date, list[Occurrence]] = {}
    for occurrence in occurrences:
        for day in occurrence.days:
            by_day.setdefault(day, []).append(occurrence)
    weeks = [
        [
            CalendarDay(
                date=day,
                in_month=day.month == month,
                is_today=day == today,
                occurrences=by_day.get(day, []) if day.month == month else [],
            )
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    return MonthCalendar(year=year, month=month, weeks=weeks, occurrences=occurrences)


# --- one event -------------------------------------------------------------------------------


def _with_children(event: EventPage) -> EventPage:
    """Load the notes and cancelled dates of a saved event once (not for previews)."""
    in_memory = getattr(event, "_cluster_related_objects", None)
    if event.pk and not in_memory:
        prefetch_related_objects([event], "notes", "exceptions")
    return event


def event_schedule(
    event: EventPage, *, now: datetime, limit: int = 10
) -> tuple[list[Occurrence], list[Occurrence]]:
    """The next ``limit`` occurrences (from ``now``) and the last ``limit`` before it."""
    _with_children(event)
    first = local_start(event, event.start_date)
    upcoming = event_occurrences(
        event, now, now + timedelta(days=EVENT_PAGE_HORIZON_DAYS), include_cancelled=True
    )[:limit]
    ended = [
        o for o in event_occurrences(event, first, now, include_cancelled=True) if o.end <= now
    ]
    return upcoming, ended[-limit:]


def event_first_occurrence(event: EventPage) -> Occurrence | None:
    _with_children(event)
    first = local_start(event, event.start_date)
    found = event_occurrences(event, first, first + timedelta(days=1), include_cancelled=True)
    return found[0] if found else None


def calendar_events(index_or_site: Page | Site) -> QuerySet[EventPage]:
    """Every live event of a calendar, with notes and cancelled dates, for the iCal feed."""
    return event_list(index_or_site).order_by("start_date", "pk")


def calendar_uid_host() -> str:
    """The tenant's primary host name, which makes iCal UIDs unique and stable.

    The first Wagtail site is the tenant's own ``<slug>.<platform>`` host; custom domains are
    added later and do not change the UIDs calendar programs already know.
    """
    hostname = Site.objects.order_by("pk").values_list("hostname", flat=True).first()
    return hostname or "localhost"
