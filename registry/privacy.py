"""Personal data in the registry of organisations: exporter and eraser for ``cms.privacy``.

An organisation is a legal entity and stays in the register; what can be a person's data are
its contact details: the e-mail address, the contact person and the phone number. A request
finds organisations whose contact details are the person's (tombstones too: they are kept for
partner sync and still hold the data), and history entries that recorded those values
earlier. Erasure blanks exactly the fields that matched, bumps ``updated_at`` so partner systems
pulling changes erase their copies too, and replaces the values in the history.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import Cast
from django.utils import timezone

from registry.models import ChangeAction, Organisation, OrganisationChange
from registry.services import change_record
from tenants.extensions import ErasureContext, PersonalDataItem, PersonQuery

CATEGORY_CONTACTS = "Baza organizacji: dane kontaktowe"
CATEGORY_HISTORY = "Baza organizacji: historia zmian"
SOURCE = "wniosek RODO"

# field -> (label, the PersonQuery test, what the field matched is called in the record)
CONTACT_FIELDS = {
    "email": ("E-mail", "matches_email", "e-mail"),
    "contact_person": ("Osoba do kontaktu", "matches_name", "imię i nazwisko"),
    "phone": ("Telefon", "matches_phone", "telefon"),
}


def _digits(expression: Any) -> Func:
    return Func(
        expression,
        Value(r"\D"),
        Value(""),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def _matching_fields(organisation: Organisation, person: PersonQuery) -> list[str]:
    return [
        field
        for field, (_label, test, _what) in CONTACT_FIELDS.items()
        if getattr(person, test)(getattr(organisation, field))
    ]


def _matches(person: PersonQuery, value: Any) -> bool:
    return person.matches_email(value) or person.matches_name(value) or person.matches_phone(value)


def _redacted(person: PersonQuery, value: Any) -> Any:
    """A recorded value without the person's data: the address, name or number replaced where
    it occurs, the whole value if it matched only after normalising."""
    if not _matches(person, value):
        return value
    redacted = person.redact(value)
    return redacted if redacted != value else PersonQuery.REDACTED


def _field_label(field: str) -> str:
    try:
        return str(Organisation._meta.get_field(field).verbose_name)
    except Exception:  # a field recorded by an older release
        return field


def organisations_find(person: PersonQuery) -> Iterator[PersonalDataItem]:
    condition = Q(email__iexact=person.email)
    if person.name:
        condition |= Q(contact_person__iexact=person.name)
    if person.phone:
        condition |= Q(phone_digits__contains=person.phone)
    organisations = (
        Organisation.all_objects.annotate(phone_digits=_digits(F("phone")))
        .filter(condition)
        .order_by("pk")
    )
    for organisation in organisations:
        fields = _matching_fields(organisation, person)
        if not fields:
            continue
        deleted = ", usunięta z bazy" if organisation.is_deleted else ""
        data: dict[str, Any] = {"Organizacja": organisation.name}
        data.update({CONTACT_FIELDS[f][0]: getattr(organisation, f) for f in fields})
        yield PersonalDataItem(
            category=CATEGORY_CONTACTS,
            reference=f"Organizacja nr {organisation.pk} „{organisation.name}”{deleted}",
            data=data,
            matched=tuple(CONTACT_FIELDS[f][2] for f in fields),
            erase=partial(_organisation_erase, organisation.pk, tuple(fields)),
        )
    yield from _history_find(person)


def _history_values(change: OrganisationChange, person: PersonQuery) -> list[tuple[str, Any]]:
    """(field, value) pairs of one history entry that are the person's data."""
    found = []
    for field, pair in (change.changes or {}).items():
        for value in pair if isinstance(pair, list) else [pair]:
            if _matches(person, value):
                found.append((field, value))
    return found


def _history_candidates(person: PersonQuery):
    text = Cast("changes", TextField())
    condition = Q(changes_text__icontains=person.email)
    if person.name:
        condition |= Q(changes_text__icontains=person.name)
    if person.phone:
        # Digits of the whole entry: the number may have been written with spaces or dashes.
        condition |= Q(changes_digits__contains=person.phone)
    return (
        OrganisationChange.objects.annotate(changes_text=text, changes_digits=_digits(text))
        .filter(condition)
        .select_related("organisation")
        .order_by("organisation_id", "created_at", "pk")
    )


def _history_find(person: PersonQuery) -> Iterator[PersonalDataItem]:
    by_organisation: dict[int, tuple[Organisation, list[dict[str, Any]]]] = {}
    for change in _history_candidates(person):
        values = _history_values(change, person)
        if not values:
            continue
        _org, entries = by_organisation.setdefault(
            change.organisation_id, (change.organisation, [])
        )
        entries.extend(
            {"Kiedy": change.created_at.isoformat(), "Pole": _field_label(f), "Wartość": v}
            for f, v in values
        )
    for organisation_id, (organisation, entries) in by_organisation.items():
        yield PersonalDataItem(
            category=CATEGORY_HISTORY,
            reference=f"Historia zmian organizacji nr {organisation_id} „{organisation.name}”",
            data={"Organizacja": organisation.name, "Wpisy": entries},
            matched=("historia zmian",),
            erase=partial(_history_erase, organisation_id),
        )


def _organisation_erase(
    organisation_id: int, fields: Sequence[str], context: ErasureContext
) -> str:
    organisation_personal_data_erase(
        organisation_id=organisation_id, fields=fields, person=context.person, user=context.editor
    )
    labels = ", ".join(CONTACT_FIELDS[f][0].lower() for f in fields)
    return f"usunięto: {labels}; organizacja zachowana"


@transaction.atomic
def organisation_personal_data_erase(
    *,
    organisation_id: int,
    fields: Sequence[str],
    person: PersonQuery | None = None,
    user: Any = None,
) -> Organisation:
    """Blank the organisation's contact ``fields`` (of ``CONTACT_FIELDS``), tombstone or not,
    and record that in its history without repeating the erased values. With ``person``, the
    phone field loses only the person's number."""
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"Not contact fields: {sorted(unknown)}")
    organisation = Organisation.all_objects.select_for_update().get(pk=organisation_id)
    values = {field: "" for field in fields}
    if "phone" in fields and person is not None:
        # The organisation's other numbers (its office) are not the person's.
        values["phone"] = person.without_phone(organisation.phone)
    # A queryset update: the model's services refuse to edit tombstones, and the partner sync
    # must see the change (updated_at) whatever the organisation's state.
    Organisation.all_objects.filter(pk=organisation.pk).update(**values, updated_at=timezone.now())
    change_record(
        organisation=organisation,
        action=ChangeAction.UPDATED,
        changes={field: [PersonQuery.REDACTED, values[field]] for field in fields},
        user=user,
        source=SOURCE,
    )
    organisation.refresh_from_db()
    return organisation


def _history_erase(organisation_id: int, context: ErasureContext) -> str:
    person = context.person
    changed = 0
    entries = _history_candidates(person).filter(organisation_id=organisation_id)
    for change in entries.select_for_update(of=("self",)):
        changes = {}
        for field, pair in (change.changes or {}).items():
            if isinstance(pair, list):
                changes[field] = [_redacted(person, v) for v in pair]
            else:
                changes[field] = _redacted(person, pair)
        if changes != change.changes:
            change.changes = changes
            change.save(update_fields=["changes"])
            changed += 1
    return f"usunięto wartości z wpisów historii: {changed}"
