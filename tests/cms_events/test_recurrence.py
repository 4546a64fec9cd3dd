"""Recurrence rules: parsing, expansion (dateutil), Polish wording. No database needed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from types import SimpleNamespace

import pytest

from cms.events.polish import describe_rule, format_span
from cms.events.recurrence import (
    EVENT_TZ,
    RuleError,
    event_occurrences,
    last_occurrence_date,
    parse_rule,
    rule_description,
    rule_parts,
)
from cms.events.validation import clean_schedule


class Rows(list):
    """Stands in for a related manager: ``.all()`` returns the rows."""

    def all(self):
        return self


def event(**values) -> SimpleNamespace:
    base = {
        "pk": 1,
        "title": "CAL",
        "start_date": date(2016, 1, 21),
        "start_time": time(16, 30),
        "end_time": time(18, 30),
        "end_date": None,
        "all_day": False,
        "repeat_frequency": "MONTHLY",
        "repeat_interval": 1,
        "repeat_ordinal": 3,
        "repeat_weekday": "TH",
        "repeat_until": None,
        "repeat_count": None,
        "rrule": "",
        "place_name": "Mobilny punkt JOWES",
        "place_address": "ul. Focha 19/21, 42-217 Częstochowa",
        "notes": Rows(),
        "exceptions": Rows(),
    }
    base.update(values)
    ev = SimpleNamespace(**base)
    assert clean_schedule(ev) == {}
    return ev


def local(*args) -> datetime:
    return datetime(*args, tzinfo=EVENT_TZ)


YEAR_2016 = (local(2016, 1, 1), local(2017, 1, 1))


def test_third_thursday_january_to_march_2016():
    cal = event(repeat_until=date(2016, 3, 31))

    found = event_occurrences(cal, *YEAR_2016)

    assert cal.rrule == "FREQ=MONTHLY;BYDAY=+3TH"
    assert [o.date for o in found] == [date(2016, 1, 21), date(2016, 2, 18), date(2016, 3, 17)]
    assert [(o.start, o.end) for o in found] == [
        (local(2016, 1, 21, 16, 30), local(2016, 1, 21, 18, 30)),
        (local(2016, 2, 18, 16, 30), local(2016, 2, 18, 18, 30)),
        (local(2016, 3, 17, 16, 30), local(2016, 3, 17, 18, 30)),
    ]
    assert last_occurrence_date(cal) == date(2016, 3, 31)


def test_count_bound_and_its_last_date():
    cal = event(repeat_count=3)

    assert [o.date for o in event_occurrences(cal, *YEAR_2016)] == [
        date(2016, 1, 21),
        date(2016, 2, 18),
        date(2016, 3, 17),
    ]
    assert last_occurrence_date(cal) == date(2016, 3, 17)


def test_unbounded_rule_has_no_last_date():
    assert last_occurrence_date(event()) is None


def test_exdate_removes_an_occurrence_unless_cancelled_ones_are_asked_for():
    cancelled = SimpleNamespace(date=date(2016, 2, 18), reason="choroba prowadzącego")
    cal = event(repeat_until=date(2016, 3, 31), exceptions=Rows([cancelled]))

    assert [o.date for o in event_occurrences(cal, *YEAR_2016)] == [
        date(2016, 1, 21),
        date(2016, 3, 17),
    ]
    with_cancelled = event_occurrences(cal, *YEAR_2016, include_cancelled=True)
    assert [(o.date, o.cancelled) for o in with_cancelled] == [
        (date(2016, 1, 21), False),
        (date(2016, 2, 18), True),
        (date(2016, 3, 17), False),
    ]
    assert with_cancelled[1].cancel_reason == "choroba prowadzącego"


def test_summer_time_keeps_the_local_hour():
    # Summer time starts on 27 March 2016: 17 III is +01:00, 21 IV is +02:00.
    cal = event(repeat_until=date(2016, 11, 30))

    found = event_occurrences(cal, local(2016, 3, 1), local(2016, 12, 1))

    assert [o.start.strftime("%H:%M") for o in found] == ["16:30"] * 9
    assert [o.start.utcoffset().total_seconds() / 3600 for o in found[:2]] == [1.0, 2.0]
    assert found[0].start.astimezone(UTC).hour == 15
    assert found[1].start.astimezone(UTC).hour == 14
    # And back to winter time on 30 October: 17 XI is +01:00 again.
    assert found[-1].date == date(2016, 11, 17)
    assert found[-1].start.utcoffset().total_seconds() == 3600


def test_notes_change_time_and_place_of_one_occurrence():
    note = SimpleNamespace(
        date=date(2016, 2, 18),
        topic="Skuteczny newsletter w NGO",
        speaker="Zbyszko Kabziński",
        start_time=time(17, 0),
        end_time=time(19, 0),
        place_name="Urząd Miasta Częstochowy",
        place_address="ul. Śląska 11/13",
    )
    cal = event(repeat_until=date(2016, 3, 31), notes=Rows([note]))

    jan, feb, _mar = event_occurrences(cal, *YEAR_2016)

    assert (feb.start, feb.end) == (local(2016, 2, 18, 17), local(2016, 2, 18, 19))
    assert feb.original_start == local(2016, 2, 18, 16, 30)
    assert (feb.topic, feb.place_name, feb.place_address) == (
        "Skuteczny newsletter w NGO",
        "Urząd Miasta Częstochowy",
        "ul. Śląska 11/13",
    )
    assert (jan.topic, jan.place_name) == ("", "Mobilny punkt JOWES")
    assert feb.when == "czwartek, 18 lutego 2016, 17:00–19:00"


def test_window_selects_overlapping_occurrences_only():
    cal = event()

    found = event_occurrences(cal, local(2016, 2, 18, 18), local(2016, 3, 17, 16, 30))

    # 18 II 16:30–18:30 still runs at 18:00; 17 III starts exactly at the (exclusive) end.
    assert [o.date for o in found] == [date(2016, 2, 18)]


def test_multi_day_all_day_event_spans_its_days():
    week = event(
        start_date=date(2019, 9, 16),
        end_date=date(2019, 9, 22),
        all_day=True,
        start_time=None,
        end_time=None,
        repeat_frequency="YEARLY",
        repeat_ordinal=None,
        repeat_weekday="",
    )

    found = event_occurrences(week, local(2020, 9, 20), local(2020, 9, 21))

    assert [o.date for o in found] == [date(2020, 9, 16)]
    assert found[0].days == [date(2020, 9, d) for d in range(16, 23)]
    assert found[0].when == "środa, 16 września 2020 – wtorek, 22 września 2020 (cały dzień)"
    assert rule_description(week) == "co roku, 16 września"


def test_one_off_event_has_one_occurrence():
    gala = event(
        start_date=date(2019, 11, 28), repeat_frequency="", repeat_ordinal=None, repeat_weekday=""
    )

    found = event_occurrences(gala, local(2019, 1, 1), local(2020, 1, 1))

    assert gala.rrule == ""
    assert [o.when for o in found] == ["czwartek, 28 listopada 2019, 16:30–18:30"]
    assert last_occurrence_date(gala) == date(2019, 11, 28)


def test_custom_rule_first_week_of_month_is_expanded_and_described():
    groups = event(
        start_date=date(2016, 1, 5),
        repeat_frequency="CUSTOM",
        repeat_ordinal=None,
        repeat_weekday="",
        rrule="RRULE:freq=monthly;bymonthday=1,2,3,4,5,6,7;byday=TU;until=20160331",
    )

    assert groups.rrule == "FREQ=MONTHLY;BYMONTHDAY=1,2,3,4,5,6,7;BYDAY=TU"
    assert groups.repeat_until == date(2016, 3, 31)
    assert [o.date for o in event_occurrences(groups, *YEAR_2016)] == [
        date(2016, 1, 5),
        date(2016, 2, 2),
        date(2016, 3, 1),
    ]
    assert rule_description(groups) == (
        "co miesiąc w pierwszym tygodniu miesiąca, we wtorek, do 31 marca 2016"
    )


@pytest.mark.parametrize(
    ("pattern", "start", "expected"),
    [
        ("FREQ=MONTHLY;BYDAY=+3TH", date(2016, 1, 21), "w każdy trzeci czwartek miesiąca"),
        ("FREQ=MONTHLY;BYDAY=-1SA", date(2016, 1, 30), "w każdą ostatnią sobotę miesiąca"),
        ("FREQ=MONTHLY;BYDAY=+1TU", date(2016, 1, 5), "w każdy pierwszy wtorek miesiąca"),
        (
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=+2WE",
            date(2016, 1, 13),
            "co 2 miesiące, w drugą środę miesiąca",
        ),
        ("FREQ=WEEKLY", date(2016, 1, 21), "w każdy czwartek"),
        ("FREQ=WEEKLY;BYDAY=WE", date(2016, 1, 20), "w każdą środę"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", date(2016, 1, 18), "co tydzień w poniedziałki i czwartki"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", date(2016, 1, 5), "co 2 tygodnie, we wtorek"),
        ("FREQ=DAILY", date(2016, 1, 5), "codziennie"),
        ("FREQ=DAILY;INTERVAL=5", date(2016, 1, 5), "co 5 dni"),
        ("FREQ=MONTHLY", date(2016, 1, 15), "co miesiąc, 15. dnia miesiąca"),
        ("FREQ=YEARLY;BYMONTH=6;BYDAY=+1SA", date(2019, 6, 1), "co roku w pierwszą sobotę czerwca"),
        ("FREQ=YEARLY;INTERVAL=2", date(2019, 9, 16), "co 2 lata, 16 września"),
        (
            "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU",
            date(2016, 1, 26),
            "według reguły FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1",
        ),
    ],
)
def test_rule_in_polish_words(pattern, start, expected):
    parsed = parse_rule(pattern)
    assert describe_rule(rule_parts(parsed.pattern), start=start) == expected


def test_bounds_in_polish_words():
    parts = rule_parts("FREQ=MONTHLY;BYDAY=+3TH")
    start = date(2016, 1, 21)
    assert describe_rule(parts, start=start, until=date(2016, 3, 17)) == (
        "w każdy trzeci czwartek miesiąca, do 17 marca 2016"
    )
    assert describe_rule(parts, start=start, count=3) == (
        "w każdy trzeci czwartek miesiąca, łącznie 3 terminy"
    )
    assert describe_rule(parts, start=start, count=12) == (
        "w każdy trzeci czwartek miesiąca, łącznie 12 terminów"
    )


def test_polish_date_and_time_of_an_occurrence():
    assert (
        format_span(start=local(2016, 1, 21, 16, 30), end=local(2016, 1, 21, 18, 30), all_day=False)
        == "czwartek, 21 stycznia 2016, 16:30–18:30"
    )
    assert format_span(start=local(2017, 4, 5), end=local(2017, 4, 6), all_day=True) == (
        "środa, 5 kwietnia 2017 (cały dzień)"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Wpisz regułę powtarzania, np. FREQ=MONTHLY;BYDAY=+3TH"),
        ("BYDAY=TH", "Brakuje częstotliwości FREQ"),
        ("FREQ=FORTNIGHTLY", "Nieznana częstotliwość FREQ=FORTNIGHTLY"),
        ("FREQ=HOURLY", "Wydarzenie może powtarzać się najwyżej raz dziennie (FREQ=DAILY)."),
        ("FREQ=MONTHLY;BYDAY=+3XX", "BYDAY: „+3XX” nie jest dniem tygodnia"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY=32: liczba 32 jest poza zakresem."),
        ("FREQ=MONTHLY;INTERVAL=0", "INTERVAL=0: podaj dodatnią liczbę całkowitą"),
        ("FREQ=MONTHLY;COLOUR=RED", "Nieznane części reguły: COLOUR"),
        ("FREQ=MONTHLY;BYHOUR=10", "Reguła nie może ustalać godzin"),
        ("FREQ=MONTHLY;UNTIL=2016", "UNTIL=2016: podaj datę w postaci RRRRMMDD"),
        ("FREQ=MONTHLY;COUNT=3;UNTIL=20160101", "Reguła może mieć UNTIL albo COUNT, nie oba"),
        ("FREQ=MONTHLY;FREQ=WEEKLY", "Część FREQ występuje w regule dwa razy."),
        ("FREQ", "„FREQ” nie jest częścią reguły w postaci KLUCZ=WARTOŚĆ"),
        ("DTSTART=20160121;FREQ=DAILY", "Nie podawaj DTSTART w regule"),
    ],
)
def test_malformed_rules_are_refused_with_a_reason(text, message):
    with pytest.raises(RuleError) as error:
        parse_rule(text)
    assert message in str(error.value)
