"""Polish wording for event dates, times and recurrence rules (what the public reads).

Kept in code rather than in Django's locale files so that the forms are exact and testable:
weekdays in the accusative ("w środę"), months in the genitive ("21 stycznia 2016"),
ordinals agreeing with the weekday's gender ("w każdą ostatnią sobotę", "w każdy trzeci
czwartek").
"""

from __future__ import annotations

from datetime import date, datetime, time

# The names and plural rules are the platform's (one place for every app); re-exported here
# for the event modules.
from tenants.polish import (
    FEMININE_WEEKDAYS,
    MONTHS,
    MONTHS_GEN,
    WEEKDAYS,
    WEEKDAYS_ACC,
    WEEKDAYS_PLURAL,
    WEEKDAYS_SHORT,
    format_date,
    format_date_short,
    format_month,
    plural,
)

__all__ = [
    "MONTHS",
    "MONTHS_GEN",
    "WEEKDAYS",
    "WEEKDAYS_SHORT",
    "WEEKDAY_CODES",
    "describe_rule",
    "format_date",
    "format_date_short",
    "format_month",
    "format_span",
    "format_time",
    "format_times",
]

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Ordinals in the accusative: masculine inanimate (= nominative) and feminine.
ORDINALS_MASC = {
    1: "pierwszy",
    2: "drugi",
    3: "trzeci",
    4: "czwarty",
    5: "piąty",
    -1: "ostatni",
    -2: "przedostatni",
}
ORDINALS_FEM = {
    1: "pierwszą",
    2: "drugą",
    3: "trzecią",
    4: "czwartą",
    5: "piątą",
    -1: "ostatnią",
    -2: "przedostatnią",
}


def weekday_with_preposition(index: int) -> str:
    """ "w czwartek", "we wtorek", "w środę"."""
    return ("we " if index == 1 else "w ") + WEEKDAYS_ACC[index]


def format_time(value: time | datetime) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def format_times(*, start: time | None, end: time | None, all_day: bool, days: int = 0) -> str:
    """The usual hours of an event: "16:30–18:30", "od 16:30", "cały dzień", "7 dni"."""
    if all_day:
        return (
            "cały dzień" if days == 0 else f"{days + 1} {plural(days + 1, 'dzień', 'dni', 'dni')}"
        )
    if start is None:
        return ""
    if end is None:
        return f"od {format_time(start)}"
    return f"{format_time(start)}–{format_time(end)}"


def format_span(
    *, start: datetime, end: datetime, all_day: bool, last_day: date | None = None
) -> str:
    """The date and time of one occurrence.

    "czwartek, 21 stycznia 2016, 16:30–18:30"; "czwartek, 21 stycznia 2016 (cały dzień)";
    "poniedziałek, 16 września 2019 – niedziela, 22 września 2019 (cały dzień)".
    ``start``/``end`` are local (Europe/Warsaw); ``last_day`` is the last day of an all-day
    occurrence (its ``end`` is midnight of the day after).
    """
    first_day = start.date()
    if all_day:
        last = last_day or first_day
        if last == first_day:
            return f"{format_date(first_day)} (cały dzień)"
        return f"{format_date(first_day)} – {format_date(last)} (cały dzień)"
    if end <= start:
        return f"{format_date(first_day)}, {format_time(start)}"
    if end.date() == first_day:
        return f"{format_date(first_day)}, {format_time(start)}–{format_time(end)}"
    return (
        f"{format_date(first_day)}, {format_time(start)} – "
        f"{format_date(end.date())}, {format_time(end)}"
    )


def _ordinal_weekday(ordinal: int, weekday: int) -> str:
    feminine = weekday in FEMININE_WEEKDAYS
    words = ORDINALS_FEM if feminine else ORDINALS_MASC
    return f"{words[ordinal]} {WEEKDAYS_ACC[weekday]}"


def _every(weekday: int) -> str:
    return "każdą" if weekday in FEMININE_WEEKDAYS else "każdy"


def _join(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " i " + items[-1]


def _interval(n: int, unit: str) -> str:
    forms = {
        "DAILY": ("dzień", "dni", "dni"),
        "WEEKLY": ("tydzień", "tygodnie", "tygodni"),
        "MONTHLY": ("miesiąc", "miesiące", "miesięcy"),
        "YEARLY": ("rok", "lata", "lat"),
    }[unit]
    return f"co {n} {plural(n, *forms)}"


def _parse_byday(value: str) -> list[tuple[int | None, int]]:
    out = []
    for item in value.split(","):
        code = item[-2:]
        prefix = item[:-2]
        out.append((int(prefix) if prefix else None, WEEKDAY_CODES.index(code)))
    return out


def describe_rule(
    parts: dict[str, str], *, start: date, until: date | None = None, count: int | None = None
) -> str:
    """A recurrence rule in Polish words, e.g. "w każdy trzeci czwartek miesiąca".

    ``parts`` is a validated rule pattern split into its RFC 5545 parts (see
    :func:`cms.events.recurrence.rule_parts`). A rule this function cannot put into words is
    shown as itself ("według reguły FREQ=…").
    """
    text = _describe_pattern(parts, start=start)
    if until is not None:
        text += f", do {format_date_short(until)}"
    if count is not None:
        text += f", łącznie {count} {plural(count, 'termin', 'terminy', 'terminów')}"
    return text


def _describe_pattern(parts: dict[str, str], *, start: date) -> str:
    freq = parts["FREQ"]
    interval = int(parts.get("INTERVAL", "1"))
    known = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST"}
    if set(parts) - known:
        return "według reguły " + ";".join(f"{k}={v}" for k, v in parts.items())
    byday = _parse_byday(parts["BYDAY"]) if "BYDAY" in parts else []
    monthdays = [int(d) for d in parts["BYMONTHDAY"].split(",")] if "BYMONTHDAY" in parts else []
    months = [int(m) for m in parts["BYMONTH"].split(",")] if "BYMONTH" in parts else []

    if freq == "DAILY" and not (byday or monthdays or months):
        return "codziennie" if interval == 1 else _interval(interval, "DAILY")

    if freq == "WEEKLY" and not (monthdays or months):
        days = [d for _, d in byday] or [start.weekday()]
        if any(o is not None for o, _ in byday):
            return "według reguły " + ";".join(f"{k}={v}" for k, v in parts.items())
        if interval == 1 and len(days) == 1:
            return f"w {_every(days[0])} {WEEKDAYS_ACC[days[0]]}"
        if interval == 1:
            return "co tydzień w " + _join([WEEKDAYS_PLURAL[d] for d in days])
        return f"{_interval(interval, 'WEEKLY')}, " + _join(
            [weekday_with_preposition(d) for d in days]
        )

    if freq == "MONTHLY" and not months:
        every = "co miesiąc" if interval == 1 else _interval(interval, "MONTHLY")
        if len(byday) == 1 and byday[0][0] is not None and not monthdays:
            ordinal, day = byday[0]
            if ordinal not in ORDINALS_MASC:
                return "według reguły " + ";".join(f"{k}={v}" for k, v in parts.items())
            if interval == 1:
                return f"w {_every(day)} {_ordinal_weekday(ordinal, day)} miesiąca"
            return f"{every}, w {_ordinal_weekday(ordinal, day)} miesiąca"
        if monthdays == list(range(1, 8)) and byday and all(o is None for o, _ in byday):
            names = _join([weekday_with_preposition(d) for _, d in byday])
            return f"{every} w pierwszym tygodniu miesiąca, {names}"
        if byday and all(o is None for o, _ in byday) and not monthdays:
            names = _join([WEEKDAYS_PLURAL[d] for _, d in byday])
            return f"{every}, we wszystkie {names} miesiąca"
        if not byday:
            days = monthdays or [start.day]
            if days == [-1]:
                return f"{every}, ostatniego dnia miesiąca"
            if all(d > 0 for d in days):
                return f"{every}, " + _join([f"{d}." for d in days]) + " dnia miesiąca"
        return "według reguły " + ";".join(f"{k}={v}" for k, v in parts.items())

    if freq == "YEARLY":
        every = "co roku" if interval == 1 else _interval(interval, "YEARLY")
        month_list = months or [start.month]
        if not byday and len(month_list) == 1:
            days = monthdays or [start.day]
            if all(d > 0 for d in days):
                day_text = _join([str(d) for d in days])
                return f"{every}, {day_text} {MONTHS_GEN[month_list[0] - 1]}"
        ordinal, day = byday[0] if len(byday) == 1 else (None, 0)
        if ordinal in ORDINALS_MASC and ordinal is not None and len(month_list) == 1:
            return f"{every} w {_ordinal_weekday(ordinal, day)} {MONTHS_GEN[month_list[0] - 1]}"
    return "według reguły " + ";".join(f"{k}={v}" for k, v in parts.items())
