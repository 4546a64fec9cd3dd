"""schema.org ``Event`` structured data (JSON-LD) of an event page."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString

from cms.events.recurrence import EVENT_TZ, Occurrence, rule_parts
from cms.text import json_ld

SCHEMA_DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
ISO_PERIODS = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}


def _schedule(event: Any) -> dict[str, Any]:
    parts = rule_parts(event.rrule)
    interval = int(parts.get("INTERVAL", "1"))
    schedule: dict[str, Any] = {
        "@type": "Schedule",
        "repeatFrequency": f"P{interval}{ISO_PERIODS[parts['FREQ']]}",
        "startDate": event.start_date.isoformat(),
        "scheduleTimezone": str(EVENT_TZ),
    }
    if "BYDAY" in parts and "," not in parts["BYDAY"]:
        code = parts["BYDAY"][-2:]
        ordinal = parts["BYDAY"][:-2]
        schedule["byDay"] = f"https://schema.org/{SCHEMA_DAYS[code]}"
        if ordinal and int(ordinal) > 0 and parts["FREQ"] == "MONTHLY":
            schedule["byMonthWeek"] = int(ordinal)
    if "BYMONTHDAY" in parts:
        schedule["byMonthDay"] = [int(d) for d in parts["BYMONTHDAY"].split(",")]
    if "BYMONTH" in parts:
        schedule["byMonth"] = [int(m) for m in parts["BYMONTH"].split(",")]
    if not event.all_day and event.start_time:
        schedule["startTime"] = event.start_time.strftime("%H:%M")
        if event.end_time:
            schedule["endTime"] = event.end_time.strftime("%H:%M")
    if event.repeat_until:
        schedule["endDate"] = event.repeat_until.isoformat()
    if event.repeat_count:
        schedule["repeatCount"] = event.repeat_count
    return schedule


def event_data(event: Any, *, url: str, occurrence: Occurrence | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if event.lead:
        data["description"] = event.lead
    if occurrence is not None:
        if occurrence.all_day:
            data["startDate"] = occurrence.start.date().isoformat()
            data["endDate"] = occurrence.last_day.isoformat()
        else:
            data["startDate"] = occurrence.start.isoformat()
            if occurrence.end > occurrence.start:
                data["endDate"] = occurrence.end.isoformat()
        if occurrence.cancelled:
            data["eventStatus"] = "https://schema.org/EventCancelled"
    place_name = occurrence.place_name if occurrence else event.place_name
    place_address = occurrence.place_address if occurrence else event.place_address
    if place_name or place_address:
        data["location"] = {"@type": "Place", "name": place_name or place_address}
        if place_address:
            data["location"]["address"] = place_address
    if event.organiser:
        data["organizer"] = {"@type": "Organization", "name": event.organiser}
    if event.rrule:
        data["eventSchedule"] = _schedule(event)
    return data


def event_json_ld(event: Any, *, url: str, occurrence: Occurrence | None) -> SafeString:
    """The JSON for a ``<script type="application/ld+json">`` element, safe to embed."""
    return json_ld(event_data(event, url=url, occurrence=occurrence))
