"""Compatibility: the page types live in :mod:`partnerships.models.pages`.

Kept only for ``tests/security`` (owned by another branch), which imports them from here;
import from ``partnerships.models`` and delete this module once those imports are updated.
"""

from partnerships.models.pages import (
    PartnershipPage,
    ProjectFilterForm,
    ProjectIndexPage,
    ProjectPage,
)

__all__ = ["PartnershipPage", "ProjectFilterForm", "ProjectIndexPage", "ProjectPage"]
