"""Data-protection (RODO) requests of one tenant: find, export and erase one person's data, and
the retention limit of form submissions. Every request is recorded (``PrivacyRequest``).

The data lives in many apps; each contributes a finder to ``tenants.extensions.personal_data``
and this module runs them all, in the current tenant's schema. Erasure is one transaction:
if any record refuses (e.g. the last administrator's account), nothing is erased and the
refusal is recorded with its reason.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from cms.cache import page_cache_bump
from cms.forms.privacy import CATEGORY as SUBMISSIONS_CATEGORY
from cms.forms.privacy import retention_cutoff, submission_retention_purge
from cms.privacy.models import PrivacyRequest, PrivacyRequestKind, PrivacyRequestOutcome
from tenants.extensions import ErasureContext, PersonalDataItem, PersonQuery, personal_data

NAME_MAX = 150
MSG_EMAIL_REQUIRED = "Podaj adres e-mail osoby, której dotyczy wniosek."
MSG_EMAIL_INVALID = (
    "„%(value)s” nie jest poprawnym adresem e-mail. Wpisz pełny adres, np. jan.kowalski@example.pl."
)
MSG_PHONE_INVALID = "Numer telefonu musi mieć 9 cyfr (z numerem kierunkowym), np. 34 370 74 80."
MSG_NAME_TOO_LONG = f"Imię i nazwisko może mieć najwyżej {NAME_MAX} znaków."


def person_query_build(*, email: str, name: str = "", phone: str = "") -> PersonQuery:
    """The person a request is about; bad input raises one ValidationError per field."""
    errors: dict[str, list[ValidationError]] = {}
    raw_email = (email or "").strip()
    if not raw_email:
        errors.setdefault("email", []).append(ValidationError(MSG_EMAIL_REQUIRED, "required"))
    else:
        try:
            validate_email(raw_email)
        except ValidationError:
            errors.setdefault("email", []).append(
                ValidationError(MSG_EMAIL_INVALID, "invalid", params={"value": raw_email})
            )
    person = PersonQuery.of(email=raw_email, name=name or "", phone=phone or "")
    if len(person.name) > NAME_MAX:
        errors.setdefault("name", []).append(ValidationError(MSG_NAME_TOO_LONG, "max_length"))
    if (phone or "").strip() and len(person.phone) != 9:
        errors.setdefault("phone", []).append(ValidationError(MSG_PHONE_INVALID, "invalid"))
    if errors:
        raise ValidationError(errors)
    return person


def personal_data_find(*, person: PersonQuery) -> list[PersonalDataItem]:
    """Everything the current tenant holds about ``person``, from every registered app."""
    items: list[PersonalDataItem] = []
    for extension in personal_data:
        items.extend(extension.func(person))
    return items


def _item_record(item: PersonalDataItem, result: str) -> dict[str, Any]:
    return {
        "category": item.category,
        "reference": item.reference,
        "matched": list(item.matched),
        "result": result,
    }


def _record(
    *,
    kind: str,
    outcome: str,
    person: PersonQuery | None,
    editor: Any,
    items: list[dict[str, Any]],
    item_count: int | None = None,
    requested_on: date | None = None,
    note: str = "",
    message: str = "",
) -> PrivacyRequest:
    return PrivacyRequest.objects.create(
        kind=kind,
        outcome=outcome,
        email=person.email if person else "",
        name=person.name if person else "",
        phone=person.phone if person else "",
        requested_on=requested_on or timezone.localdate(),
        note=note.strip(),
        items=items,
        item_count=len(items) if item_count is None else item_count,
        message=message,
        handled_by=editor if getattr(editor, "is_authenticated", False) else None,
    )


@dataclass(frozen=True)
class PersonalDataExport:
    record: PrivacyRequest
    filename: str
    content: bytes  # a ZIP with dane-osobowe.json and dane-osobowe.txt


def export_document(*, person: PersonQuery, items: list[PersonalDataItem]) -> dict[str, Any]:
    tenant = connection.tenant  # type: ignore[attr-defined]
    return {
        "administrator_danych": tenant.name,
        "osoba": {"e-mail": person.email, "imię i nazwisko": person.name, "telefon": person.phone},
        "wygenerowano": timezone.now().isoformat(),
        "liczba_rekordów": len(items),
        "rekordy": [
            {
                "kategoria": item.category,
                "rekord": item.reference,
                "dopasowano_po": list(item.matched),
                "dane": item.data,
            }
            for item in items
        ],
    }


def data_lines(value: Any, indent: str = "") -> list[str]:
    """A record's data as indented lines of text (the export's text file, the admin preview)."""
    if isinstance(value, dict):
        lines = []
        for key, inner in value.items():
            if isinstance(inner, dict | list):
                lines.append(f"{indent}{key}:")
                lines.extend(data_lines(inner, indent + "  "))
            else:
                lines.append(f"{indent}{key}: {_scalar(inner)}")
        return lines
    if isinstance(value, list):
        lines = []
        for inner in value:
            if isinstance(inner, dict):
                lines.append(f"{indent}-")
                lines.extend(data_lines(inner, indent + "  "))
            else:
                lines.append(f"{indent}- {_scalar(inner)}")
        return lines or [f"{indent}(brak)"]
    return [f"{indent}{_scalar(value)}"]


def _scalar(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None and "T" in value:
            return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
        return value
    return str(value)


def export_text(document: dict[str, Any]) -> str:
    """The export for people: the same content as the JSON, in Polish prose and lists."""
    person = document["osoba"]
    who = ", ".join(f"{k}: {v}" for k, v in person.items() if v)
    lines = [
        "DANE OSOBOWE — KOPIA DLA OSOBY, KTÓREJ DOTYCZĄ (art. 15 RODO)",
        "",
        f"Administrator danych: {document['administrator_danych']}",
        f"Osoba: {who}",
        f"Wygenerowano: {_scalar(document['wygenerowano'])}",
        f"Liczba rekordów: {document['liczba_rekordów']}",
    ]
    if not document["rekordy"]:
        lines += ["", "Nie znaleziono danych tej osoby."]
    category = None
    for record in document["rekordy"]:
        if record["kategoria"] != category:
            category = record["kategoria"]
            lines += ["", f"== {category} =="]
        lines += [
            "",
            f"-- {record['rekord']} (dopasowano po: {', '.join(record['dopasowano_po'])})",
        ]
        lines += data_lines(record["dane"], "  ")
    return "\n".join(lines) + "\n"


def personal_data_export(
    *,
    person: PersonQuery,
    editor: Any,
    requested_on: date | None = None,
    note: str = "",
) -> PersonalDataExport:
    """The person's data as a ZIP (JSON for machines, text for people), and the record of it."""
    items = personal_data_find(person=person)
    document = export_document(person=person, items=items)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "dane-osobowe.json",
            json.dumps(document, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
        )
        archive.writestr("dane-osobowe.txt", export_text(document))
    record = _record(
        kind=PrivacyRequestKind.EXPORT,
        outcome=PrivacyRequestOutcome.DONE,
        person=person,
        editor=editor,
        items=[_item_record(item, "wydano w kopii danych") for item in items],
        requested_on=requested_on,
        note=note,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return PersonalDataExport(
        record=record, filename=f"dane-osobowe-{stamp}-{record.pk}.zip", content=buffer.getvalue()
    )


def _drop_cached_pages_on_commit() -> None:
    """Cached public pages may quote erased contact details: drop the tenant's page cache once
    the erasure commits (on_commit may run in another schema, so the schema is named)."""
    schema = connection.schema_name  # type: ignore[attr-defined]

    def bump() -> None:
        with schema_context(schema):
            page_cache_bump()

    transaction.on_commit(bump)


class ErasureRefused(ValidationError):
    """A record refused the erasure: nothing was erased; ``record`` says why."""

    def __init__(self, error: ValidationError, record: PrivacyRequest) -> None:
        super().__init__(error.messages)
        self.record = record


def personal_data_erase(
    *,
    person: PersonQuery,
    editor: Any,
    requested_on: date | None = None,
    note: str = "",
) -> PrivacyRequest:
    """Erase (or anonymise, where the record must stay) everything the tenant holds about
    ``person``; all or nothing. Raises ``ErasureRefused`` (a ValidationError with the Polish
    reason) when a record refuses; the refusal is recorded too."""
    context = ErasureContext(person=person, editor=editor)
    try:
        with transaction.atomic():
            items = personal_data_find(person=person)
            done = [_item_record(item, item.erase(context)) for item in items]
            if done:
                _drop_cached_pages_on_commit()
            return _record(
                kind=PrivacyRequestKind.ERASE,
                outcome=PrivacyRequestOutcome.DONE,
                person=person,
                editor=editor,
                items=done,
                requested_on=requested_on,
                note=note,
            )
    except ValidationError as exc:
        items = personal_data_find(person=person)
        record = _record(
            kind=PrivacyRequestKind.ERASE,
            outcome=PrivacyRequestOutcome.REFUSED,
            person=person,
            editor=editor,
            items=[_item_record(item, "bez zmian") for item in items],
            requested_on=requested_on,
            note=note,
            message=" ".join(exc.messages),
        )
        raise ErasureRefused(exc, record) from exc


def submission_retention_enforce(*, months: int, now: datetime | None = None) -> int:
    """Delete the current tenant's form submissions older than ``months`` and record it."""
    deleted = submission_retention_purge(months=months, now=now)
    if deleted:
        cutoff = timezone.localtime(retention_cutoff(months=months, now=now))
        _record(
            kind=PrivacyRequestKind.RETENTION,
            outcome=PrivacyRequestOutcome.DONE,
            person=None,
            editor=None,
            items=[
                {
                    "category": SUBMISSIONS_CATEGORY,
                    "reference": f"zgłoszenia sprzed {cutoff:%Y-%m-%d %H:%M}",
                    "matched": [f"starsze niż {months} mies."],
                    "result": f"usunięto: {deleted}",
                }
            ],
            item_count=deleted,
            note=f"Okres przechowywania zgłoszeń: {months} mies.",
        )
    return deleted
