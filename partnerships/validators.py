"""Validation rules of partnerships and projects (Polish messages).

Programme codes follow the structure of the EU operational programmes: a priority axis
("9"), an action within it ("9.3") and a sub-action within the action ("9.3.2").
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from tenants.teryt import validate_teryt

_AXIS = re.compile(r"^\d{1,2}$")
_PART = re.compile(r"^\d{1,2}$")

# ISO 3166-1 alpha-2 codes offered to editors (the countries of EU programme partners).
COUNTRY_CHOICES: list[tuple[str, str]] = [
    ("PL", "Polska"),
    ("AT", "Austria"),
    ("BE", "Belgia"),
    ("BG", "Bułgaria"),
    ("HR", "Chorwacja"),
    ("CY", "Cypr"),
    ("CZ", "Czechy"),
    ("DK", "Dania"),
    ("EE", "Estonia"),
    ("FI", "Finlandia"),
    ("FR", "Francja"),
    ("GR", "Grecja"),
    ("ES", "Hiszpania"),
    ("NL", "Holandia"),
    ("IE", "Irlandia"),
    ("IS", "Islandia"),
    ("LT", "Litwa"),
    ("LU", "Luksemburg"),
    ("LV", "Łotwa"),
    ("MT", "Malta"),
    ("DE", "Niemcy"),
    ("NO", "Norwegia"),
    ("PT", "Portugalia"),
    ("RO", "Rumunia"),
    ("SK", "Słowacja"),
    ("SI", "Słowenia"),
    ("CH", "Szwajcaria"),
    ("SE", "Szwecja"),
    ("UA", "Ukraina"),
    ("HU", "Węgry"),
    ("GB", "Wielka Brytania"),
    ("IT", "Włochy"),
    ("LI", "Liechtenstein"),
]
COUNTRY_NAMES: dict[str, str] = dict(COUNTRY_CHOICES)


def check_programme_codes(*, axis: str, action: str, sub_action: str) -> dict[str, str]:
    """Errors by field name for codes that do not follow axis → action → sub-action.

    Empty codes are allowed, but an action needs its axis and a sub-action its action, and
    each code must extend its parent: axis "9", action "9.3", sub-action "9.3.2".
    """
    errors: dict[str, str] = {}
    if axis and not _AXIS.match(axis):
        errors["priority_axis"] = (
            f"Oś priorytetowa „{axis}” jest niepoprawna: podaj numer osi (1–2 cyfry), np. 9."
        )
    if action:
        parts = action.split(".")
        if len(parts) != 2 or not all(_PART.match(p) for p in parts):
            errors["action"] = (
                f"Działanie „{action}” jest niepoprawne: podaj numer w postaci oś.działanie, "
                "np. 9.3."
            )
        elif not axis:
            errors["action"] = "Podaj oś priorytetową, do której należy działanie."
        elif "priority_axis" not in errors and parts[0] != axis:
            errors["action"] = (
                f"Działanie „{action}” nie należy do osi priorytetowej {axis} "
                f"(powinno zaczynać się od „{axis}.”)."
            )
    if sub_action:
        parts = sub_action.split(".")
        if len(parts) != 3 or not all(_PART.match(p) for p in parts):
            errors["sub_action"] = (
                f"Poddziałanie „{sub_action}” jest niepoprawne: podaj numer w postaci "
                "oś.działanie.poddziałanie, np. 9.3.2."
            )
        elif not action:
            errors["sub_action"] = "Podaj działanie, do którego należy poddziałanie."
        elif "action" not in errors and ".".join(parts[:2]) != action:
            errors["sub_action"] = (
                f"Poddziałanie „{sub_action}” nie należy do działania {action} "
                f"(powinno zaczynać się od „{action}.”)."
            )
    return errors


def check_budget(*, total: Decimal | None, co_financing: Decimal | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if total is not None and total < 0:
        errors["total_budget"] = "Wartość projektu nie może być ujemna."
    if co_financing is not None and co_financing < 0:
        errors["co_financing"] = "Kwota dofinansowania nie może być ujemna."
    if not errors and total is not None and co_financing is not None and co_financing > total:
        errors["co_financing"] = "Dofinansowanie nie może być wyższe niż wartość projektu."
    return errors


END_BEFORE_START = "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia."


def check_period(
    *, start: date | None, end: date | None, field: str = "end_date", message: str = ""
) -> dict[str, str]:
    if start and end and end < start:
        return {field: message or END_BEFORE_START}
    return {}


def validate_teryt_list(values: list[str]) -> None:
    """Each code of an area (list of TERYT units) must be a valid TERC code."""
    messages: list[str] = []
    for value in values or []:
        try:
            validate_teryt(value)
        except ValidationError as exc:
            messages.extend(exc.messages)
    if messages:
        raise ValidationError(messages)
