"""Writes of partnerships, agreements, projects and indicators: the one write path.

Demo data, tests and the Wagtail admin (``partnerships.wagtail_hooks`` routes the snippets'
create, edit and delete actions here) all call these functions. Run inside the tenant's schema.
Every service validates fully with the models' own rules (Polish messages, see the models'
``clean()``), takes the parties' name snapshots and is atomic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NotRequired, Required, TypedDict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from modelcluster.models import ClusterableModel

from cms.text import slugify_pl
from partnerships.models import (
    Agreement,
    AgreementParty,
    Indicator,
    Measurement,
    Meeting,
    Member,
    Partnership,
    PartyBase,
    Project,
    ProjectPartner,
    ProjectStatus,
    Role,
)

if TYPE_CHECKING:
    from registry.models import Organisation


class PartySpec(TypedDict, total=False):
    """A party: a registry organisation or the name of an outside institution."""

    organisation: Organisation | None
    name: str
    country: str


class MemberSpec(PartySpec, total=False):
    sector: Required[str]
    role: str
    joined_on: date | None
    left_on: date | None


class ProjectPartnerSpec(PartySpec, total=False):
    role: str
    role_description: str
    member: Member | None


class MeetingSpec(TypedDict, total=False):
    date: Required[date | None]
    place: str
    title: str
    agenda: str
    minutes: str
    attendance: int | None
    date_is_approximate: bool


class MeasurementSpec(TypedDict):
    date: date
    value: Decimal
    note: NotRequired[str]


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 100) -> str:
    base = slugify_pl(text)[:max_length].strip("-") or "pozycja"
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base[: max_length - 4]}-{n}"
    return slug


def _save_party(party: PartyBase) -> None:
    party.take_name_snapshot()
    party.full_clean()
    party.save()


def _child_errors(child: models.Model, exc: ValidationError) -> list[str]:
    label = str(child._meta.verbose_name)
    return [f"{label[:1].upper()}{label[1:]} „{child}”: {message}" for message in exc.messages]


def _save_cluster(instance: ClusterableModel, *, children: Mapping[str, str]) -> None:
    """Validate and save an object edited together with its inline children (what the
    admin's form holds in memory before saving): the parties' name snapshots are taken, every
    child is validated by its model's rules, then the whole cluster is saved.

    ``children`` maps a child relation to the child's parental key.
    """
    errors: dict[str, list[Any]] = {}
    try:
        instance.full_clean()
    except ValidationError as exc:
        errors.update(exc.update_error_dict({}))
    for relation, parental_key in children.items():
        for child in getattr(instance, relation).all():
            if isinstance(child, PartyBase):
                child.take_name_snapshot()
            try:
                child.full_clean(exclude=[parental_key])
            except ValidationError as exc:
                errors.setdefault(NON_FIELD_ERRORS, []).extend(_child_errors(child, exc))
    if errors:
        raise ValidationError(errors)
    instance.save()


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
    members: Iterable[MemberSpec] = (),
    meetings: Iterable[MeetingSpec] = (),
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
    for member in members:
        member_add(partnership=partnership, **member)
    for meeting in meetings:
        meeting_create(partnership=partnership, **meeting)
    return partnership


@transaction.atomic
def partnership_save(*, partnership: Partnership) -> Partnership:
    """Save a partnership with its members, meetings and documents (the admin's edit)."""
    _save_cluster(
        partnership,
        children={"members": "partnership", "meetings": "partnership", "documents": "partnership"},
    )
    return partnership


@transaction.atomic
def member_add(
    *,
    partnership: Partnership,
    sector: str,
    organisation: Organisation | None = None,
    name: str = "",
    country: str = "PL",
    role: str = Role.PARTNER,
    joined_on: date | None = None,
    left_on: date | None = None,
) -> Member:
    member = Member(
        partnership=partnership,
        sector=sector,
        organisation=organisation,
        name=name,
        country=country,
        role=role,
        joined_on=joined_on,
        left_on=left_on,
    )
    _save_party(member)
    return member


@transaction.atomic
def meeting_create(
    *,
    partnership: Partnership,
    date: date | None,
    place: str = "",
    title: str = "",
    agenda: str = "",
    minutes: str = "",
    attendance: int | None = None,
    date_is_approximate: bool = False,
) -> Meeting:
    meeting = Meeting(
        partnership=partnership,
        date=date,
        place=place,
        title=title,
        agenda=agenda,
        minutes=minutes,
        attendance=attendance,
        date_is_approximate=date_is_approximate,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_save(*, meeting: Meeting) -> Meeting:
    """Save a meeting with its photos (the admin's edit)."""
    _save_cluster(meeting, children={"photos": "meeting"})
    return meeting


@transaction.atomic
def agreement_create(
    *,
    title: str,
    parties: Iterable[PartySpec],
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
    for party in parties:
        _save_party(AgreementParty(agreement=agreement, **party))
    return agreement


@transaction.atomic
def agreement_save(*, agreement: Agreement) -> Agreement:
    """Save an agreement with its parties (the admin's edit)."""
    _save_cluster(agreement, children={"parties": "agreement"})
    return agreement


@transaction.atomic
def project_create(
    *,
    title: str,
    slug: str = "",
    number: str = "",
    programme: str = "",
    priority_axis: str = "",
    action: str = "",
    sub_action: str = "",
    fund: str = "",
    total_budget: Decimal | None = None,
    co_financing: Decimal | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    partnership: Partnership | None = None,
    status: str = ProjectStatus.ONGOING,
    summary: str = "",
    target_groups: str = "",
    partners: Iterable[ProjectPartnerSpec] = (),
) -> Project:
    """Create a project with its leader and partners."""
    project = Project(
        title=title,
        slug=slug or unique_slug(Project, title),
        number=number,
        programme=programme,
        priority_axis=priority_axis,
        action=action,
        sub_action=sub_action,
        fund=fund,
        total_budget=total_budget,
        co_financing=co_financing,
        start_date=start_date,
        end_date=end_date,
        partnership=partnership,
        status=status,
        summary=summary,
        target_groups=target_groups,
    )
    project.full_clean()
    project.save()
    for partner in partners:
        _save_party(ProjectPartner(project=project, **partner))
    return project


@transaction.atomic
def project_save(*, project: Project) -> Project:
    """Save a project with its leader and partners (the admin's edit)."""
    _save_cluster(project, children={"partners": "project"})
    return project


@transaction.atomic
def indicator_create(
    *,
    name: str,
    target: Decimal,
    project: Project | None = None,
    partnership: Partnership | None = None,
    unit: str = "szt.",
    baseline: Decimal = Decimal(0),
    target_date: date | None = None,
    area: Iterable[str] = (),
    measurements: Iterable[MeasurementSpec] = (),
) -> Indicator:
    indicator = Indicator(
        name=name,
        target=target,
        project=project,
        partnership=partnership,
        unit=unit,
        baseline=baseline,
        target_date=target_date,
        area=list(area),
    )
    indicator.full_clean()
    indicator.save()
    for measurement in measurements:
        measurement_record(indicator=indicator, **measurement)
    return indicator


@transaction.atomic
def indicator_save(*, indicator: Indicator) -> Indicator:
    """Save an indicator with its measurements (the admin's edit)."""
    _save_cluster(indicator, children={"measurements": "indicator"})
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


@transaction.atomic
def partnership_delete(*, partnership: Partnership) -> None:
    """Delete a partnership with its members, meetings and documents (its indicators and
    agreements' link go with it; a partnership with a page is protected by the page)."""
    partnership.delete()


@transaction.atomic
def meeting_delete(*, meeting: Meeting) -> None:
    """Delete a meeting with its photos."""
    meeting.delete()


@transaction.atomic
def agreement_delete(*, agreement: Agreement) -> None:
    """Delete an agreement with its parties."""
    agreement.delete()


@transaction.atomic
def project_delete(*, project: Project) -> None:
    """Delete a project with its partners and indicators (protected while it has a page)."""
    project.delete()


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    """Delete an indicator with its measurements."""
    indicator.delete()
