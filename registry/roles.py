"""What the roles may do in the register (``tenants.roles``): the "Baza organizacji" keeps
organisations, areas of activity and imports; the "Moderator" reads the register, to compare a
"Zgłoś organizację" submission with what is already there."""

from __future__ import annotations

from tenants.roles import MODERATOR, REGISTRY, RoleGrants


def registry_roles_grant(grants: RoleGrants) -> None:
    grants.model_permissions(REGISTRY, "registry")
    grants.permissions(MODERATOR, "registry.view_organisation")
