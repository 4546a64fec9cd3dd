"""Identifier normalisation and validation (python-stdnum checksums), folding, generators."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

from registry.generators import generate_organisations, make_krs, make_nip, make_regon
from registry.validators import (
    fold,
    normalize_krs,
    normalize_nip,
    normalize_postal_code,
    normalize_regon,
    parse_coordinate,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("8567346215", "8567346215"),
        ("856-734-62-15", "8567346215"),
        ("PL 856 734 62 15", "8567346215"),
        ("NIP: 856-73-46-215", "8567346215"),
        ("", ""),
    ],
)
def test_valid_nip_is_normalised(raw, expected):
    assert normalize_nip(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("8567346216", "NIP „8567346216” ma błędną cyfrę kontrolną."),
        ("856734621", "NIP „856734621” musi składać się z 10 cyfr."),
        ("85673462AB", "NIP „85673462AB” musi składać się z 10 cyfr."),
    ],
)
def test_invalid_nip_is_refused_in_polish(raw, message):
    with pytest.raises(ValidationError) as excinfo:
        normalize_nip(raw)
    assert excinfo.value.messages == [message]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("192598184", "192598184"),
        ("192-598-184", "192598184"),
        ("12345678512347", "12345678512347"),
        ("REGON 12345678512347", "12345678512347"),
    ],
)
def test_valid_regon_9_and_14_digits(raw, expected):
    assert normalize_regon(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("192598183", "REGON „192598183” ma błędną cyfrę kontrolną."),
        ("12345678512348", "REGON „12345678512348” ma błędną cyfrę kontrolną."),
        ("1925981841", "REGON „1925981841” musi mieć 9 lub 14 cyfr."),
        ("abc", "REGON „abc” musi mieć 9 lub 14 cyfr."),
    ],
)
def test_invalid_regon_is_refused(raw, message):
    with pytest.raises(ValidationError) as excinfo:
        normalize_regon(raw)
    assert excinfo.value.messages == [message]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0000123456", "0000123456"), ("123456", "0000123456"), ("KRS 0000 123 456", "0000123456")],
)
def test_krs_keeps_ten_digits(raw, expected):
    assert normalize_krs(raw) == expected


@pytest.mark.parametrize("raw", ["12345678901", "00001234AB", "0000000000"])
def test_invalid_krs(raw):
    with pytest.raises(ValidationError) as excinfo:
        normalize_krs(raw)
    assert excinfo.value.messages == [
        f"Numer KRS „{raw}” musi składać się z co najwyżej 10 cyfr (np. 0000123456)."
    ]


def test_postal_code():
    assert normalize_postal_code("42217") == "42-217"
    assert normalize_postal_code(" 85-098 ") == "85-098"
    with pytest.raises(ValidationError, match="00-000"):
        normalize_postal_code("4-2217")


def test_coordinates_in_range():
    assert parse_coordinate("50,8118", limit=90, label="X") == Decimal("50.811800")
    assert parse_coordinate("", limit=90, label="X") is None
    with pytest.raises(ValidationError) as excinfo:
        parse_coordinate("91", limit=90, label="Szerokość")
    assert excinfo.value.messages == ["Szerokość musi mieścić się w zakresie od -90 do 90."]
    with pytest.raises(ValidationError, match="nie jest liczbą"):
        parse_coordinate("pięćdziesiąt", limit=90, label="Szerokość")


def test_fold_removes_polish_diacritics_and_case():
    assert fold("CZĘSTOCHOWA") == "czestochowa"
    assert fold("Zażółć gęślą jaźń ŁÓDŹ") == "zazolc gesla jazn lodz"


def test_generated_identifiers_pass_stdnum():
    rng = random.Random(7)
    for _ in range(200):
        assert stdnum_nip.is_valid(make_nip(rng))
        assert stdnum_regon.is_valid(make_regon(rng))
        assert stdnum_regon.is_valid(make_regon(rng, long=True))
        assert len(make_krs(rng)) == 10
    rows = list(generate_organisations(300))
    assert len({r["nip"] for r in rows}) == 300
    assert len({r["regon"] for r in rows}) == 300
    assert len({r["krs"] for r in rows}) == 300
    assert all(stdnum_nip.is_valid(r["nip"]) and stdnum_regon.is_valid(r["regon"]) for r in rows)
    assert rows == list(generate_organisations(300))  # deterministic
