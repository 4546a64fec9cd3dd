"""TERYT (TERC) codes of Polish territorial units.

A code is 2 digits for a voivodeship, 4 for a county (powiat) and 7 for a gmina
(voivodeship + county + gmina + type digit 1-5).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

VOIVODESHIPS: dict[str, str] = {
    "02": "dolnośląskie",
    "04": "kujawsko-pomorskie",
    "06": "lubelskie",
    "08": "lubuskie",
    "10": "łódzkie",
    "12": "małopolskie",
    "14": "mazowieckie",
    "16": "opolskie",
    "18": "podkarpackie",
    "20": "podlaskie",
    "22": "pomorskie",
    "24": "śląskie",
    "26": "świętokrzyskie",
    "28": "warmińsko-mazurskie",
    "30": "wielkopolskie",
    "32": "zachodniopomorskie",
}
VOIVODESHIP_CHOICES = [(code, name) for code, name in VOIVODESHIPS.items()]

_TERC = re.compile(r"^\d{2}(\d{2}(\d{2}[1-9])?)?$")


def validate_teryt(value: str) -> None:
    """Raise ValidationError (in Polish) unless ``value`` is a well-formed TERC code."""
    if not isinstance(value, str) or not _TERC.match(value):
        raise ValidationError(
            "Kod TERYT „%(value)s” jest niepoprawny: podaj 2 cyfry (województwo), 4 (powiat) "
            "lub 7 (gmina z cyfrą rodzaju).",
            code="teryt_format",
            params={"value": value},
        )
    if value[:2] not in VOIVODESHIPS:
        raise ValidationError(
            "Kod TERYT „%(value)s” zaczyna się od nieistniejącego kodu województwa %(woj)s.",
            code="teryt_voivodeship",
            params={"value": value, "woj": value[:2]},
        )
    if len(value) >= 4 and value[2:4] == "00":
        raise ValidationError(
            "Kod TERYT „%(value)s”: kod powiatu nie może być 00.",
            code="teryt_county",
            params={"value": value},
        )


def teryt_level(value: str) -> str:
    return {2: "województwo", 4: "powiat", 7: "gmina"}[len(value)]
