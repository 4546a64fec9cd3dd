"""Reads of the events calendar: which occurrences fall into a range, month grids, feeds.

Every read starts from a queryset of event pages the caller names (a calendar's events, a
site's) and keeps only what the public may see (:func:`cms.visibility.public_pages`), so a
view-restricted event never reaches a list, month, feed or search. This module does not
import the page models (they import it): the prefetched relations are found on the queryset.

Expanding many events costs four queries whatever their number: the view restrictions, the
events (filtered by the date range through their stored ``last_date``), their notes and their
cancelled dates (prefetched). Recurrence itself is expanded in :mod:`cms.events.recurrence`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from wagtail.models import Page, Site

from cms.events.recurrence import (
    EVENT_TZ,
    Occurrence,
    event_occurrences,
    local_start,
    sort_key,
)
from cms.visibility import public_pages

UPCOMING_HORIZON_DAYS = 365
EVENT_PAGE_HORIZON_DAYS = 2 * 365
# Occurrence notes and cancelled dates of an event, in the editor's order.
CHILD_RELATIONS = ("notes", "exceptions")


def _ordered_children(events: QuerySet, relation: str) -> Prefetch:
    related = events.model._meta.get_field(relation).related_model
    return Prefetch(relation, queryset=related.objects.order_by("sort_order", "pk"))


def event_list(events: QuerySet) -> QuerySet:
    """The events among ``events`` the public may see, with notes and cancelled dates."""
    return public_pages(events).prefetch_related(
        *(_ordered_children(events, relation) for relation in CHILD_RELATIONS)
    )


def _in_range(queryset: QuerySet, start: datetime, end: datetime):
    # A margin of a day on each side: note times may shift an occurrence within its day.
    first_day = (start.astimezone(EVENT_TZ) - timedelta(days=1)).date()
    last_day = (end.astimezone(EVENT_TZ) + timedelta(days=1)).date()
    return queryset.filter(start_date__lte=last_day).filter(
        Q(last_date__isnull=True) | Q(last_date__gte=first_day)
    )


def occurrences_between(
    events: QuerySet,
    start: datetime,
    end: datetime,
    *,
    include_cancelled: bool = False,
) -> list[Occurrence]:
    """Occurrences of the public events among ``events`` overlapping [start, end)."""
    found = [
        occurrence
        for event in _in_range(event_list(events), start, end)
        for occurrence in event_occurrences(event, start, end, include_cancelled=include_cancelled)
    ]
    found.sort(key=sort_key)
    return found


def upcoming_occurrences(
    events: QuerySet, *, now: datetime, horizon_days: int = UPCOMING_HORIZON_DAYS
) -> list[Occurrence]:
    """Occurrences not yet over, for the coming year (cancelled ones included, marked)."""
    return occurrences_between(
        events, now, now + timedelta(days=horizon_days), include_cancelled=True
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


def month_calendar(events: QuerySet, *, year: int, month: int, today: date) -> MonthCalendar:
    """A Monday-first grid of one month; each day lists the occurrences touching it."""
    first = date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    start = datetime.combine(first, time(0), tzinfo=EVENT_TZ)
    end = datetime.combine(following, time(0), tzinfo=EVENT_TZ)
    occurrences = occurrences_between(events, start, end, include_cancelled=True)
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


def _with_children(event: Page) -> Page:
    """Load the notes and cancelled dates of a saved event once (not for previews)."""
    in_memory = getattr(event, "_cluster_related_objects", None)
    if event.pk and not in_memory:
        prefetch_related_objects([event], *CHILD_RELATIONS)
    return event


def event_schedule(
    event: Page, *, now: datetime, limit: int = 10
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


def event_first_occurrence(event: Page) -> Occurrence | None:
    _with_children(event)
    first = local_start(event, event.start_date)
    found = event_occurrences(event, first, first + timedelta(days=1), include_cancelled=True)
    return found[0] if found else None


def calendar_events(events: QuerySet) -> QuerySet:
    """Every public event among ``events``, with notes and cancelled dates, for the iCal feed."""
    return event_list(events).order_by("start_date", "pk")


def calendar_uid_host() -> str:
    """The tenant's primary host name, which makes iCal UIDs unique and stable.

    The first Wagtail site is the tenant's own ``<slug>.<platform>`` host; custom domains are
    added later and do not change the UIDs calendar programs already know.
    """
    hostname = Site.objects.order_by("pk").values_list("hostname", flat=True).first()
    return hostname or "localhost"
