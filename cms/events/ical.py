"""iCalendar (RFC 5545) export of events, built with the ``icalendar`` library.

One VEVENT per event carries the rule (RRULE), cancelled dates (EXDATE) and the times in
Europe/Warsaw (TZID with a VTIMEZONE); each note of a recurring event becomes an override
VEVENT with the same UID and a RECURRENCE-ID. UIDs are ``wydarzenie-<page id>@<tenant host>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import icalendar
from django.utils import timezone

from cms.events.recurrence import EVENT_TZ, local_end, local_start, until_instant

PRODID = "-//Platforma Ekonomii Społecznej//Kalendarz wydarzeń//PL"


def event_uid(event: Any, host: str) -> str:
    return f"wydarzenie-{event.pk}@{host}"


def _value(event: Any, moment: datetime) -> date | datetime:
    """A DATE for all-day events, a local date-time (TZID=Europe/Warsaw) otherwise."""
    return moment.date() if event.all_day else moment


def _place(name: str, address: str) -> str:
    return ", ".join(p for p in (name, address) if p)


def _stamp(event: Any) -> datetime:
    stamp = event.last_published_at or event.latest_revision_created_at or timezone.now()
    return stamp.astimezone(UTC)


def _recur(event: Any) -> icalendar.vRecur:
    recur = icalendar.vRecur.from_ical(event.rrule)
    if event.repeat_count:
        recur["COUNT"] = [event.repeat_count]
    elif event.repeat_until is not None:
        if event.all_day:
            recur["UNTIL"] = [event.repeat_until]
        else:  # RFC 5545: with a TZID start, UNTIL is a UTC date-time
            instant = until_instant(event)
            recur["UNTIL"] = [instant.astimezone(UTC)] if instant else []
    return recur


def _description(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def _base_event(event: Any, *, uid: str, stamp: datetime, url: str) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", uid)
    component.add("dtstamp", stamp)
    component.add("summary", event.title)
    if url:
        component.add("url", url)
    return component


def event_components(event: Any, *, host: str, url: str = "") -> list[icalendar.Event]:
    """The VEVENT of ``event`` followed by one override per note (recurring events)."""
    uid = event_uid(event, host)
    stamp = _stamp(event)
    notes = list(event.notes.all())
    exceptions = list(event.exceptions.all())
    organiser = f"Organizator: {event.organiser}" if event.organiser else ""

    main = _base_event(event, uid=uid, stamp=stamp, url=url)
    start = local_start(event, event.start_date)
    end = local_end(event, event.start_date)
    main.add("dtstart", _value(event, start))
    if end > start:
        main.add("dtend", _value(event, end))
    place = _place(event.place_name, event.place_address)
    description = _description(event.lead, organiser)
    components = [main]
    if event.rrule:
        main.add("rrule", _recur(event))
        if exceptions:
            main.add("exdate", [_value(event, local_start(event, x.date)) for x in exceptions])
        cancelled = {x.date for x in exceptions}
        for note in notes:
            if note.date in cancelled:
                continue
            components.append(
                _override(event, note, uid=uid, stamp=stamp, url=url, organiser=organiser)
            )
    elif notes:  # a one-off event: its only note describes it
        note = notes[0]
        description = _description(event.lead, _note_text(note), organiser)
        place = _place(note.place_name, note.place_address) or place
    if place:
        main.add("location", place)
    if description:
        main.add("description", description)
    return components


def _note_text(note: Any) -> str:
    return _description(
        f"Temat: {note.topic}" if note.topic else "",
        f"Prowadzenie: {note.speaker}" if note.speaker else "",
    )


def _override(
    event: Any, note: Any, *, uid: str, stamp: datetime, url: str, organiser: str
) -> icalendar.Event:
    component = _base_event(event, uid=uid, stamp=stamp, url=url)
    if note.topic:
        component["summary"] = icalendar.vText(f"{event.title}: {note.topic}")
    start_time = None if event.all_day else note.start_time
    end_time = None if event.all_day else note.end_time
    start = local_start(event, note.date, start_time)
    end = local_end(event, note.date, start_time, end_time)
    component.add("recurrence-id", _value(event, local_start(event, note.date)))
    component.add("dtstart", _value(event, start))
    if end > start:
        component.add("dtend", _value(event, end))
    place = _place(note.place_name, note.place_address) or _place(
        event.place_name, event.place_address
    )
    if place:
        component.add("location", place)
    description = _description(_note_text(note), event.lead, organiser)
    if description:
        component.add("description", description)
    return component


def calendar_ical(events: Iterable[Any], *, host: str, name: str, request: Any = None) -> bytes:
    """A whole VCALENDAR of ``events`` (notes and cancelled dates should be prefetched)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", str(EVENT_TZ))
    for event in events:
        url = event.get_full_url(request) or ""
        for component in event_components(event, host=host, url=url):
            cal.add_component(component)
    if cal.get_used_tzids():
        cal.add_missing_timezones()
    return cal.to_ical()
