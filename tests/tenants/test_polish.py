"""The Polish language helpers: one implementation each, used by every app."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tenants import polish
from tenants.polish import (
    count_pl,
    format_date,
    format_date_short,
    format_month,
    format_number,
    format_pln,
    normalize_postal_code,
    plural,
    validate_postal_code,
)

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "terminów"),
        (1, "termin"),
        (2, "terminy"),
        (4, "terminy"),
        (5, "terminów"),
        (11, "terminów"),
        (12, "terminów"),
        (14, "terminów"),
        (21, "terminów"),
        (22, "terminy"),
        (104, "terminy"),
        (112, "terminów"),
        (1000, "terminów"),
        (1002, "terminy"),
        (-2, "terminy"),
    ],
)
def test_plural_forms(n, expected):
    assert plural(n, "termin", "terminy", "terminów") == expected


def test_count_puts_the_number_before_its_form():
    forms = ("fundacja", "fundacje", "fundacji")
    assert [count_pl(n, forms) for n in (1, 3, 5, 22)] == [
        "1 fundacja",
        "3 fundacje",
        "5 fundacji",
        "22 fundacje",
    ]


def test_dates_and_months():
    assert format_date(date(2016, 1, 21)) == "czwartek, 21 stycznia 2016"
    assert format_date_short(date(2019, 9, 16)) == "16 września 2019"
    assert format_month(2016, 2) == "luty 2016"
    assert format_date(date(2024, 12, 1)) == "niedziela, 1 grudnia 2024"


def test_every_app_names_the_weekdays_from_one_table():
    from cms.blocks import WEEKDAYS as OFFICE_WEEKDAYS
    from cms.events import polish as events_polish
    from cms.events.choices import Weekday as EventWeekday
    from tenants.models import Weekday

    assert [label for _, label in Weekday.choices] == list(polish.WEEKDAYS)
    assert [label for _, label in EventWeekday.choices] == list(polish.WEEKDAYS)
    assert [label for _, label in OFFICE_WEEKDAYS] == list(polish.WEEKDAYS)
    assert events_polish.MONTHS_GEN is polish.MONTHS_GEN
    assert events_polish.plural is polish.plural


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("42-217", "42-217"), ("42217", "42-217"), (" 85-098 ", "85-098"), ("", "")],
)
def test_postal_code_is_normalised(raw, expected):
    assert normalize_postal_code(raw) == expected


@pytest.mark.parametrize("raw", ["42 217", "4-2217", "422170", "42-21", "ab-cde", "٤٢-٢١٧"])
def test_bad_postal_code_is_refused_in_polish(raw):
    with pytest.raises(ValidationError) as exc:
        normalize_postal_code(raw)
    assert exc.value.messages == [f"Kod pocztowy „{raw}” musi mieć postać 00-000."]


def test_stored_postal_code_must_be_canonical():
    validate_postal_code("42-217")
    validate_postal_code("")
    for value in ("42217", "42-217\n", " 42-217"):
        with pytest.raises(ValidationError):
            validate_postal_code(value)


def test_one_postal_code_pattern_for_the_office_block():
    from cms.blocks import OfficeBlock

    block = OfficeBlock().child_blocks["postal_code"]
    assert block.field.regex.pattern == polish.POSTAL_CODE_PATTERN


def test_money_with_no_break_spaces():
    assert format_pln(Decimal("1234567.89")) == f"1{NBSP}234{NBSP}567,89{NBSP}zł"
    assert format_pln(Decimal("0")) == f"0,00{NBSP}zł"
    assert format_pln(Decimal("999.5")) == f"999,50{NBSP}zł"
    assert format_pln(Decimal("1000")) == f"1{NBSP}000,00{NBSP}zł"
    assert format_pln(Decimal("0.005")) == f"0,01{NBSP}zł"  # half up, to the grosz
    assert format_pln(Decimal("-1234.5")) == f"-1{NBSP}234,50{NBSP}zł"
    assert format_pln(None) == ""


def test_numbers_without_trailing_zeros():
    assert format_number(Decimal("96.00")) == "96"
    assert format_number(Decimal("1234.50")) == f"1{NBSP}234,5"
    assert format_number(Decimal("12345678.25")) == f"12{NBSP}345{NBSP}678,25"
    assert format_number(Decimal("0.00")) == "0"
    assert format_number(Decimal("1E+3")) == f"1{NBSP}000"
    assert format_number(3) == "3"
    assert format_number(None) == ""
