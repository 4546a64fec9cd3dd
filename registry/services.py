"""Writes on the register. Keyword-only, typed, atomic; every change leaves a history entry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Required, TypedDict, Unpack

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

from registry.models import (
    STATUS_TRANSITIONS,
    ActivityArea,
    Certificate,
    ChangeAction,
    Organisation,
    OrganisationChange,
    OrganisationStatus,
)
from registry.validators import (
    normalize_krs,
    normalize_nip,
    normalize_postal_code,
    normalize_regon,
    parse_coordinate,
)

# Who made a change: an editor, or nobody (imports, demo data, anonymous visitors).
Editor = User | AnonymousUser | None


class OrganisationFields(TypedDict, total=False):
    """The fields a caller may set through the services, as typed or read from a file (the
    services normalise them: "856-734-62-15" → "8567346215", "50,81" → Decimal("50.81")).
    The status goes through the transition services, areas and certificates apart."""

    name: str
    short_name: str
    legal_form: str
    krs: str
    nip: str
    regon: str
    is_opp: bool
    opp_since: date | None
    description: str
    street: str
    postal_code: str
    city: str
    teryt: str
    latitude: Decimal | float | str | None
    longitude: Decimal | float | str | None
    email: str
    phone: str
    contact_person: str
    website: str
    employees: int | None
    subsidised_jobs: int | None
    founders: str
    founded_on: date | None
    external_ids: Mapping[str, str]


class CertificateSpec(TypedDict, total=False):
    name: Required[str]
    category: str
    year: int | None


# Fields a caller may set through the services (status goes through the transition services).
EDITABLE_FIELDS: tuple[str, ...] = tuple(OrganisationFields.__annotations__)

_NORMALIZERS = {
    "krs": normalize_krs,
    "nip": normalize_nip,
    "regon": normalize_regon,
    "postal_code": normalize_postal_code,
}


def _is_ascii_digits(value: Any, lengths: tuple[int, ...]) -> bool:
    return type(value) is str and len(value) in lengths and value.isascii() and value.isdigit()


def _nip_fast(value: Any) -> str:
    """An already canonical NIP (10 digits, right check digit) as is; anything else, or a
    wrong check digit, through ``normalize_nip`` (its cleaning and messages)."""
    if _is_ascii_digits(value, (10,)) and stdnum_nip.checksum(value) == 0:
        return value
    return normalize_nip(value or "")


def _regon_fast(value: Any) -> str:
    """An already canonical REGON as is (python-stdnum's check digits); else ``normalize_regon``."""
    if (
        _is_ascii_digits(value, (9, 14))
        and value[-1] == stdnum_regon.calc_check_digit(value[:-1])
        and (len(value) == 9 or value[8] == stdnum_regon.calc_check_digit(value[:8]))
    ):
        return value
    return normalize_regon(value or "")


# Bulk imports send mostly canonical identifiers: checking those directly skips python-stdnum's
# generic cleaning, which costs more than the checksum itself. Same results as _NORMALIZERS.
_FAST_NORMALIZERS = {**_NORMALIZERS, "nip": _nip_fast, "regon": _regon_fast}

# Fields whose values, once through ``organisation_prepare_fields``, already satisfy the
# model's field validators (canonical KRS/NIP/REGON and postal code, coordinates rounded to six
# places within range): bulk writers such as the importer need not validate them again.
PREPARED_VALID_FIELDS: frozenset[str] = frozenset({*_NORMALIZERS, "latitude", "longitude"})
_TEXT_FIELDS = frozenset(
    {
        "name",
        "short_name",
        "description",
        "street",
        "city",
        "teryt",
        "email",
        "phone",
        "contact_person",
        "website",
        "founders",
    }
)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def organisation_snapshot(organisation: Organisation) -> dict[str, Any]:
    """JSON-friendly values of the tracked fields (areas and certificates as sorted names)."""
    data = {f: _json_value(getattr(organisation, f)) for f in EDITABLE_FIELDS}
    data["status"] = organisation.status
    if organisation.pk:
        data["areas"] = sorted(
            ActivityArea.objects.filter(organisations=organisation).values_list("name", flat=True)
        )
        data["certificates"] = sorted(
            " ".join(str(p) for p in row if p)
            for row in Certificate.objects.filter(organisation=organisation).values_list(
                "name", "category", "year"
            )
        )
    else:
        data["areas"] = []
        data["certificates"] = []
    return data


def snapshot_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def organisation_prepare_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise input values; raise one ValidationError with a Polish message per field."""
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(f"Nieznane pola organizacji: {', '.join(unknown)}.")
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[ValidationError]] = {}
    for name, value in fields.items():
        try:
            if name in _FAST_NORMALIZERS:
                value = _FAST_NORMALIZERS[name](value or "")
            elif name == "latitude":
                value = parse_coordinate(value, limit=90, label="Szerokość geograficzna")
            elif name == "longitude":
                value = parse_coordinate(value, limit=180, label="Długość geograficzna")
            elif name in _TEXT_FIELDS:
                value = (
                    " ".join(str(value or "").split())
                    if name != "description"
                    else (str(value or "").strip())
                )
            elif name == "external_ids":
                value = _clean_external_ids(value)
        except ValidationError as exc:
            errors.setdefault(name, []).append(exc)
            continue
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_external_ids(value: Any) -> dict[str, str]:
    if value in (None, ""):
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError(
            "Identyfikatory zewnętrzne muszą być słownikiem system → identyfikator."
        )
    cleaned = {}
    for system, ext_id in value.items():
        system_s, ext_s = str(system).strip(), str(ext_id).strip()
        if not system_s or not ext_s:
            raise ValidationError("Identyfikator zewnętrzny wymaga nazwy systemu i wartości.")
        cleaned[system_s] = ext_s
    return cleaned


def _check_external_ids_unique(organisation: Organisation) -> None:
    for system, ext_id in (organisation.external_ids or {}).items():
        clash = (
            Organisation.objects.filter(external_ids__contains={system: ext_id})
            .exclude(pk=organisation.pk)
            .values_list("name", flat=True)
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "external_ids": ValidationError(
                        "Identyfikator %(id)s w systemie %(system)s ma już organizacja „%(name)s”.",
                        params={"id": ext_id, "system": system, "name": clash},
                    )
                }
            )


def _validate(organisation: Organisation) -> None:
    organisation.full_clean(exclude=["search_text", "search_vector"])
    _check_external_ids_unique(organisation)


def _set_areas(organisation: Organisation, areas: Iterable[ActivityArea | int | str]) -> None:
    ids: list[int] = []
    names: list[str] = []
    for area in areas:
        if isinstance(area, ActivityArea):
            ids.append(area.pk)
        elif isinstance(area, int):
            ids.append(area)
        else:
            names.append(str(area))
    if names:
        found = dict(ActivityArea.objects.filter(slug__in=names).values_list("slug", "pk")) | dict(
            ActivityArea.objects.filter(name__in=names).values_list("name", "pk")
        )
        missing = [n for n in names if n not in found]
        if missing:
            raise ValidationError({"areas": f"Nieznany obszar działalności: {', '.join(missing)}."})
        ids.extend(found[n] for n in names)
    # The through table directly: modelcluster's deferring manager would only keep the set in
    # memory until the next save().
    through = Organisation.areas.through
    through.objects.filter(organisation=organisation).delete()
    through.objects.bulk_create(
        [through(organisation=organisation, activityarea_id=pk) for pk in dict.fromkeys(ids)]
    )


def _set_certificates(organisation: Organisation, certificates: Sequence[CertificateSpec]) -> None:
    Certificate.objects.filter(organisation=organisation).delete()
    objs = []
    for cert in certificates:
        obj = Certificate(
            organisation=organisation,
            name=str(cert.get("name", "")).strip(),
            category=str(cert.get("category", "") or "").strip(),
            year=cert.get("year") or None,
        )
        obj.full_clean(exclude=["organisation"])
        objs.append(obj)
    Certificate.objects.bulk_create(objs)


def change_record(
    *,
    organisation: Organisation,
    action: str,
    changes: Mapping[str, Any],
    user: Editor = None,
    source: str = "",
) -> OrganisationChange:
    return OrganisationChange.objects.create(
        organisation=organisation,
        action=action,
        changes=dict(changes),
        user=user if isinstance(user, User) and user.is_authenticated else None,
        source=source,
    )


@transaction.atomic
def organisation_create(
    *,
    user: Editor = None,
    source: str = "",
    status: str = OrganisationStatus.SUBMITTED,
    areas: Iterable[ActivityArea | int | str] = (),
    certificates: Sequence[CertificateSpec] = (),
    **fields: Unpack[OrganisationFields],
) -> Organisation:
    """Create an organisation (status "submitted" unless told) and record its creation."""
    cleaned = organisation_prepare_fields(fields)
    if status not in OrganisationStatus.values:
        raise ValidationError({"status": "Nieznany status organizacji."})
    organisation = Organisation(**cleaned, status=status)
    if status == OrganisationStatus.PUBLISHED:
        organisation.published_at = timezone.now()
    _validate(organisation)
    organisation.save()
    _set_areas(organisation, areas)
    if certificates:
        _set_certificates(organisation, certificates)
    after = organisation_snapshot(organisation)
    changes = {k: [None, v] for k, v in after.items() if v not in ("", None, [], {}, False)}
    change_record(
        organisation=organisation,
        action=ChangeAction.CREATED,
        changes=changes,
        user=user,
        source=source,
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    user: Editor = None,
    source: str = "",
    areas: Iterable[ActivityArea | int | str] | None = None,
    certificates: Sequence[CertificateSpec] | None = None,
    **fields: Unpack[OrganisationFields],
) -> Organisation:
    """Change fields (and optionally areas/certificates); record the field diff if any."""
    if organisation.is_deleted:
        raise ValidationError("Nie można zmieniać usuniętej organizacji.")
    before = organisation_snapshot(organisation)
    cleaned = organisation_prepare_fields(fields)
    for name, value in cleaned.items():
        setattr(organisation, name, value)
    _validate(organisation)
    organisation.save()
    if areas is not None:
        _set_areas(organisation, areas)
    if certificates is not None:
        _set_certificates(organisation, certificates)
    diff = snapshot_diff(before, organisation_snapshot(organisation))
    if diff:
        change_record(
            organisation=organisation,
            action=ChangeAction.UPDATED,
            changes=diff,
            user=user,
            source=source,
        )
    return organisation


def check_status_transition(current: str, target: str) -> None:
    if target not in STATUS_TRANSITIONS.get(current, frozenset()):
        labels = dict(OrganisationStatus.choices)
        raise ValidationError(
            "Nie można zmienić statusu z „%(current)s” na „%(target)s”.",
            code="status_transition",
            params={"current": labels.get(current, current), "target": labels.get(target, target)},
        )


@transaction.atomic
def organisation_set_status(
    *, organisation: Organisation, status: str, user: Editor = None, source: str = ""
) -> Organisation:
    if organisation.is_deleted:
        raise ValidationError("Nie można zmieniać usuniętej organizacji.")
    check_status_transition(organisation.status, status)
    previous = organisation.status
    organisation.status = status
    update_fields = ["status", "updated_at"]
    if status == OrganisationStatus.PUBLISHED:
        organisation.published_at = timezone.now()
        update_fields.append("published_at")
    organisation.save(update_fields=update_fields)
    actions: dict[str, str] = {
        OrganisationStatus.PUBLISHED: ChangeAction.PUBLISHED,
        OrganisationStatus.ARCHIVED: ChangeAction.ARCHIVED,
    }
    action = actions.get(status, ChangeAction.UPDATED)
    change_record(
        organisation=organisation,
        action=action,
        changes={"status": [previous, status]},
        user=user,
        source=source,
    )
    return organisation


def organisation_publish(*, organisation: Organisation, user: Editor = None) -> Organisation:
    return organisation_set_status(
        organisation=organisation, status=OrganisationStatus.PUBLISHED, user=user
    )


def organisation_archive(*, organisation: Organisation, user: Editor = None) -> Organisation:
    return organisation_set_status(
        organisation=organisation, status=OrganisationStatus.ARCHIVED, user=user
    )


@transaction.atomic
def organisation_bulk_set_status(
    *, organisation_ids: Iterable[int], status: str, user: Editor = None
) -> tuple[int, list[str]]:
    """Apply a status to many organisations; returns (changed, Polish messages for skipped)."""
    changed = 0
    skipped: list[str] = []
    for organisation in Organisation.objects.filter(
        pk__in=list(organisation_ids)
    ).select_for_update():
        if organisation.status == status:
            continue
        try:
            organisation_set_status(organisation=organisation, status=status, user=user)
        except ValidationError as exc:
            skipped.append(f"{organisation.name}: {' '.join(exc.messages)}")
        else:
            changed += 1
    return changed, skipped


@transaction.atomic
def organisation_delete(*, organisation: Organisation, user: Editor = None) -> Organisation:
    """Soft-delete: the row stays as a tombstone (``deleted_at``) so partners can sync it."""
    if organisation.is_deleted:
        return organisation
    organisation.deleted_at = timezone.now()
    organisation.save(update_fields=["deleted_at", "updated_at"])
    change_record(
        organisation=organisation,
        action=ChangeAction.DELETED,
        changes={"deleted_at": [None, organisation.deleted_at.isoformat()]},
        user=user,
    )
    return organisation


def organisation_record_form_save(
    *, organisation: Organisation, before: Mapping[str, Any] | None, user: Editor = None
) -> OrganisationChange | None:
    """History entry for a save made by an admin form (which saves inline certificates and
    areas itself): the diff between ``before`` (None for a new organisation) and now."""
    after = organisation_snapshot(organisation)
    if before is None:
        changes = {k: [None, v] for k, v in after.items() if v not in ("", None, [], {}, False)}
        action = ChangeAction.CREATED
    else:
        changes = snapshot_diff(before, after)
        action = ChangeAction.UPDATED
        if not changes:
            return None
    return change_record(
        organisation=organisation, action=action, changes=changes, user=user, source="panel"
    )
