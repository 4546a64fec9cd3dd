"""What the roles may do with partnerships, projects and indicators (``tenants.roles``): the
"Baza organizacji" keeps them, as it keeps the organisations they are made of."""

from __future__ import annotations

from tenants.roles import REGISTRY, RoleGrants


def partnerships_roles_grant(grants: RoleGrants) -> None:
    grants.model_permissions(REGISTRY, "partnerships")
