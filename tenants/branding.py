"""The name Wagtail's admin calls the site by: the current tenant's, not the platform's."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.utils.functional import lazy


def admin_site_name() -> str:
    """The current tenant's name; the platform's outside a tenant (public schema, commands).

    Wagtail falls back to WAGTAIL_SITE_NAME wherever a user's explorable root has no site of its
    own (an administrator sees the whole tree): the dashboard heading, the "N pages/images/
    documents created in …" summary and the name typed to confirm deleting many pages.
    """
    tenant = getattr(connection, "tenant", None)
    if tenant is None or tenant.schema_name == settings.PUBLIC_SCHEMA_NAME:
        return str(settings.PLATFORM_NAME)
    return str(getattr(tenant, "name", "") or settings.PLATFORM_NAME)


# Evaluated on every use (each request has its own tenant): settings.WAGTAIL_SITE_NAME.
lazy_admin_site_name = lazy(admin_site_name, str)()
