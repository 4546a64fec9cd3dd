"""Normalisation and validation of Polish identifiers and address fields.

Every ``normalize_*`` function takes what a person or a spreadsheet typed ("725-18-01-126",
"KRS 0000123456", " 42217 ") and returns the canonical stored form, or raises
``ValidationError`` with a Polish message. Checksums come from python-stdnum.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

# Diacritic folding lives in cms.text (one table for site search and the registry).
from cms.text import FOLD_FROM, FOLD_TO, fold  # noqa: F401

# The postal code is the platform's (tenants.polish: one pattern for tenants, CMS and registry).
from tenants.polish import normalize_postal_code, validate_postal_code  # noqa: F401

_NON_DIGIT = re.compile(r"[\s\-./]")


def _strip_prefix(value: str, *prefixes: str) -> str:
    text = value.strip()
    upper = text.upper()
    for prefix in prefixes:
        if upper.startswith(prefix):
            return text[len(prefix) :].lstrip(" :")
    return text


def normalize_nip(value: str) -> str:
    """Return the 10-digit NIP or raise ValidationError. Empty stays empty."""
    text = _strip_prefix(str(value or ""), "PL", "NIP")
    if not text:
        return ""
    digits = _NON_DIGIT.sub("", text)
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError(
            "NIP „%(value)s” musi składać się z 10 cyfr.",
            code="nip_format",
            params={"value": value},
        )
    try:
        return stdnum_nip.validate(digits)
    except StdnumError:
        raise ValidationError(
            "NIP „%(value)s” ma błędną cyfrę kontrolną.",
            code="nip_checksum",
            params={"value": value},
        ) from None


def normalize_regon(value: str) -> str:
    """Return the 9- or 14-digit REGON or raise ValidationError. Empty stays empty."""
    text = _strip_prefix(str(value or ""), "REGON")
    if not text:
        return ""
    digits = _NON_DIGIT.sub("", text)
    if not digits.isdigit() or len(digits) not in (9, 14):
        raise ValidationError(
            "REGON „%(value)s” musi mieć 9 lub 14 cyfr.",
            code="regon_format",
            params={"value": value},
        )
    try:
        return stdnum_regon.validate(digits)
    except StdnumError:
        raise ValidationError(
            "REGON „%(value)s” ma błędną cyfrę kontrolną.",
            code="regon_checksum",
            params={"value": value},
        ) from None


def normalize_krs(value: str) -> str:
    """Return the 10-digit KRS number (leading zeros restored) or raise ValidationError.

    The KRS number has no check digit; it is written with or without its leading zeros.
    """
    text = _strip_prefix(str(value or ""), "KRS")
    if not text:
        return ""
    digits = _NON_DIGIT.sub("", text)
    if not digits.isdigit() or len(digits) > 10 or int(digits) == 0:
        raise ValidationError(
            "Numer KRS „%(value)s” musi składać się z co najwyżej 10 cyfr (np. 0000123456).",
            code="krs_format",
            params={"value": value},
        )
    return digits.zfill(10)


def validate_krs(value: str) -> None:
    if value and (len(value) != 10 or not value.isdigit()):
        raise ValidationError(
            "Numer KRS musi składać się z 10 cyfr.", code="krs_format", params={"value": value}
        )


def validate_nip(value: str) -> None:
    if value:
        normalize_nip(value)


def validate_regon(value: str) -> None:
    if value:
        normalize_regon(value)


def parse_coordinate(value: object, *, limit: int, label: str) -> Decimal | None:
    """Parse "50,8118" or 50.8118 into a Decimal within ±limit; empty gives None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(
            "%(label)s „%(value)s” nie jest liczbą.",
            code="coordinate",
            params={"label": label, "value": value},
        ) from None
    if not number.is_finite() or not -limit <= number <= limit:
        raise ValidationError(
            "%(label)s musi mieścić się w zakresie od -%(limit)s do %(limit)s.",
            code="coordinate_range",
            params={"label": label, "limit": limit},
        )
    return number.quantize(Decimal("0.000001"))
