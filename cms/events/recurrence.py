"""Recurrence of events: the one place where rules are parsed, validated and expanded.

Rules are RFC 5545 RRULE values expanded with python-dateutil (``rrulestr``), never by hand.
An event stores its rule *pattern* (``FREQ``, ``INTERVAL``, ``BY…`` parts) in ``EventPage.rrule``
and its bound separately (``repeat_until`` — a local date, inclusive — or ``repeat_count``),
because the RFC form of UNTIL depends on whether the event is all-day (a DATE) or timed
(a UTC date-time); :func:`event_rule` and :mod:`cms.events.ical` put them together.

All times are wall-clock times in Europe/Warsaw: an event at 16:30 stays at 16:30 across the
change to and from summer time (dateutil keeps the wall time of an aware ``dtstart``).

The functions here take any object with the event's schedule attributes (``start_date``,
``start_time``, ``end_date``, ``end_time``, ``all_day``, ``rrule``, ``repeat_until``,
``repeat_count``) and, for expansion, its ``notes`` and ``exceptions`` relations, so that this
module imports no models.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from cms.events.polish import WEEKDAY_CODES, describe_rule, format_span

EVENT_TZ = ZoneInfo("Europe/Warsaw")
MAX_COUNT = 1000

# The order in which parts are written back (FREQ first, as calendar programs expect).
PART_ORDER: tuple[str, ...] = (
    "FREQ",
    "INTERVAL",
    "BYMONTH",
    "BYWEEKNO",
    "BYYEARDAY",
    "BYMONTHDAY",
    "BYDAY",
    "BYSETPOS",
    "WKST",
)
ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_BYDAY_RE = re.compile(r"^([+-]?[1-9]\d?)?(MO|TU|WE|TH|FR|SA|SU)$")
_INT_LIST_RE = re.compile(r"^[+-]?\d{1,3}(,[+-]?\d{1,3})*$")
_INT_RANGES = {
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYSETPOS": (1, 366, True),
}
EXAMPLE = "np. FREQ=MONTHLY;BYDAY=+3TH (co miesiąc, w trzeci czwartek)"


class RuleError(ValueError):
    """A recurrence rule that cannot be used; the message is Polish and says why."""


@dataclass(frozen=True)
class ParsedRule:
    """A validated rule: its pattern (without bounds) and the bound it carried, if any."""

    pattern: str
    until: date | None = None
    count: int | None = None


def _parse_until(value: str) -> date:
    match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(T(\d{2})(\d{2})(\d{2})(Z?))?", value)
    if not match:
        raise RuleError(f"UNTIL={value}: podaj datę w postaci RRRRMMDD, np. UNTIL=20160317.")
    year, month, day, hour, minute, second = (int(match.group(i) or 0) for i in (1, 2, 3, 5, 6, 7))
    try:
        naive = datetime(year, month, day, hour, minute, second)  # noqa: DTZ001
    except ValueError as exc:
        raise RuleError(f"UNTIL={value}: taki dzień nie istnieje.") from exc
    if match.group(8):  # UTC: the local date of that instant
        return naive.replace(tzinfo=ZoneInfo("UTC")).astimezone(EVENT_TZ).date()
    return naive.date()


def parse_rule(text: str) -> ParsedRule:
    """Validate an RRULE value typed by an editor and split off its UNTIL/COUNT bound.

    Accepts an optional "RRULE:" prefix and lower case. Refuses, with a Polish message, what
    is malformed or what an event cannot do (repeat more often than daily, set hours, carry
    its own DTSTART).
    """
    raw = (text or "").strip()
    if raw.upper().startswith("RRULE:"):
        raw = raw[6:]
    raw = raw.strip().strip(";").upper().replace(" ", "")
    if not raw:
        raise RuleError(f"Wpisz regułę powtarzania, {EXAMPLE}.")
    parts: dict[str, str] = {}
    for item in raw.split(";"):
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            raise RuleError(f"„{item}” nie jest częścią reguły w postaci KLUCZ=WARTOŚĆ; {EXAMPLE}.")
        if key in parts:
            raise RuleError(f"Część {key} występuje w regule dwa razy.")
        parts[key] = value
    if "DTSTART" in parts:
        raise RuleError("Nie podawaj DTSTART w regule — początek to data i godzina wydarzenia.")
    if any(k in parts for k in ("BYHOUR", "BYMINUTE", "BYSECOND")):
        raise RuleError(
            "Reguła nie może ustalać godzin (BYHOUR, BYMINUTE, BYSECOND) — godziny "
            "wydarzenia podaj w polach godzin."
        )
    freq = parts.get("FREQ")
    if freq is None:
        raise RuleError(f"Brakuje częstotliwości FREQ; {EXAMPLE}.")
    if freq in ("HOURLY", "MINUTELY", "SECONDLY"):
        raise RuleError("Wydarzenie może powtarzać się najwyżej raz dziennie (FREQ=DAILY).")
    if freq not in ALLOWED_FREQUENCIES:
        raise RuleError(
            f"Nieznana częstotliwość FREQ={freq}; dozwolone: DAILY, WEEKLY, MONTHLY, YEARLY."
        )
    unknown = set(parts) - {*PART_ORDER, "UNTIL", "COUNT"}
    if unknown:
        raise RuleError("Nieznane części reguły: " + ", ".join(sorted(unknown)) + f"; {EXAMPLE}.")
    _check_values(parts)
    until = _parse_until(parts.pop("UNTIL")) if "UNTIL" in parts else None
    count = _parse_count(parts.pop("COUNT")) if "COUNT" in parts else None
    if until is not None and count is not None:
        raise RuleError("Reguła może mieć UNTIL albo COUNT, nie oba naraz.")
    pattern = ";".join(f"{k}={parts[k]}" for k in PART_ORDER if k in parts)
    try:
        rrulestr(pattern, dtstart=datetime(2000, 1, 1))  # noqa: DTZ001 - syntax check only
    except (ValueError, TypeError) as exc:
        raise RuleError(f"Nieprawidłowa reguła powtarzania „{pattern}”; {EXAMPLE}.") from exc
    return ParsedRule(pattern=pattern, until=until, count=count)


def _parse_count(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise RuleError(f"COUNT={value}: liczba terminów musi być dodatnią liczbą całkowitą.")
    return int(value)


def _check_values(parts: dict[str, str]) -> None:
    interval = parts.get("INTERVAL")
    if interval is not None and (not interval.isdigit() or int(interval) < 1):
        raise RuleError(f"INTERVAL={interval}: podaj dodatnią liczbę całkowitą, np. INTERVAL=2.")
    if "BYDAY" in parts:
        for item in parts["BYDAY"].split(","):
            match = _BYDAY_RE.match(item)
            if not match or (match.group(1) and not 1 <= abs(int(match.group(1))) <= 53):
                raise RuleError(
                    f"BYDAY: „{item}” nie jest dniem tygodnia; użyj MO, TU, WE, TH, FR, SA, SU, "
                    "z numerem kolejnym, np. +3TH (trzeci czwartek) albo -1FR (ostatni piątek)."
                )
    if "WKST" in parts and parts["WKST"] not in WEEKDAY_CODES:
        raise RuleError(f"WKST={parts['WKST']}: użyj MO, TU, WE, TH, FR, SA albo SU.")
    for key, (low, high, signed) in _INT_RANGES.items():
        if key not in parts:
            continue
        value = parts[key]
        if not _INT_LIST_RE.match(value):
            raise RuleError(f"{key}={value}: podaj liczby oddzielone przecinkami.")
        for number in (int(v) for v in value.split(",")):
            if not low <= abs(number) <= high or (number < 0 and not signed):
                raise RuleError(f"{key}={value}: liczba {number} jest poza zakresem.")


def build_pattern(
    *,
    frequency: str,
    interval: int = 1,
    weekday: str = "",
    ordinal: int | None = None,
    start: date | None = None,
) -> str:
    """The rule pattern of the friendly editor's choices.

    "every third Thursday" -> ``FREQ=MONTHLY;BYDAY=+3TH``; "every other week on Tuesday" ->
    ``FREQ=WEEKLY;INTERVAL=2;BYDAY=TU``; a yearly rule with an ordinal weekday keeps the month
    of the start date (``FREQ=YEARLY;BYMONTH=6;BYDAY=+1SA``).
    """
    parts = [f"FREQ={frequency}"]
    if interval and interval != 1:
        parts.append(f"INTERVAL={interval}")
    if frequency == "YEARLY" and ordinal and start is not None:
        parts.append(f"BYMONTH={start.month}")
    if weekday:
        parts.append(f"BYDAY={ordinal:+d}{weekday}" if ordinal else f"BYDAY={weekday}")
    return ";".join(parts)


def rule_parts(pattern: str) -> dict[str, str]:
    """``"FREQ=MONTHLY;BYDAY=+3TH"`` -> ``{"FREQ": "MONTHLY", "BYDAY": "+3TH"}``."""
    return dict(item.split("=", 1) for item in pattern.split(";") if item)


# --- schedule of one event -------------------------------------------------------------------


def day_span(event: Any) -> int:
    """How many days after its first day an occurrence ends (0 for a one-day event)."""
    if event.end_date and event.end_date > event.start_date:
        return (event.end_date - event.start_date).days
    return 0


def local_start(event: Any, on: date, start_time: time | None = None) -> datetime:
    if event.all_day:
        return datetime.combine(on, time(0), tzinfo=EVENT_TZ)
    return datetime.combine(on, start_time or event.start_time, tzinfo=EVENT_TZ)


def local_end(
    event: Any, on: date, start_time: time | None = None, end_time: time | None = None
) -> datetime:
    """End of the occurrence starting on ``on``: exclusive midnight for all-day events,
    the wall-clock end time otherwise (the start itself when no end time is given)."""
    last_day = on + timedelta(days=day_span(event))
    if event.all_day:
        return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=EVENT_TZ)
    end = end_time or event.end_time
    if end is None:
        return local_start(event, on, start_time)
    return datetime.combine(last_day, end, tzinfo=EVENT_TZ)


def until_instant(event: Any) -> datetime | None:
    """The last instant of the event's ``repeat_until`` day (inclusive bound), local time."""
    if event.repeat_until is None:
        return None
    return datetime.combine(event.repeat_until, time(23, 59, 59), tzinfo=EVENT_TZ)


def event_rule(event: Any) -> rrule | None:
    """The dateutil rule of an event (pattern + bound, starting at its first start), or None."""
    if not event.rrule:
        return None
    rule = rrulestr(event.rrule, dtstart=local_start(event, event.start_date))
    if event.repeat_count:
        return rule.replace(count=event.repeat_count)
    if event.repeat_until is not None:
        return rule.replace(until=until_instant(event))
    return rule


def is_recurring(event: Any) -> bool:
    return bool(event.rrule)


def rule_description(event: Any) -> str:
    """The event's rule in Polish words ("w każdy trzeci czwartek miesiąca, do …"), or ""."""
    if not event.rrule:
        return ""
    return describe_rule(
        rule_parts(event.rrule),
        start=event.start_date,
        until=event.repeat_until,
        count=event.repeat_count,
    )


def _starts_between(event: Any, after: datetime, before: datetime) -> Iterator[datetime]:
    """Original starts (as the rule gives them) within [after, before], in order."""
    rule = event_rule(event)
    first = local_start(event, event.start_date)
    if rule is None:
        if after <= first <= before:
            yield first
        return
    yield from rule.between(after, before, inc=True)


def occurrence_dates_among(event: Any, candidates: Iterable[date]) -> set[date]:
    """Which of ``candidates`` are days on which an occurrence of ``event`` starts."""
    wanted = set(candidates)
    if not wanted:
        return set()
    after = datetime.combine(min(wanted), time(0), tzinfo=EVENT_TZ)
    before = datetime.combine(max(wanted), time(23, 59, 59), tzinfo=EVENT_TZ)
    return {start.date() for start in _starts_between(event, after, before)} & wanted


def nearest_occurrence_date(event: Any, around: date) -> date | None:
    """The occurrence day closest to ``around`` (later one on a tie), for error messages."""
    rule = event_rule(event)
    if rule is None:
        return event.start_date
    moment = datetime.combine(around, time(12), tzinfo=EVENT_TZ)
    before = rule.before(moment, inc=True)
    after = rule.after(moment, inc=True)
    options = [d.date() for d in (before, after) if d is not None]
    if not options:
        return None
    return min(options, key=lambda d: (abs((d - around).days), -d.toordinal()))


def first_occurrence_start(event: Any) -> datetime | None:
    rule = event_rule(event)
    if rule is None:
        return local_start(event, event.start_date)
    return next(iter(rule), None)


def last_occurrence_date(event: Any) -> date | None:
    """The last day any occurrence of ``event`` touches, or None when it repeats for ever.

    With an UNTIL bound this is an upper bound (the bound itself plus the event's length),
    which is all the date-range filter of :mod:`cms.events.selectors` needs.
    """
    span = timedelta(days=day_span(event))
    if not event.rrule:
        return event.start_date + span
    if event.repeat_count:
        rule = event_rule(event)
        starts = list(rule) if rule is not None else []
        return (starts[-1].date() if starts else event.start_date) + span
    if event.repeat_until is not None:
        return event.repeat_until + span
    return None


# --- occurrences -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of an event: when (local, Europe/Warsaw), what changed, whether cancelled.

    ``date`` is the day the rule gives (the RECURRENCE-ID); a note may change the times and
    place, never the day.
    """

    event: Any
    date: date
    start: datetime
    end: datetime
    original_start: datetime
    all_day: bool
    note: Any = None
    exception: Any = None

    @property
    def cancelled(self) -> bool:
        return self.exception is not None

    @property
    def cancel_reason(self) -> str:
        return getattr(self.exception, "reason", "") if self.exception is not None else ""

    @property
    def last_day(self) -> dt.date:
        if self.all_day:
            return (self.end - timedelta(days=1)).date()
        return self.end.date()

    @property
    def days(self) -> list[dt.date]:
        """Every day this occurrence touches (several for a multi-day event)."""
        count = (self.last_day - self.start.date()).days + 1
        return [self.start.date() + timedelta(days=i) for i in range(max(count, 1))]

    @property
    def topic(self) -> str:
        return self.note.topic if self.note is not None else ""

    @property
    def speaker(self) -> str:
        return self.note.speaker if self.note is not None else ""

    @property
    def place_name(self) -> str:
        if self.note is not None and self.note.place_name:
            return self.note.place_name
        return self.event.place_name

    @property
    def place_address(self) -> str:
        if self.note is not None and (self.note.place_name or self.note.place_address):
            return self.note.place_address
        return self.event.place_address

    @property
    def time_changed(self) -> bool:
        return self.start != self.original_start or (
            self.note is not None and self.note.end_time is not None
        )

    @property
    def when(self) -> str:
        """ "czwartek, 21 stycznia 2016, 16:30–18:30"."""
        return format_span(
            start=self.start, end=self.end, all_day=self.all_day, last_day=self.last_day
        )


def _overlaps(start: datetime, end: datetime, window_start: datetime, window_end: datetime):
    if start >= window_end:
        return False
    return end > window_start or start >= window_start


def event_occurrences(
    event: Any, start: datetime, end: datetime, *, include_cancelled: bool = False
) -> list[Occurrence]:
    """Occurrences of ``event`` overlapping [start, end), in order.

    Notes change an occurrence's times and place; exceptions (EXDATE) cancel it — cancelled
    occurrences are left out unless ``include_cancelled`` (then their ``cancelled`` is True).
    Reads ``event.notes.all()`` and ``event.exceptions.all()``: prefetch them when expanding
    many events (see :func:`cms.events.selectors.occurrences_between`).
    """
    notes = {note.date: note for note in event.notes.all()}
    exceptions = {exc.date: exc for exc in event.exceptions.all()}
    # A note can move an occurrence later or earlier within its day; widen the search by the
    # length of the event plus a day on each side, then test the real overlap.
    margin = timedelta(days=day_span(event) + 1)
    found = []
    for original in _starts_between(event, start - margin, end + timedelta(days=1)):
        day = original.date()
        note = notes.get(day)
        exception = exceptions.get(day)
        if exception is not None and not include_cancelled:
            continue
        start_time = note.start_time if note is not None and not event.all_day else None
        end_time = note.end_time if note is not None and not event.all_day else None
        occ_start = local_start(event, day, start_time)
        occ_end = local_end(event, day, start_time, end_time)
        if not _overlaps(occ_start, occ_end, start, end):
            continue
        found.append(
            Occurrence(
                event=event,
                date=day,
                start=occ_start,
                end=occ_end,
                original_start=original,
                all_day=event.all_day,
                note=note,
                exception=exception,
            )
        )
    return found


def sort_key(occurrence: Occurrence) -> tuple:
    return (occurrence.start, occurrence.event.title, occurrence.event.pk or 0)
