"""Figures of one tenant's partnerships, projects and indicators for the coordinators
(``tenants.extensions.tenant_metrics``). Run in the tenant's schema.

Indicator status is the one ``partnerships.progress`` defines (``Indicator.progress``), so the
figures agree with the project pages.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from partnerships import progress
from partnerships.models import (
    Fund,
    Indicator,
    Measurement,
    Member,
    Partnership,
    PartnershipKind,
    Project,
    Sector,
)
from tenants.extensions import MetricValue

NO_VALUE = "none"  # key part for a project without a programme or fund
INDICATOR_STATUSES = (
    progress.ON_TRACK,
    progress.BEHIND,
    progress.ACHIEVED,
    progress.OVERDUE,
    progress.NO_DATA,
)


def partnerships_metrics(tenant: Any, *, today: dt.date | None = None) -> dict[str, MetricValue]:
    """``partnerships_total`` and ``kind.<kind>``; ``members.<sector>``: current members (not
    left by ``today``); ``projects_total``, ``programme.<programme>`` and ``fund.<fund>``
    ("none" when blank); ``budget_total`` and ``co_financing_total`` in PLN;
    ``indicators.<status>`` for on_track, behind, achieved, overdue and no_data."""
    today = today or timezone.localdate()
    figures: dict[str, MetricValue] = {}

    by_kind = dict(Partnership.objects.order_by().values_list("kind").annotate(n=Count("id")))
    figures["partnerships_total"] = sum(by_kind.values())
    figures.update({f"kind.{kind}": by_kind.get(kind, 0) for kind in PartnershipKind.values})

    current = Member.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
    by_sector = dict(current.order_by().values_list("sector").annotate(n=Count("id")))
    figures.update({f"members.{sector}": by_sector.get(sector, 0) for sector in Sector.values})

    projects = Project.objects.order_by()
    money = projects.aggregate(
        total=Count("id"),
        budget=Coalesce(Sum("total_budget"), Value(Decimal("0.00"))),
        co_financing=Coalesce(Sum("co_financing"), Value(Decimal("0.00"))),
    )
    figures["projects_total"] = money["total"]
    for programme, n in projects.values_list("programme").annotate(n=Count("id")):
        figures[f"programme.{programme or NO_VALUE}"] = n
    by_fund = dict(projects.values_list("fund").annotate(n=Count("id")))
    for fund in (*Fund.values, NO_VALUE):
        figures[f"fund.{fund}"] = by_fund.get("" if fund == NO_VALUE else fund, 0)
    figures["budget_total"] = money["budget"]
    figures["co_financing_total"] = money["co_financing"]

    indicators = Indicator.objects.select_related("project").prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.order_by("date", "id"))
    )
    statuses = Counter(indicator.progress(today=today).status for indicator in indicators)
    figures.update({f"indicators.{status}": statuses[status] for status in INDICATOR_STATUSES})
    return figures
