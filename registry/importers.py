"""Import of organisations from CSV and XLSX files.

Reading: CSV in UTF-8, UTF-8 with BOM or Windows-1250 (detected by a streaming strict UTF-8
pass), comma/semicolon/tab delimiter (csv.Sniffer), or the first sheet of an XLSX workbook.
Polish and English headers are recognised; an explicit mapping overrides them.

Writing: rows are processed in batches (one SELECT to find existing organisations, then
bulk_create/bulk_update); an existing organisation is found by external id, KRS, NIP or REGON
(in that order), or, for rows without identifiers, by name and town. Re-importing the same file
therefore changes nothing. Every row that is not taken is reported with its row number and a
Polish reason, so ``created + updated + unchanged + rejected == total`` (blank lines are not
rows and are only counted).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from registry.models import (
    ActivityArea,
    ChangeAction,
    ImportJob,
    ImportStatus,
    LegalForm,
    Organisation,
    OrganisationChange,
    OrganisationStatus,
)
from registry.services import organisation_prepare_fields
from registry.validators import fold

BATCH_SIZE = 1000
PREVIEW_ROWS = 20
DEFAULT_SYSTEM = "import"


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (unreadable, no name column...)."""


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


# --- reading files -------------------------------------------------------------------------


def detect_encoding(stream: IO[bytes]) -> str:
    """'utf-8-sig' with a BOM, 'utf-8' if the whole file decodes strictly, else 'cp1250'."""
    stream.seek(0)
    head = stream.read(3)
    if head.startswith(codecs.BOM_UTF8):
        stream.seek(0)
        return "utf-8-sig"
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        while chunk := stream.read(1 << 16):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1250"
    finally:
        stream.seek(0)
    return "utf-8"


def _csv_rows(stream: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    encoding = detect_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    sample = text.read(1 << 15)
    text.seek(0)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        dialect = csv.excel
        if first.count(";") > first.count(","):
            dialect = type("semicolon", (csv.excel,), {"delimiter": ";"})
    reader = csv.reader(text, dialect)
    for row in reader:
        yield reader.line_num, row
    text.detach()


def _xlsx_rows(stream: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(f"Nie można odczytać pliku XLSX: {exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        workbook.close()


def read_table(stream: IO[bytes], *, filename: str) -> Iterator[tuple[int, list[Any]]]:
    """Yield (row number in the file, cells) for every row, header included."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return _xlsx_rows(stream)
    if filename.lower().endswith(".xls"):
        raise ImportFileError("Format XLS nie jest obsługiwany: zapisz plik jako XLSX lub CSV.")
    return _csv_rows(stream)


def _is_blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets turn identifiers into numbers
    return str(value).strip()


def parse_legal_form(value: Any) -> str:
    text = _text(value)
    if not text:
        return LegalForm.OTHER
    code = _LEGAL_FORMS.get(header_key(text))
    if code is None:
        raise ValidationError(f"Nieznana forma prawna „{text}”.")
    return code


def parse_bool(value: Any, *, label: str) -> bool:
    if isinstance(value, bool):
        return value
    text = header_key(_text(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(f"{label}: nie rozumiem wartości „{_text(value)}” (wpisz tak lub nie).")


def parse_date(value: Any, *, label: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValidationError(f"{label}: niepoprawna data „{text}” (użyj RRRR-MM-DD lub DD.MM.RRRR).")


def parse_int(value: Any, *, label: str) -> int | None:
    text = _text(value).replace(" ", "")
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
        text = _text(value)
        if not text:
            return []
        whole = self.by_key.get(header_key(text))
        if whole is not None:
            return [whole]
        ids: list[int] = []
        for part in re.split(r"[;|\n]", text):
            if not part.strip():
                continue
            pk = self.by_key.get(header_key(part))
            if pk is None:
                raise ValidationError(f"Nieznany obszar działalności „{part.strip()}”.")
            ids.append(pk)
        return list(dict.fromkeys(ids))


# --- the import ----------------------------------------------------------------------------


@dataclass
class RejectedRow:
    row: int
    reason: str
    values: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "reason": self.reason, "values": self.values}


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    blank_lines: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    preview: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)

    def summary_line(self) -> str:
        return (
            f"total={self.total} created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} rejected={self.rejected_count}"
        )


@dataclass
class _Row:
    number: int
    raw: dict[str, str]
    fields: dict[str, Any]
    areas: list[int] | None
    external_id: str


def _row_to_fields(
    cells: list[Any], mapping: dict[int, str], areas: AreaIndex, system: str
) -> _Row | str:
    """Parse one row into service-ready fields, or return the Polish reason it is refused."""
    values: dict[str, Any] = {}
    for index, target in mapping.items():
        values[target] = cells[index] if index < len(cells) else None
    raw = {t: _text(v) for t, v in values.items()}
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
                external_id = _text(value)
            elif target in ("latitude", "longitude"):
                fields[target] = value if isinstance(value, int | float | Decimal) else _text(value)
            else:
                fields[target] = _text(value)
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
    return _Row(0, raw, fields, area_ids, external_id)


def _check_model(obj: Organisation) -> str | None:
    try:
        obj.clean_fields(exclude=["search_text", "search_vector", "external_ids"])
    except ValidationError as exc:
        return " ".join(m for msgs in exc.message_dict.values() for m in msgs)
    return None


class _Importer:
    def __init__(
        self,
        *,
        mapping: dict[int, str],
        system: str,
        status: str,
        user: Any,
        result: ImportResult,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.mapping = mapping
        self.system = system
        self.status = status
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.result = result
        self.progress = progress
        self.areas = AreaIndex.load()
        self.seen: dict[tuple[str, str], int] = {}  # (key kind, value) -> first row number
        self.processed = 0
        self.areas_mapped = "areas" in mapping.values()

    # keys that identify an organisation, strongest first
    def _keys(self, row: _Row) -> list[tuple[str, str]]:
        f = row.fields
        keys = []
        if row.external_id:
            keys.append(("ext", row.external_id))
        for kind in ("krs", "nip", "regon"):
            if f.get(kind):
                keys.append((kind, f[kind]))
        if not keys:
            keys.append(("name", f"{fold(f['name'])}|{fold(f.get('city', ''))}"))
        return keys

    def reject(self, number: int, reason: str, raw: dict[str, str]) -> None:
        self.result.rejected.append(RejectedRow(number, reason, raw))

    def process_batch(self, batch: list[tuple[int, list[Any]]]) -> None:
        rows: list[_Row] = []
        for number, cells in batch:
            parsed = _row_to_fields(cells, self.mapping, self.areas, self.system)
            if isinstance(parsed, str):
                raw = {
                    t: _text(cells[i]) if i < len(cells) else "" for i, t in self.mapping.items()
                }
                self.reject(number, parsed, raw)
                continue
            parsed.number = number
            duplicate = next((self.seen[k] for k in self._keys(parsed) if k in self.seen), None)
            if duplicate is not None:
                self.reject(
                    number,
                    f"Powtórzenie organizacji z wiersza {duplicate} (ten sam identyfikator).",
                    parsed.raw,
                )
                continue
            for key in self._keys(parsed):
                self.seen[key] = number
            rows.append(parsed)
        if rows:
            self._write(rows)
        self.processed += len(batch)
        if self.progress:
            self.progress(self.processed)

    def _existing(self, rows: list[_Row]) -> dict[tuple[str, str], Organisation]:
        krs = [r.fields["krs"] for r in rows if r.fields.get("krs")]
        nip = [r.fields["nip"] for r in rows if r.fields.get("nip")]
        regon = [r.fields["regon"] for r in rows if r.fields.get("regon")]
        ext = [r.external_id for r in rows if r.external_id]
        # Rows without identifiers are matched by name (and town); only those names are looked up.
        names = [r.fields["name"] for r in rows if self._keys(r)[0][0] == "name"]
        # One indexed lookup per key kind: an OR across columns would scan the whole table.
        conditions = [
            Q(krs__in=krs) if krs else None,
            Q(nip__in=nip) if nip else None,
            Q(regon__in=regon) if regon else None,
            Q(**{f"external_ids__{self.system}__in": ext}) if ext else None,
            Q(name__in=names) if names else None,
        ]
        pks: set[int] = set()
        for cond in conditions:
            if cond is not None:
                pks.update(Organisation.objects.filter(cond).values_list("pk", flat=True))
        found: dict[tuple[str, str], Organisation] = {}
        candidates = Organisation.objects.filter(pk__in=pks)
        if self.areas_mapped:
            candidates = candidates.prefetch_related("areas")
        for org in candidates if pks else []:
            if org.external_ids.get(self.system):
                found[("ext", str(org.external_ids[self.system]))] = org
            for kind in ("krs", "nip", "regon"):
                if getattr(org, kind):
                    found[(kind, getattr(org, kind))] = org
            if not (org.krs or org.nip or org.regon):
                found[("name", f"{fold(org.name)}|{fold(org.city)}")] = org
        return found

    def _write(self, rows: list[_Row]) -> None:
        existing = self._existing(rows)
        to_create: list[tuple[_Row, Organisation]] = []
        to_update: list[tuple[_Row, Organisation, dict[str, list[Any]]]] = []
        update_fields: set[str] = set()
        claimed: set[int] = set()
        for row in rows:
            matches = {existing[k].pk: existing[k] for k in self._keys(row) if k in existing}
            if len(matches) > 1:
                names = ", ".join(f"„{o.name}”" for o in matches.values())
                self.reject(
                    row.number,
                    f"Identyfikatory z wiersza wskazują na różne organizacje: {names}.",
                    row.raw,
                )
                continue
            if not matches:
                org = Organisation(**row.fields, status=self.status)
                if self.status == OrganisationStatus.PUBLISHED:
                    org.published_at = timezone.now()
                problem = _check_model(org)
                if problem:
                    self.reject(row.number, problem, row.raw)
                    continue
                to_create.append((row, org))
                continue
            org = next(iter(matches.values()))
            if org.pk in claimed:
                self.reject(
                    row.number, "Organizacja została już zmieniona wcześniejszym wierszem.", row.raw
                )
                continue
            claimed.add(org.pk)
            diff = self._diff(org, row)
            if not diff:
                self.result.unchanged += 1
                self._preview(row, "bez zmian", {})
                continue
            for name, (_old, new) in diff.items():
                if name != "areas":
                    setattr(org, name, new)
            problem = _check_model(org)
            if problem:
                self.reject(row.number, problem, row.raw)
                continue
            update_fields.update(k for k in diff if k != "areas")
            to_update.append((row, org, diff))

        if to_create:
            Organisation.objects.bulk_create([o for _, o in to_create], batch_size=BATCH_SIZE)
        if to_update and update_fields:
            Organisation.objects.bulk_update(
                [o for _, o, _ in to_update],
                [*sorted(update_fields), "updated_at"],
                batch_size=BATCH_SIZE,
            )
        now = timezone.now()
        if to_update:
            Organisation.objects.filter(pk__in=[o.pk for _, o, _ in to_update]).update(
                updated_at=now
            )
        through = Organisation.areas.through
        links = []
        for row, org in to_create:
            links.extend(
                through(organisation_id=org.pk, activityarea_id=a) for a in row.areas or []
            )
        area_updates = [(row, org) for row, org, diff in to_update if "areas" in diff]
        if area_updates:
            through.objects.filter(organisation_id__in=[o.pk for _, o in area_updates]).delete()
            for row, org in area_updates:
                links.extend(
                    through(organisation_id=org.pk, activityarea_id=a) for a in row.areas or []
                )
        if links:
            through.objects.bulk_create(links, batch_size=BATCH_SIZE)

        changes = []
        source = "import"
        for row, org in to_create:
            created_diff = {
                k: [None, _jsonable(v)] for k, v in row.fields.items() if v not in ("", None)
            }
            changes.append(
                OrganisationChange(
                    organisation_id=org.pk,
                    action=ChangeAction.CREATED,
                    changes=created_diff,
                    user=self.user,
                    source=source,
                )
            )
            self._preview(row, "nowa", created_diff)
        for row, org, diff in to_update:
            logged = {k: [_jsonable(old), _jsonable(new)] for k, (old, new) in diff.items()}
            changes.append(
                OrganisationChange(
                    organisation_id=org.pk,
                    action=ChangeAction.IMPORTED,
                    changes=logged,
                    user=self.user,
                    source=source,
                )
            )
            self._preview(row, "zmiana", logged)
        if changes:
            OrganisationChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
        self.result.created += len(to_create)
        self.result.updated += len(to_update)

    def _diff(self, org: Organisation, row: _Row) -> dict[str, list[Any]]:
        """Field -> [old, new] with real (not JSON) values, for the columns the file has."""
        diff: dict[str, list[Any]] = {}
        for name, new in row.fields.items():
            old = getattr(org, name)
            if name == "external_ids":
                new = {**old, **new}
            if old != new:
                diff[name] = [old, new]
        if self.areas_mapped and row.areas is not None:
            current = sorted(a.pk for a in org.areas.all())
            if current != sorted(row.areas):
                diff["areas"] = [current, sorted(row.areas)]
        return diff

    def _preview(self, row: _Row, action: str, changes: dict[str, Any]) -> None:
        if len(self.result.preview) < PREVIEW_ROWS:
            self.result.preview.append(
                {
                    "row": row.number,
                    "name": row.fields["name"],
                    "action": action,
                    "changes": changes,
                }
            )


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def import_organisations(
    stream: IO[bytes],
    *,
    filename: str,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    system: str = DEFAULT_SYSTEM,
    status: str = OrganisationStatus.PUBLISHED,
    user: Any = None,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Import a CSV/XLSX stream into the current tenant's register (see module docstring).

    ``progress(processed_rows, total_rows)`` is called after every batch. A dry run does the
    same work inside a transaction that is rolled back, so its counts are exact.
    """
    result = ImportResult(dry_run=dry_run)
    table = read_table(stream, filename=filename)
    header: list[Any] | None = None
    total = 0
    try:
        for _number, cells in table:
            if header is None:
                if not _is_blank(cells):
                    header = [_text(c) for c in cells]
                continue
            if not _is_blank(cells):
                total += 1
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"Nie można odczytać pliku: {exc}") from exc
    if header is None:
        raise ImportFileError("Plik jest pusty: brak wiersza nagłówka.")
    column_map, ignored = resolve_mapping(header, mapping)
    result.ignored_columns = ignored
    result.mapping = {header[i] or f"kolumna {i + 1}": t for i, t in column_map.items()}
    result.total = total

    stream.seek(0)
    importer = _Importer(
        mapping=column_map,
        system=system,
        status=status,
        user=user,
        result=result,
        progress=(lambda done: progress(done, total)) if progress else None,
    )
    with transaction.atomic():
        batch: list[tuple[int, list[Any]]] = []
        seen_header = False
        for number, cells in read_table(stream, filename=filename):
            if _is_blank(cells):
                if seen_header:
                    result.blank_lines += 1
                continue
            if not seen_header:
                seen_header = True
                continue
            batch.append((number, cells))
            if len(batch) >= batch_size:
                importer.process_batch(batch)
                batch = []
        if batch:
            importer.process_batch(batch)
        if dry_run:
            transaction.set_rollback(True)
    result.rejected.sort(key=lambda r: r.row)
    return result


def import_organisations_from_path(path: str | Path, **kwargs: Any) -> ImportResult:
    path = Path(path)
    with path.open("rb") as stream:
        return import_organisations(stream, filename=path.name, **kwargs)


def rejected_report_csv(rejected: list[dict[str, Any]] | list[RejectedRow]) -> str:
    """The downloadable report: one line per row not taken, with the reason (UTF-8 with BOM)."""
    rows = [r.as_dict() if isinstance(r, RejectedRow) else r for r in rejected]
    order = {name: i for i, name in enumerate(HEADER_ALIASES)}
    columns = sorted({key for r in rows for key in r.get("values", {})}, key=order.get)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["wiersz", "powód", *columns])
    for r in rows:
        writer.writerow([r["row"], r["reason"], *(r.get("values", {}).get(c, "") for c in columns)])
    return out.getvalue()


# --- import jobs (admin and Celery) ------------------------------------------------------


def import_job_create(
    *,
    upload: IO[bytes],
    filename: str,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    user: Any = None,
    enqueue: bool = True,
) -> ImportJob:
    """Store the uploaded file and queue the import task after commit."""
    from django.core.files import File

    from registry.tasks import run_import_job

    job = ImportJob(
        original_name=Path(filename).name[:255],
        mapping=dict(mapping or {}),
        dry_run=dry_run,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    job.file.save(Path(filename).name, File(upload), save=False)
    job.save()
    if enqueue:
        transaction.on_commit(lambda: run_import_job.delay(job.pk))
    return job


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued import; progress and the rejected rows are saved on the job."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status in (ImportStatus.RUNNING, ImportStatus.FINISHED):
        return job  # idempotent: a redelivered task does not import twice
    job.status = ImportStatus.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    try:
        with job.file.open("rb") as stream:
            result = import_organisations(
                stream,
                filename=job.original_name or job.file.name,
                mapping=job.mapping or None,
                dry_run=job.dry_run,
                user=job.created_by,
                progress=progress,
            )
    except ImportFileError as exc:
        job.status = ImportStatus.FAILED
        job.error = str(exc)
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return job
    job.status = ImportStatus.FINISHED
    job.total_rows = result.total
    job.processed_rows = result.total
    job.created_count = result.created
    job.updated_count = result.updated
    job.unchanged_count = result.unchanged
    job.rejected_count = result.rejected_count
    job.rejected_rows = [r.as_dict() for r in result.rejected]
    job.preview = {
        "mapping": result.mapping,
        "ignored_columns": result.ignored_columns,
        "blank_lines": result.blank_lines,
        "rows": result.preview,
    }
    job.finished_at = timezone.now()
    job.save()
    return job
