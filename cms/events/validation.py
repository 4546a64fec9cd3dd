"""Validation of an event's schedule, its cancelled dates and its per-occurrence notes.

Used by ``EventPage.clean()`` (every save, programmatic or from the editor) and by the
editor's form, which attaches the errors about notes and cancelled dates to the rows they
concern. Messages are Polish and say what to change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from cms.events.choices import RepeatFrequency
from cms.events.polish import format_date, format_date_short, format_time
from cms.events.recurrence import (
    MAX_COUNT,
    RuleError,
    build_pattern,
    first_occurrence_start,
    nearest_occurrence_date,
    occurrence_dates_among,
    parse_rule,
)

Errors = dict[str, list[str]]


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def clean_schedule(event: Any) -> Errors:
    """Check the date, times and recurrence of ``event``; derive its stored rule.

    On success ``event.rrule`` holds the validated rule pattern (built from the friendly
    fields, or the editor's own rule for "własna reguła") and a custom rule's UNTIL/COUNT are
    moved into ``repeat_until``/``repeat_count``. Returns errors by field name.
    """
    errors: Errors = {}
    _check_times(event, errors)
    _check_recurrence(event, errors)
    if not errors and event.rrule:
        first = first_occurrence_start(event)
        if first is None:
            _add(errors, "rrule", "Reguła powtarzania nie wyznacza żadnego terminu.")
        elif first.date() != event.start_date:
            _add(
                errors,
                "start_date",
                f"Data rozpoczęcia ({format_date(event.start_date)}) nie pasuje do reguły "
                f"powtarzania — pierwszy pasujący termin to {format_date(first.date())}. "
                "Ustaw datę rozpoczęcia na pierwszy termin.",
            )
    return errors


def _check_times(event: Any, errors: Errors) -> None:
    if event.start_date is None:
        return  # the field's own "required" error is enough
    if event.all_day:
        if event.start_time is not None or event.end_time is not None:
            _add(
                errors,
                "all_day",
                "Wydarzenie całodniowe nie ma godzin — usuń godziny albo odznacz „cały dzień”.",
            )
    elif event.start_time is None:
        _add(errors, "start_time", "Podaj godzinę rozpoczęcia albo zaznacz „cały dzień”.")
    if event.end_date is not None and event.end_date < event.start_date:
        _add(
            errors,
            "end_date",
            f"Data zakończenia ({format_date_short(event.end_date)}) nie może być wcześniejsza "
            f"niż data rozpoczęcia ({format_date_short(event.start_date)}).",
        )
    same_day = event.end_date is None or event.end_date == event.start_date
    if (
        same_day
        and not event.all_day
        and event.start_time is not None
        and event.end_time is not None
        and event.end_time <= event.start_time
    ):
        _add(
            errors,
            "end_time",
            f"Godzina zakończenia ({format_time(event.end_time)}) musi być późniejsza niż "
            f"godzina rozpoczęcia ({format_time(event.start_time)}).",
        )


def _check_recurrence(event: Any, errors: Errors) -> None:
    frequency = event.repeat_frequency or RepeatFrequency.NONE
    if frequency == RepeatFrequency.NONE:
        for field, label in (
            ("repeat_until", "datę „powtarzaj do”"),
            ("repeat_count", "liczbę terminów"),
            ("repeat_weekday", "dzień tygodnia"),
            ("repeat_ordinal", "numer dnia w miesiącu"),
        ):
            if getattr(event, field) not in (None, ""):
                _add(
                    errors,
                    field,
                    f"Wydarzenie się nie powtarza — wybierz częstotliwość albo usuń {label}.",
                )
        if event.rrule and not errors:
            _add(
                errors,
                "repeat_frequency",
                "Wpisano regułę RRULE — wybierz „własna reguła RRULE” albo usuń regułę.",
            )
        return

    if frequency == RepeatFrequency.CUSTOM:
        try:
            parsed = parse_rule(event.rrule)
        except RuleError as exc:
            _add(errors, "rrule", str(exc))
            return
        if parsed.until is not None:
            if event.repeat_until not in (None, parsed.until) or event.repeat_count:
                _add(
                    errors,
                    "rrule",
                    "UNTIL w regule i pola „powtarzaj do”/„liczba terminów” "
                    "się różnią — zostaw jedno z nich.",
                )
            else:
                event.repeat_until = parsed.until
        if parsed.count is not None:
            if event.repeat_count not in (None, parsed.count) or event.repeat_until:
                _add(
                    errors,
                    "rrule",
                    "COUNT w regule i pola „powtarzaj do”/„liczba terminów” "
                    "się różnią — zostaw jedno z nich.",
                )
            else:
                event.repeat_count = parsed.count
        event.rrule = parsed.pattern
        for field in ("repeat_weekday", "repeat_ordinal"):
            if getattr(event, field) not in (None, ""):
                _add(errors, field, "Przy własnej regule dzień tygodnia wpisz w regule (BYDAY).")
    else:
        interval = event.repeat_interval or 0
        if interval < 1:
            _add(errors, "repeat_interval", "Podaj co ile okresów powtarzać — co najmniej 1.")
        if event.repeat_ordinal is not None:
            if frequency not in (RepeatFrequency.MONTHLY, RepeatFrequency.YEARLY):
                _add(
                    errors,
                    "repeat_ordinal",
                    "Numer dnia w miesiącu („trzeci czwartek”) ma sens tylko przy powtarzaniu "
                    "co miesiąc albo co rok.",
                )
            if not event.repeat_weekday:
                _add(errors, "repeat_weekday", "Wybierz dzień tygodnia, np. czwartek.")
        if event.repeat_weekday and frequency == RepeatFrequency.DAILY:
            _add(
                errors, "repeat_weekday", "Przy powtarzaniu codziennym nie wybieraj dnia tygodnia."
            )
        if (
            event.repeat_weekday
            and frequency == RepeatFrequency.YEARLY
            and not (event.repeat_ordinal)
        ):
            _add(
                errors,
                "repeat_ordinal",
                "Przy powtarzaniu co rok wybierz, który to dzień tygodnia w miesiącu "
                "(np. pierwsza sobota czerwca).",
            )
        if not errors:
            event.rrule = build_pattern(
                frequency=frequency,
                interval=interval,
                weekday=event.repeat_weekday or "",
                ordinal=event.repeat_ordinal,
                start=event.start_date,
            )

    if event.repeat_until is not None and event.repeat_count:
        _add(
            errors,
            "repeat_count",
            "Podaj datę „powtarzaj do” albo liczbę terminów, nie obie naraz.",
        )
    if event.repeat_count is not None and not 1 <= event.repeat_count <= MAX_COUNT:
        _add(errors, "repeat_count", f"Liczba terminów musi wynosić od 1 do {MAX_COUNT}.")
    if (
        event.repeat_until is not None
        and event.start_date is not None
        and event.repeat_until < event.start_date
    ):
        _add(
            errors,
            "repeat_until",
            f"Data „powtarzaj do” ({format_date_short(event.repeat_until)}) nie może być "
            f"wcześniejsza niż data rozpoczęcia ({format_date_short(event.start_date)}).",
        )


@dataclass(frozen=True)
class ChildRow:
    """A note or a cancelled date as the validator sees it (from a model or a form row)."""

    date: date | None
    start_time: time | None = None
    end_time: time | None = None


def child_date_errors(
    event: Any, *, notes: list[ChildRow], exceptions: list[ChildRow]
) -> tuple[dict[int, str], dict[int, str]]:
    """Errors of notes and cancelled dates, by their position in the given lists.

    A note or a cancellation must fall on a day on which the event takes place; a day has at
    most one note and one cancellation; a cancelled day takes no note; a note of an all-day
    event sets no hours and a note's end comes after its start. Call only when
    :func:`clean_schedule` found no errors.
    """
    note_errors: dict[int, str] = {}
    exception_errors: dict[int, str] = {}
    dates = [r.date for r in notes + exceptions if r.date is not None]
    occurring = occurrence_dates_among(event, dates)

    def not_an_occurrence(kind: str, day: date) -> str:
        nearest = nearest_occurrence_date(event, day)
        hint = f" Najbliższy termin: {format_date(nearest)}." if nearest else ""
        return f"{kind} {format_date(day)}: tego dnia wydarzenie się nie odbywa.{hint}"

    cancelled = {r.date for r in exceptions}
    note_counts = Counter(r.date for r in notes)
    exception_counts = Counter(r.date for r in exceptions)
    for index, row in enumerate(exceptions):
        if row.date is None:
            continue
        if row.date not in occurring:
            exception_errors[index] = not_an_occurrence("Odwołany termin", row.date)
        elif exception_counts[row.date] > 1:
            exception_errors[index] = f"Termin {format_date(row.date)} jest odwołany dwa razy."
    for index, row in enumerate(notes):
        if row.date is None:
            continue
        if row.date not in occurring:
            note_errors[index] = not_an_occurrence("Notatka na", row.date)
        elif note_counts[row.date] > 1:
            note_errors[index] = (
                f"Dwie notatki na ten sam dzień ({format_date(row.date)}) — połącz je w jedną."
            )
        elif row.date in cancelled:
            note_errors[index] = (
                f"Termin {format_date(row.date)} jest odwołany — usuń notatkę albo odwołanie."
            )
        elif event.all_day and (row.start_time or row.end_time):
            note_errors[index] = (
                f"Notatka na {format_date(row.date)}: wydarzenie trwa cały dzień — "
                "nie podawaj godzin."
            )
        else:
            start = row.start_time or event.start_time
            end = row.end_time or event.end_time
            one_day = event.end_date is None or event.end_date == event.start_date
            if start and end and one_day and end <= start:
                note_errors[index] = (
                    f"Notatka na {format_date(row.date)}: godzina zakończenia "
                    f"({format_time(end)}) musi być późniejsza niż godzina rozpoczęcia "
                    f"({format_time(start)})."
                )
    return note_errors, exception_errors
