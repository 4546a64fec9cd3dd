"""What the roles may do with integrations (``tenants.roles``): only the "Administrator" issues,
rotates and revokes API keys (a key reads the tenant's data on its own)."""

from __future__ import annotations

from tenants.roles import ADMINISTRATOR, RoleGrants


def api_roles_grant(grants: RoleGrants) -> None:
    grants.model_permissions(ADMINISTRATOR, "api", actions=("add", "change", "view"))
