"""Mapping import rows to organisation fields: header recognition and value parsing.

Polish and English headers are recognised (compared folded, without punctuation); an explicit
mapping overrides them. Each row is parsed into the fields ``organisation_prepare_fields``
takes (legal forms, yes/no, dates, numbers, areas of activity) or refused with a Polish
reason, and ``FieldChecker`` applies the model's own field validation without a model
instance per row. No queries per row.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models

from registry.importing.reading import ImportFileError, cell_text
from registry.models import ActivityArea, LegalForm, Organisation
from registry.services import PREPARED_VALID_FIELDS, organisation_prepare_fields
from registry.validators import fold

# --- headers ------------------------------------------------------------------------------

# target field -> header spellings (compared folded, without punctuation)
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "nazwa",
        "nazwa organizacji",
        "nazwa podmiotu",
        "pelna nazwa",
        "name",
        "organisation name",
        "organization name",
        "organisation",
        "organization",
    ),
    "short_name": ("nazwa skrocona", "skrot", "short name", "acronym"),
    "legal_form": (
        "forma prawna",
        "forma organizacyjna",
        "forma",
        "rodzaj podmiotu",
        "legal form",
        "type",
    ),
    "krs": ("krs", "numer krs", "nr krs", "krs number"),
    "nip": ("nip", "numer nip", "nr nip", "tax id", "vat id"),
    "regon": ("regon", "numer regon", "nr regon"),
    "is_opp": (
        "status opp",
        "opp",
        "pozytek publiczny",
        "organizacja pozytku publicznego",
        "public benefit",
        "public benefit status",
    ),
    "opp_since": ("opp od", "status opp od", "data uzyskania statusu opp", "opp since"),
    "areas": (
        "obszary dzialalnosci",
        "obszar dzialalnosci",
        "obszary",
        "dziedziny",
        "areas",
        "areas of activity",
        "area",
    ),
    "description": ("opis", "opis dzialalnosci", "description"),
    "street": ("adres", "ulica", "ulica i numer", "address", "street", "street address"),
    "postal_code": ("kod pocztowy", "kod", "postal code", "zip", "zip code", "postcode"),
    "city": ("miejscowosc", "miasto", "city", "town", "locality"),
    "teryt": ("teryt", "kod teryt", "teryt code"),
    "latitude": ("szerokosc", "szerokosc geograficzna", "lat", "latitude"),
    "longitude": ("dlugosc", "dlugosc geograficzna", "lon", "lng", "longitude"),
    "email": ("e mail", "email", "adres e mail", "mail"),
    "phone": ("telefon", "tel", "nr telefonu", "phone", "telephone"),
    "contact_person": ("osoba do kontaktu", "osoba kontaktowa", "contact person", "contact"),
    "website": ("strona www", "www", "strona internetowa", "website", "url"),
    "employees": ("zatrudnienie", "liczba zatrudnionych", "liczba pracownikow", "employees"),
    "subsidised_jobs": (
        "dotowane miejsca pracy",
        "utworzone miejsca pracy",
        "miejsca pracy dotowane",
        "subsidised jobs",
        "subsidized jobs",
    ),
    "founders": ("zalozyciele", "zalozyciel", "founders", "founder"),
    "external_id": ("identyfikator zewnetrzny", "id zewnetrzne", "external id", "id"),
}
TARGETS = frozenset(HEADER_ALIASES)
_PUNCT = re.compile(r"[^a-z0-9]+")


def header_key(text: str) -> str:
    return _PUNCT.sub(" ", fold(str(text or ""))).strip()


# Cell values such as "tak" or "fundacja" repeat on every row: fold them once.
_value_key = functools.lru_cache(maxsize=4096)(header_key)


_ALIAS_INDEX = {
    header_key(alias): target for target, aliases in HEADER_ALIASES.items() for alias in aliases
}


def resolve_mapping(
    headers: list[str], explicit: Mapping[str, str] | None = None
) -> tuple[dict[int, str], list[str]]:
    """Column index -> target field, plus the headers left unmapped (extra columns).

    ``explicit`` maps a header (as in the file, compared folded) to a field name or to ""/None
    to ignore the column; headers it does not mention fall back to the recognised spellings.
    """
    explicit_keys = {header_key(k): v for k, v in (explicit or {}).items()}
    bad = sorted({v for v in explicit_keys.values() if v and v not in TARGETS})
    if bad:
        raise ImportFileError(
            f"Nieznane pola w mapowaniu: {', '.join(bad)}. Dozwolone: {', '.join(sorted(TARGETS))}."
        )
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    used: set[str] = set()
    for index, header in enumerate(headers):
        key = header_key(header)
        target = explicit_keys[key] if key in explicit_keys else _ALIAS_INDEX.get(key)
        if target and target not in used:
            mapping[index] = target
            used.add(target)
        elif str(header or "").strip():
            ignored.append(str(header).strip())
    if "name" not in used:
        raise ImportFileError(
            "Nie znaleziono kolumny z nazwą organizacji (np. „Nazwa” lub „name”). "
            "Wskaż ją w mapowaniu kolumn."
        )
    return mapping, ignored


# --- parsing values ------------------------------------------------------------------------

_LEGAL_FORMS: dict[str, str] = {}
for _code, _label in LegalForm.choices:
    _LEGAL_FORMS[header_key(_code)] = _code
    _LEGAL_FORMS[header_key(_label)] = _code
_LEGAL_FORMS.update(
    {
        header_key(k): v
        for k, v in {
            "fundacja": LegalForm.FOUNDATION,
            "foundation": LegalForm.FOUNDATION,
            "stowarzyszenie zwykłe": LegalForm.ASSOCIATION,
            "stowarzyszenie rejestrowe": LegalForm.ASSOCIATION,
            "association": LegalForm.ASSOCIATION,
            "OSP": LegalForm.OSP,
            "jednostka OSP": LegalForm.OSP,
            "ochotnicza straż pożarna": LegalForm.OSP,
            "związek OSP": LegalForm.OSP_UNION,
            "związek ochotniczych straży pożarnych": LegalForm.OSP_UNION,
            "klub sportowy": LegalForm.SPORTS_CLUB,
            "sports club": LegalForm.SPORTS_CLUB,
            "UKS": LegalForm.PUPILS_SPORTS_CLUB,
            "uczniowski klub sportowy": LegalForm.PUPILS_SPORTS_CLUB,
            "spółdzielnia socjalna": LegalForm.SOCIAL_COOPERATIVE,
            "social cooperative": LegalForm.SOCIAL_COOPERATIVE,
            "CIS": LegalForm.CIS,
            "centrum integracji społecznej": LegalForm.CIS,
            "KIS": LegalForm.KIS,
            "klub integracji społecznej": LegalForm.KIS,
            "ZAZ": LegalForm.ZAZ,
            "zakład aktywności zawodowej": LegalForm.ZAZ,
            "WTZ": LegalForm.WTZ,
            "warsztat terapii zajęciowej": LegalForm.WTZ,
            "spółka non-profit": LegalForm.NONPROFIT_COMPANY,
            "spółka z o.o. non-profit": LegalForm.NONPROFIT_COMPANY,
            "non-profit company": LegalForm.NONPROFIT_COMPANY,
            "company": LegalForm.NONPROFIT_COMPANY,
            "inne": LegalForm.OTHER,
            "inna": LegalForm.OTHER,
            "other": LegalForm.OTHER,
        }.items()
    }
)
_TRUE = {"tak", "t", "1", "true", "yes", "y", "x", "opp", "posiada"}
_FALSE = {"nie", "n", "0", "false", "no", "brak", ""}


def parse_legal_form(value: Any) -> str:
    text = cell_text(value)
    if not text:
        return LegalForm.OTHER
    code = _LEGAL_FORMS.get(_value_key(text))
    if code is None:
        raise ValidationError(f"Nieznana forma prawna „{text}”.")
    return code


def parse_bool(value: Any, *, label: str) -> bool:
    if isinstance(value, bool):
        return value
    text = _value_key(cell_text(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(
        f"{label}: nie rozumiem wartości „{cell_text(value)}” (wpisz tak lub nie)."
    )


def parse_date(value: Any, *, label: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValidationError(f"{label}: niepoprawna data „{text}” (użyj RRRR-MM-DD lub DD.MM.RRRR).")


def parse_int(value: Any, *, label: str) -> int | None:
    text = cell_text(value).replace(" ", "")
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError(f"{label}: „{text}” nie jest liczbą całkowitą nieujemną.")
    return int(text)


@dataclass
class AreaIndex:
    by_key: dict[str, int]

    @classmethod
    def load(cls) -> AreaIndex:
        index: dict[str, int] = {}
        for pk, name, slug in ActivityArea.objects.values_list("pk", "name", "slug"):
            index[header_key(name)] = pk
            index[header_key(slug)] = pk
        return cls(index)

    def parse(self, value: Any) -> list[int]:
        text = cell_text(value)
        if not text:
            return []
        whole = self.by_key.get(header_key(text))
        if whole is not None:
            return [whole]
        ids: list[int] = []
        for part in re.split(r"[;|\n]", text):
            if part.strip():
                ids.extend(self._comma_separated(part))
        return list(dict.fromkeys(ids))

    def _comma_separated(self, part: str) -> list[int]:
        """Areas separated by commas, as people type them. A name may itself hold commas
        ("sport, turystyka, rekreacja i hobby"): the longest run of pieces that names an area
        is taken first."""
        whole = self.by_key.get(header_key(part))
        if whole is not None:
            return [whole]
        pieces = [p.strip() for p in part.split(",")]
        ids: list[int] = []
        start = 0
        while start < len(pieces):
            if not pieces[start]:
                start += 1
                continue
            for end in range(len(pieces), start, -1):
                pk = self.by_key.get(header_key(", ".join(pieces[start:end])))
                if pk is not None:
                    ids.append(pk)
                    start = end
                    break
            else:
                raise ValidationError(f"Nieznany obszar działalności „{pieces[start]}”.")
        return ids


@dataclass
class ParsedRow:
    number: int
    raw: dict[str, str]
    fields: dict[str, Any]
    areas: list[int] | None
    external_id: str
    # keys that identify the organisation, strongest first (set by the importer)
    keys: list[tuple[str, str]] = field(default_factory=list)


def row_parse(
    cells: list[Any], mapping: dict[int, str], areas: AreaIndex, system: str
) -> ParsedRow | str:
    """Parse one row into service-ready fields, or return the Polish reason it is refused."""
    values: dict[str, Any] = {}
    for index, target in mapping.items():
        values[target] = cells[index] if index < len(cells) else None
    raw = {t: cell_text(v) for t, v in values.items()}
    errors: list[str] = []
    fields: dict[str, Any] = {}
    area_ids: list[int] | None = None
    external_id = ""
    for target, value in values.items():
        try:
            if target == "legal_form":
                fields["legal_form"] = parse_legal_form(value)
            elif target == "is_opp":
                fields["is_opp"] = parse_bool(value, label="Status OPP")
            elif target == "opp_since":
                fields["opp_since"] = parse_date(value, label="OPP od")
            elif target in ("employees", "subsidised_jobs"):
                fields[target] = parse_int(value, label="Liczba")
            elif target == "areas":
                area_ids = areas.parse(value)
            elif target == "external_id":
                external_id = cell_text(value)
            elif target in ("latitude", "longitude"):
                fields[target] = value if isinstance(value, int | float | Decimal) else raw[target]
            else:
                fields[target] = raw[target]
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        return " ".join(errors)
    if not fields.get("name"):
        return "Brak nazwy organizacji."
    try:
        fields = organisation_prepare_fields(fields)
    except ValidationError as exc:
        return " ".join(m for msgs in exc.message_dict.values() for m in msgs)
    if external_id:
        fields["external_ids"] = {system: external_id}
    return ParsedRow(0, raw, fields, area_ids, external_id)


# Not checked per row: the key, the generated search columns, and external ids (checked by
# organisation_prepare_fields and matched by the importer).
_UNCHECKED = frozenset({"id", "search_text", "search_vector", "external_ids"})


class FieldChecker:
    """The model's field validation (``Model.clean_fields``) without a model instance per row.

    Plain text fields (no choices, no validators beyond the length) are checked for length in
    Python; every other field, and any value that fails the quick check, goes through Django's
    own ``Field.clean``, so the messages are exactly the model's. No queries.
    """

    def __init__(self) -> None:
        self.fields = {
            f.attname: f
            for f in Organisation._meta.concrete_fields
            if f.attname not in _UNCHECKED and not f.generated
        }
        self.order = {name: i for i, name in enumerate(self.fields)}
        self.plain_text: dict[str, int | None] = {
            name: f.max_length
            for name, f in self.fields.items()
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and all(
                isinstance(v, MaxLengthValidator | ProhibitNullCharactersValidator)
                for v in f.validators
            )
        }
        self.memo: dict[tuple[str, type, Any], list[str]] = {}

    def check(self, values: Mapping[str, Any], *, prepared: bool = True) -> str | None:
        """The Polish reason the values are refused (in the model's field order), or None.

        ``prepared`` values came through ``organisation_prepare_fields``, so the fields it
        already validated are skipped.
        """
        errors: list[tuple[int, list[str]]] = []
        for name, value in values.items():
            f = self.fields.get(name)
            if f is None or (f.blank and value in f.empty_values):
                continue
            if prepared and name in PREPARED_VALID_FIELDS:
                continue
            if name in self.plain_text and type(value) is str and value and "\x00" not in value:
                limit = self.plain_text[name]
                if limit is None or len(value) <= limit:
                    continue
            messages = self._clean(f, value)
            if messages:
                errors.append((self.order[name], messages))
        if not errors:
            return None
        errors.sort(key=lambda e: e[0])
        return " ".join(m for _, messages in errors for m in messages)

    def _clean(self, f: models.Field, value: Any) -> list[str]:
        # Values such as a legal form, a TERYT code or "tak" repeat across rows: remember them.
        try:
            key = (f.attname, type(value), value)
            cached = self.memo.get(key)
        except TypeError:  # unhashable
            key, cached = None, None
        if cached is not None:
            return cached
        try:
            f.clean(value, None)
            messages: list[str] = []
        except ValidationError as exc:
            messages = exc.messages
        if key is not None:
            if len(self.memo) >= 20_000:
                self.memo.clear()
            self.memo[key] = messages
        return messages
