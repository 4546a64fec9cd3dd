"""How amounts and numbers are written for Polish readers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def group_thousands(digits: str) -> str:
    groups = []
    while digits:
        groups.append(digits[-3:])
        digits = digits[:-3]
    return " ".join(reversed(groups)) or "0"


def format_pln(amount: Decimal | int | None) -> str:
    """``Decimal("1234567.89")`` → ``"1 234 567,89 zł"``; None → ``""``."""
    if amount is None:
        return ""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    return f"{sign}{group_thousands(whole)},{cents} zł"


def format_number(value: Decimal | int | None) -> str:
    """A measured value: no trailing zeros, decimal comma, grouped thousands (``1 234,5``)."""
    if value is None:
        return ""
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    text = f"{abs(value):f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    result = group_thousands(whole)
    return f"{sign}{result},{fraction}" if fraction else f"{sign}{result}"
