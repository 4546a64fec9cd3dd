"""The Polish language in one place: plural forms, weekday and month names, the postal code,
numbers and amounts as Polish readers write them.

The foundation layer, so that every app uses the same words (``tenants`` → ``cms`` →
``registry`` → ``partnerships``). Numbers and amounts are formatted by Babel with the ``pl_PL``
locale: thousands grouped with a no-break space (U+00A0), a decimal comma.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, format_decimal
from django.core.exceptions import ValidationError

LOCALE = "pl_PL"

# Monday first, as datetime.date.weekday() counts.
WEEKDAYS = ("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela")
WEEKDAYS_ACC = ("poniedziałek", "wtorek", "środę", "czwartek", "piątek", "sobotę", "niedzielę")
WEEKDAYS_PLURAL = (
    "poniedziałki",
    "wtorki",
    "środy",
    "czwartki",
    "piątki",
    "soboty",
    "niedziele",
)
WEEKDAYS_SHORT = ("pon.", "wt.", "śr.", "czw.", "pt.", "sob.", "niedz.")
FEMININE_WEEKDAYS = frozenset({2, 5, 6})

MONTHS = (
    "styczeń",
    "luty",
    "marzec",
    "kwiecień",
    "maj",
    "czerwiec",
    "lipiec",
    "sierpień",
    "wrzesień",
    "październik",
    "listopad",
    "grudzień",
)
MONTHS_GEN = (
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
)


def plural(n: int, one: str, few: str, many: str) -> str:
    """The plural form for ``n``: 1 termin, 2 terminy, 5 terminów, 12 terminów, 22 terminy."""
    n = abs(n)
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def count_pl(n: int, forms: tuple[str, str, str]) -> str:
    """ "3 fundacje", "5 fundacji": the number followed by its plural form (one, few, many)."""
    return f"{n} {plural(n, *forms)}"


def format_date_short(value: date) -> str:
    """ "21 stycznia 2016"."""
    return f"{value.day} {MONTHS_GEN[value.month - 1]} {value.year}"


def format_date(value: date) -> str:
    """ "czwartek, 21 stycznia 2016"."""
    return f"{WEEKDAYS[value.weekday()]}, {format_date_short(value)}"


def format_month(year: int, month: int) -> str:
    """ "styczeń 2016" (capitalised by the caller where it starts a sentence)."""
    return f"{MONTHS[month - 1]} {year}"


# A Polish postal code as stored: two digits, a hyphen, three digits (00-000). The pattern is
# also the CMS office block's (its StreamField definition, hence its exact text).
POSTAL_CODE_PATTERN = r"^\d{2}-\d{3}$"
POSTAL_CODE_MESSAGE = "Kod pocztowy „%(value)s” musi mieć postać 00-000."
_POSTAL_INPUT = re.compile(r"^(\d{2})-?(\d{3})$")


def normalize_postal_code(value: str) -> str:
    """ "42-217", "42217" or " 42-217 " → "42-217"; empty stays empty; anything else raises
    ValidationError with a Polish message."""
    text = str(value or "").strip()
    if not text:
        return ""
    match = _POSTAL_INPUT.match(text) if text.isascii() else None
    if not match:
        raise ValidationError(POSTAL_CODE_MESSAGE, code="postal_code", params={"value": value})
    return f"{match.group(1)}-{match.group(2)}"


def validate_postal_code(value: str) -> None:
    """A stored postal code must be in the canonical form 00-000 (empty allowed)."""
    if not value:
        return
    try:
        canonical = normalize_postal_code(value)
    except ValidationError:
        canonical = ""
    if canonical != value:
        raise ValidationError(POSTAL_CODE_MESSAGE, code="postal_code", params={"value": value})


def format_number(value: Decimal | int | float | None) -> str:
    """A measured value: no trailing zeros, a decimal comma, thousands grouped with a no-break
    space ("1 234,5"); None gives ""."""
    if value is None:
        return ""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    places = max(-number.normalize().as_tuple().exponent, 0)  # type: ignore[operator]
    pattern = "#,##0" + ("." + "#" * places if places else "")
    return format_decimal(number, format=pattern, locale=LOCALE)


def format_pln(amount: Decimal | int | None) -> str:
    """ "1 234 567,89 zł" (no-break spaces, rounded half up to grosze); None gives ""."""
    if amount is None:
        return ""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format_currency(value, "PLN", locale=LOCALE)
