"""Reads of partnerships and projects, with their relations fetched in a fixed number of
queries (no N+1).

Every read starts from a queryset the caller names (``Partnership.objects.all()``, a page's
projects). This module does not import the models (the page models import it): related models
are found through the queryset's relations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db.models import F, Model, Prefetch, Q, QuerySet

from partnerships.progress import Progress
from tenants.polish import format_number

if TYPE_CHECKING:
    from partnerships.models import Indicator, Measurement, Meeting, Member, Partnership, Project


def _related(model: type[Model], relation: str) -> QuerySet[Any]:
    """All rows of the model at the other end of ``model.relation``."""
    related = cast("type[Model]", model._meta.get_field(relation).related_model)
    return related._default_manager.all()


def _indicators_prefetch(owner: type[Model]) -> Prefetch:
    indicators = _related(owner, "indicators")
    return Prefetch(
        "indicators",
        queryset=indicators.select_related("project").prefetch_related(
            Prefetch(
                "measurements",
                queryset=_related(indicators.model, "measurements").order_by("date", "id"),
            )
        ),
    )


def partnership_detail_queryset(partnerships: QuerySet[Partnership]) -> QuerySet[Partnership]:
    """Partnerships with members (and their organisations), meetings with photos, documents
    and indicators with measurements prefetched."""
    model = partnerships.model
    meetings = _related(model, "meetings")
    return partnerships.prefetch_related(
        Prefetch(
            "members",
            queryset=_related(model, "members")
            .select_related("organisation")
            .order_by("sort_order", "id"),
        ),
        Prefetch(
            "meetings",
            queryset=meetings.order_by(F("date").asc(nulls_last=True), "id").prefetch_related(
                Prefetch(
                    "photos",
                    queryset=_related(meetings.model, "photos")
                    .select_related("image")
                    .order_by("sort_order", "id"),
                )
            ),
        ),
        Prefetch(
            "documents",
            queryset=_related(model, "documents")
            .select_related("document")
            .order_by("sort_order", "id"),
        ),
        _indicators_prefetch(model),
    )


def project_detail_queryset(projects: QuerySet[Project]) -> QuerySet[Project]:
    model = projects.model
    return projects.select_related("partnership").prefetch_related(
        Prefetch(
            "partners",
            queryset=_related(model, "partners")
            .select_related("organisation")
            .order_by("sort_order", "id"),
        ),
        _indicators_prefetch(model),
    )


def members_by_sector(members: Iterable[Member]) -> list[tuple[str, list[Member]]]:
    """Members grouped by sector, in the order public → NGO → business → other."""
    rows = list(members)
    if not rows:
        return []
    choices = rows[0]._meta.get_field("sector").flatchoices  # type: ignore[union-attr]
    labels = {str(key): str(label) for key, label in choices}
    groups: dict[str, list[Member]] = {key: [] for key in labels}
    for member in rows:
        groups.setdefault(member.sector, []).append(member)
    return [(labels.get(key, key), group) for key, group in groups.items() if group]


def next_meeting(meetings: Sequence[Meeting], *, today: dt.date) -> Meeting | None:
    """The first meeting on or after ``today``; failing that, a planned meeting whose date is
    still to be set (meetings in any order)."""
    upcoming = [m for m in meetings if m.date is not None and m.date >= today]
    if upcoming:
        return min(upcoming, key=lambda m: (m.date or today, m.pk or 0))
    undated = [m for m in meetings if m.date is None]
    return min(undated, key=lambda m: m.pk or 0) if undated else None


@dataclass(frozen=True)
class ChartBar:
    x: int
    y: int
    width: int
    height: int
    label: str
    value: str


@dataclass(frozen=True)
class IndicatorView:
    """What a page shows of an indicator: the progress and a bar chart of measurements."""

    indicator: Indicator
    progress: Progress
    measurements: list[Measurement]
    bars: list[ChartBar]
    target_y: int
    chart_label: str


CHART_WIDTH = 480
CHART_HEIGHT = 160
CHART_TOP = 10


def indicator_view(indicator: Indicator, *, today: dt.date) -> IndicatorView:
    measurements = list(indicator.measurements.all())
    progress = indicator.progress(today=today)
    peak = max([indicator.target, indicator.baseline, *(m.value for m in measurements)])
    peak = peak if peak > 0 else Decimal(1)
    plot = CHART_HEIGHT - CHART_TOP

    def y_of(value: Decimal) -> int:
        return CHART_HEIGHT - int(plot * max(value, Decimal(0)) / peak)

    slot = CHART_WIDTH // max(len(measurements), 1)
    width = max(min(slot - 8, 60), 4)
    bars = []
    for position, measurement in enumerate(measurements):
        top = y_of(measurement.value)
        bars.append(
            ChartBar(
                x=position * slot + (slot - width) // 2,
                y=top,
                width=width,
                height=CHART_HEIGHT - top,
                label=f"{measurement.date:%d.%m.%Y}",
                value=format_number(measurement.value),
            )
        )
    points = "; ".join(f"{b.label}: {b.value}" for b in bars) or "brak pomiarów"
    chart_label = (
        f"Wykres pomiarów wskaźnika „{indicator.name}” ({indicator.unit}): {points}. "
        f"Wartość docelowa: {format_number(indicator.target)}."
    )
    return IndicatorView(
        indicator=indicator,
        progress=progress,
        measurements=measurements,
        bars=bars,
        target_y=y_of(indicator.target),
        chart_label=chart_label,
    )


def indicator_views(indicators: Iterable[Indicator], *, today: dt.date) -> list[IndicatorView]:
    return [indicator_view(i, today=today) for i in indicators]


@dataclass(frozen=True)
class ProjectFilters:
    programme: str = ""
    status: str = ""
    year: int | None = None


def project_filter(
    queryset: QuerySet[Any], filters: ProjectFilters, *, prefix: str = ""
) -> QuerySet[Any]:
    """Filter projects (or pages bound to projects, with ``prefix="project__"``).

    ``year`` keeps projects running at some point in that year (start ≤ 31 Dec and end ≥
    1 Jan, open ends included); projects without any dates are left out of a year filter.
    """
    if filters.programme:
        queryset = queryset.filter(**{f"{prefix}programme": filters.programme})
    if filters.status:
        queryset = queryset.filter(**{f"{prefix}status": filters.status})
    if filters.year:
        start, end = dt.date(filters.year, 1, 1), dt.date(filters.year, 12, 31)
        queryset = queryset.filter(
            (Q(**{f"{prefix}start_date__lte": end}) | Q(**{f"{prefix}start_date__isnull": True}))
            & (Q(**{f"{prefix}end_date__gte": start}) | Q(**{f"{prefix}end_date__isnull": True}))
            & (
                Q(**{f"{prefix}start_date__isnull": False})
                | Q(**{f"{prefix}end_date__isnull": False})
            )
        )
    return queryset


def project_programmes(projects: QuerySet[Project]) -> list[str]:
    return list(
        projects.exclude(programme="")
        .order_by("programme")
        .values_list("programme", flat=True)
        .distinct()
    )


def project_years(projects: QuerySet[Project]) -> list[int]:
    """Years in which some project ran (from its start and end dates)."""
    years: set[int] = set()
    for start, end in projects.values_list("start_date", "end_date"):
        first = start or end
        last = end or start
        if first and last:
            years.update(range(first.year, last.year + 1))
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date
    kind: str  # "project_start", "project_end", "meeting"
    text: str
    url: str = ""
    end: dt.date | None = None
    approximate: bool = False


def timeline(
    *, projects: Iterable[tuple[Project, str]], meetings: Iterable[tuple[Meeting, str]]
) -> list[TimelineEntry]:
    """Chronological entries: project periods (start, end) and partnership meetings.

    ``projects`` and ``meetings`` are (object, url) pairs; the url may be empty.
    """
    entries: list[TimelineEntry] = []
    for project, url in projects:
        if project.start_date:
            entries.append(
                TimelineEntry(
                    date=project.start_date,
                    kind="project",
                    text=project.title,
                    url=url,
                    end=project.end_date,
                )
            )
        elif project.end_date:
            entries.append(
                TimelineEntry(
                    date=project.end_date, kind="project_end", text=project.title, url=url
                )
            )
    for meeting, url in meetings:
        if meeting.date is None:
            continue
        text = meeting.title or "Spotkanie"
        text = f"{meeting.partnership.name}: {text}"
        if meeting.place:
            text = f"{text} ({meeting.place})"
        entries.append(
            TimelineEntry(
                date=meeting.date,
                kind="meeting",
                text=text,
                url=url,
                approximate=meeting.date_is_approximate,
            )
        )
    return sorted(entries, key=lambda e: (e.date, e.kind, e.text))
