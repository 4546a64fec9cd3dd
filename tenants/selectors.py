from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

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
