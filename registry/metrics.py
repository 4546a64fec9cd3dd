"""Figures of one tenant's register for the coordinators (``tenants.extensions.tenant_metrics``).

Run in the tenant's schema. They describe the register as the public sees it: published
organisations (no submitted or archived ones, no tombstones), as the directory's statistics do.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from registry.models import Certificate, LegalForm
from registry.selectors import organisation_list
from tenants.extensions import MetricValue


def registry_metrics(tenant: Any) -> dict[str, MetricValue]:
    """``organisations_total``; ``legal_form.<code>`` for every legal form (zeros included);
    ``opp``: public-benefit organisations; ``certified``: with at least one certificate or
    award; ``employees`` and ``subsidised_jobs``: sums of what the organisations report."""
    qs = organisation_list(published_only=True).order_by()
    totals = qs.aggregate(
        total=Count("id"),
        opp=Count("id", filter=Q(is_opp=True)),
        certified=Count(
            "id", filter=Q(Exists(Certificate.objects.filter(organisation=OuterRef("pk"))))
        ),
        employees=Coalesce(Sum("employees"), 0),
        subsidised_jobs=Coalesce(Sum("subsidised_jobs"), 0),
    )
    by_form = dict(qs.values_list("legal_form").annotate(n=Count("id")))
    figures: dict[str, MetricValue] = {"organisations_total": totals["total"]}
    figures.update({f"legal_form.{code}": by_form.get(code, 0) for code in LegalForm.values})
    figures.update(
        opp=totals["opp"],
        certified=totals["certified"],
        employees=totals["employees"],
        subsidised_jobs=totals["subsidised_jobs"],
    )
    return figures
