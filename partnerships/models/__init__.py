"""Partnerships, their members and meetings, agreements, projects and indicators, and the
public pages bound to them: one module per concept.

- :mod:`~partnerships.models.parties`: what a member, a project partner and an agreement party
  share (a registry organisation or an outside institution, with its name snapshot);
- :mod:`~partnerships.models.partnership`: partnerships, members, meetings, documents,
  agreements;
- :mod:`~partnerships.models.project`: projects and their partners;
- :mod:`~partnerships.models.indicators`: indicators and measurements;
- :mod:`~partnerships.models.pages`: the Wagtail page types.

Writes go through ``partnerships.services``; reads beyond a simple ``get`` through
``partnerships.selectors``; the admin panels of the snippets are in
``partnerships.wagtail_hooks``.
"""

from partnerships.models.indicators import Indicator, Measurement
from partnerships.models.pages import PartnershipPage, ProjectIndexPage, ProjectPage
from partnerships.models.parties import (
    ARCHIVED_NOTE,
    DELETED_NOTE,
    PartyBase,
    RegistryOrganisationField,
    linkable_organisations,
)
from partnerships.models.partnership import (
    Agreement,
    AgreementParty,
    Meeting,
    MeetingPhoto,
    Member,
    Partnership,
    PartnershipDocument,
    PartnershipKind,
    PartnershipStatus,
    Role,
    Sector,
)
from partnerships.models.project import (
    KNOWN_PROGRAMMES,
    Fund,
    Project,
    ProjectPartner,
    ProjectStatus,
)

__all__ = [
    "ARCHIVED_NOTE",
    "DELETED_NOTE",
    "KNOWN_PROGRAMMES",
    "Agreement",
    "AgreementParty",
    "Fund",
    "Indicator",
    "Measurement",
    "Meeting",
    "MeetingPhoto",
    "Member",
    "Partnership",
    "PartnershipDocument",
    "PartnershipKind",
    "PartnershipPage",
    "PartnershipStatus",
    "PartyBase",
    "Project",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectPartner",
    "ProjectStatus",
    "RegistryOrganisationField",
    "Role",
    "Sector",
    "linkable_organisations",
]
