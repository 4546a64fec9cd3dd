"""Reads on tenants (public schema) and the per-tenant figures the apps register."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django_tenants.utils import tenant_context

from tenants import extensions
from tenants.extensions import MetricValue
from tenants.models import Domain, Tenant


def tenant_list_public() -> QuerySet[Tenant]:
    """Active, provisioned tenants with their primary host (``primary_domain``), by name."""
    primary = Domain.objects.filter(tenant=OuterRef("pk"), is_primary=True).values("domain")[:1]
    return (
        Tenant.objects.exclude(schema_name="public")
        .filter(is_active=True, provisioned_at__isnull=False)
        .annotate(primary_domain=Subquery(primary))
        .order_by("name")
    )


def tenant_get_by_slug(slug: str) -> Tenant:
    return Tenant.objects.exclude(schema_name="public").get(slug=slug)


def tenant_metrics_get(*, tenant: Tenant) -> dict[str, MetricValue]:
    """Every app's figures for ``tenant`` (``tenants.extensions.tenant_metrics``), each name
    prefixed by the entry's name: ``{"registry.organisations_total": 931, ...}``.

    One tenant at a time, in its schema; the coordinators' snapshots build on it.
    """
    figures: dict[str, MetricValue] = {}
    with tenant_context(tenant):
        for entry in extensions.tenant_metrics:
            for name, value in entry.func(tenant).items():
                figures[f"{entry.name}.{name}"] = value
    return figures
