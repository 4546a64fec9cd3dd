"""Writes of partnerships, agreements, projects and indicators. Run inside the tenant's
schema. Every service validates fully (Polish messages) and is atomic."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from partnerships.models import (
    Agreement,
    AgreementParty,
    Indicator,
    Measurement,
    Meeting,
    Member,
    Partnership,
    Project,
    ProjectPartner,
)


def unique_slug(model, text: str, *, max_length: int = 100) -> str:
    # slugify() drops letters without an ASCII decomposition; "ł" is the Polish one.
    base = slugify(text.replace("ł", "l").replace("Ł", "L"))[:max_length].strip("-") or "pozycja"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base[: max_length - 4]}-{n}"
    return slug


def _party_fields(spec: Mapping[str, Any]) -> dict[str, Any]:
    fields = dict(spec)
    organisation = fields.get("organisation")
    if organisation is not None and not fields.get("name"):
        # The snapshot: the name stays readable when the organisation is archived/deleted.
        fields["name"] = organisation.name
    return fields


@transaction.atomic
def partnership_create(
    *,
    name: str,
    kind: str,
    slug: str = "",
    purpose: str = "",
    signed_on: date | None = None,
    status: str = "active",
    area: Iterable[str] = (),
    members: Iterable[Mapping[str, Any]] = (),
    meetings: Iterable[Mapping[str, Any]] = (),
) -> Partnership:
    partnership = Partnership(
        name=name,
        slug=slug or unique_slug(Partnership, name),
        kind=kind,
        purpose=purpose,
        signed_on=signed_on,
        status=status,
        area=list(area),
    )
    partnership.full_clean()
    partnership.save()
    for spec in members:
        member_add(partnership=partnership, **spec)
    for spec in meetings:
        meeting_create(partnership=partnership, **spec)
    return partnership


@transaction.atomic
def member_add(*, partnership: Partnership, sector: str, **fields: Any) -> Member:
    member = Member(partnership=partnership, sector=sector, **_party_fields(fields))
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def meeting_create(*, partnership: Partnership, date: date, **fields: Any) -> Meeting:
    meeting = Meeting(partnership=partnership, date=date, **fields)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def agreement_create(
    *,
    title: str,
    parties: Iterable[Mapping[str, Any]],
    signed_on: date | None = None,
    scope: str = "",
    established: str = "",
    partnership: Partnership | None = None,
) -> Agreement:
    agreement = Agreement(
        title=title,
        signed_on=signed_on,
        scope=scope,
        established=established,
        partnership=partnership,
    )
    agreement.full_clean()
    agreement.save()
    for spec in parties:
        party = AgreementParty(agreement=agreement, **_party_fields(spec))
        party.full_clean()
        party.save()
    return agreement


@transaction.atomic
def project_create(
    *,
    title: str,
    slug: str = "",
    partners: Iterable[Mapping[str, Any]] = (),
    **fields: Any,
) -> Project:
    """Create a project with its leader and partners (dicts of ProjectPartner fields)."""
    project = Project(title=title, slug=slug or unique_slug(Project, title), **fields)
    project.full_clean()
    project.save()
    for spec in partners:
        partner = ProjectPartner(project=project, **_party_fields(spec))
        partner.full_clean()
        partner.save()
    return project


@transaction.atomic
def indicator_create(
    *,
    name: str,
    target: Decimal,
    project: Project | None = None,
    partnership: Partnership | None = None,
    measurements: Iterable[Mapping[str, Any]] = (),
    **fields: Any,
) -> Indicator:
    indicator = Indicator(
        name=name, target=target, project=project, partnership=partnership, **fields
    )
    indicator.full_clean()
    indicator.save()
    for spec in measurements:
        measurement_record(indicator=indicator, **spec)
    return indicator


@transaction.atomic
def measurement_record(
    *, indicator: Indicator, date: date, value: Decimal, note: str = ""
) -> Measurement:
    """Record a measurement; a second one on the same day replaces the first."""
    measurement = Measurement.objects.filter(indicator=indicator, date=date).first()
    if measurement is None:
        measurement = Measurement(indicator=indicator, date=date)
    measurement.value = value
    measurement.note = note
    measurement.full_clean(validate_constraints=False)
    measurement.save()
    return measurement
