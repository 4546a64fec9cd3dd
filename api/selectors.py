"""Reads of the API: querysets over the apps' selectors, and the commit-ordered changes feed.

What a client sees
- organisations: published and archived ones (``submitted`` are unreviewed reports from the
  public form); deleted ones as tombstones in the changes feed if they were ever published;
- news and events: exactly what ``cms.visibility.public_pages`` lets the public see;
- activity areas, partnerships, projects: all of the tenant's.

The changes feed orders rows by the transaction that last wrote them (PostgreSQL's ``xmin``
system column, widened to 64 bits) and never goes past the oldest transaction in flight
(``pg_snapshot_xmin``): a transaction that began first but commits last can never be skipped.
No trigger or extra column is needed, so every write path (services, bulk updates, imports,
raw SQL) is covered and tenant schemas stay clonable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet

from api.sync import ChangesPosition
from cms.events.models import EventPage
from cms.events.recurrence import Occurrence
from cms.events.selectors import event_list, occurrences_between
from cms.models import NewsPage
from cms.visibility import public_pages
from partnerships.models import (
    Indicator,
    Measurement,
    Meeting,
    Member,
    Partnership,
    Project,
    ProjectPartner,
)
from partnerships.selectors import partnership_detail_queryset, project_detail_queryset
from registry.models import ActivityArea, Certificate, Organisation, OrganisationStatus
from registry.selectors import (
    OrganisationFilters,
    organisation_list,
    organisation_list_with_relations,
)

API_ORGANISATION_STATUSES = (OrganisationStatus.PUBLISHED, OrganisationStatus.ARCHIVED)


def organisation_api_list(*, params: Any = None) -> QuerySet[Organisation]:
    """Live published or archived organisations, filtered like the directory (``q``,
    ``legal_form``, ``area``, ``opp``, ``certified``, ``city``, ``teryt``, ``status``)."""
    filters = OrganisationFilters.from_params(params or {})
    statuses = tuple(s for s in filters.statuses if s in API_ORGANISATION_STATUSES)
    filters = OrganisationFilters(**{**filters.__dict__, "statuses": statuses})
    qs = organisation_list(filters=filters, published_only=False)
    if not statuses:
        qs = qs.filter(status__in=API_ORGANISATION_STATUSES)
    return organisation_list_with_relations(qs)


def activity_area_api_list() -> QuerySet[ActivityArea]:
    return ActivityArea.objects.order_by("position", "name", "id")


def partnership_api_list() -> QuerySet[Partnership]:
    return partnership_detail_queryset(Partnership.objects.all())


def project_api_list() -> QuerySet[Project]:
    return project_detail_queryset(Project.objects.all())


def news_api_list() -> QuerySet[NewsPage]:
    return public_pages(NewsPage.objects.all()).specific()  # type: ignore[return-value]


def event_api_list() -> QuerySet[EventPage]:
    return event_list(EventPage.objects.all())


def event_occurrences_api(start: datetime, end: datetime) -> list[Occurrence]:
    """Occurrences of public events overlapping [start, end), cancelled ones included."""
    return occurrences_between(EventPage.objects.all(), start, end, include_cancelled=True)


# --- the changes feed ---------------------------------------------------------------------


@dataclass(frozen=True)
class FeedResource:
    name: str  # the API resource (scope) name
    index: int  # its place in the feed order; never renumber (cursors carry it)
    # (model, column holding the resource's id, join through another model or None)
    sources: tuple[tuple[type[Model], str, tuple[type[Model], str, str] | None], ...]


FEED_RESOURCES: tuple[FeedResource, ...] = (
    FeedResource(
        "organisations",
        0,
        (
            (Organisation, "id", None),
            (Certificate, "organisation_id", None),
            (Organisation.areas.through, "organisation_id", None),
        ),
    ),
    FeedResource("activity_areas", 1, ((ActivityArea, "id", None),)),
    FeedResource(
        "partnerships",
        2,
        (
            (Partnership, "id", None),
            (Member, "partnership_id", None),
            (Meeting, "partnership_id", None),
        ),
    ),
    FeedResource(
        "projects",
        3,
        (
            (Project, "id", None),
            (ProjectPartner, "project_id", None),
            (Indicator, "project_id", None),
            (Measurement, "project_id", (Indicator, "indicator_id", "id")),
        ),
    ),
)
FEED_BY_INDEX = {resource.index: resource for resource in FEED_RESOURCES}

# xmin is a 32-bit transaction id; widened to 64 bits as the full id nearest to the snapshot's
# xmax (within 2^31; older rows are frozen by VACUUM long before, and frozen rows read as 2).
_FULL_XID = (
    "CASE WHEN {t}.xmin::text::bigint < 3 THEN 0 ELSE b.xmax - 2147483648 + mod(mod("
    "{t}.xmin::text::bigint - (b.xmax & 4294967295) + 2147483648, 4294967296) + 4294967296,"
    " 4294967296) END"
)


def _arm(resource: FeedResource, source: tuple[Any, ...]) -> str:
    model, column, join = source
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    if join is None:
        return (
            f"SELECT {resource.index} AS r, t.{q(column)} AS oid, {_FULL_XID.format(t='t')} AS x"  # noqa: S608 - names from model metadata
            f" FROM {table} t, bounds b WHERE t.{q(column)} IS NOT NULL"
        )
    parent, fk, parent_pk = join
    parent_table = q(parent._meta.db_table)
    return (
        f"SELECT {resource.index} AS r, p.{q(column)} AS oid, {_FULL_XID.format(t='t')} AS x"  # noqa: S608
        f" FROM {table} t JOIN {parent_table} p ON p.{q(parent_pk)} = t.{q(fk)}, bounds b"
        f" WHERE p.{q(column)} IS NOT NULL"
    )


_CHANGES_SQL = """
        WITH snap AS (SELECT pg_current_snapshot() AS s),
        bounds AS (
            SELECT pg_snapshot_xmin(s)::text::bigint AS xmin,
                   pg_snapshot_xmax(s)::text::bigint AS xmax,
                   pg_current_xact_id_if_assigned()::text::bigint AS own
            FROM snap
        ),
        changes AS ({arms})
        SELECT b.xmin, g.x, g.r, g.oid FROM bounds b LEFT JOIN LATERAL (
            SELECT max(c.x) AS x, c.r, c.oid
            FROM changes c
            WHERE CASE
                WHEN c.x < b.xmin THEN true
                -- A visible row of a transaction in progress is the reader's own (or one of
                -- its savepoints'): only a request that wrote something first gets here.
                WHEN b.own IS NULL THEN false
                ELSE pg_xact_status(c.x::text::xid8) = 'in progress'
            END
            GROUP BY c.r, c.oid
            HAVING (max(c.x), c.r, c.oid) > (%s, %s, %s)
            ORDER BY 1, 2, 3
            LIMIT %s
        ) g ON true
        ORDER BY g.x, g.r, g.oid
    """


def changes_rows(
    *, after: ChangesPosition, resources: Sequence[FeedResource], limit: int
) -> tuple[list[tuple[int, int, int]], int]:
    """Up to ``limit`` (xid, resource index, id) after ``after``, in that order, and the horizon.

    One query. Rows written by a transaction at or after the horizon (the oldest in flight)
    are held back until it is over; the reader's own uncommitted writes count as settled
    (a transaction sees its own work; it matters only for tests, which run in one, since an
    API read writes nothing before it)."""
    if not resources:
        return [], 0
    arms = " UNION ALL ".join(_arm(res, src) for res in resources for src in res.sources)
    # Only table and column names from model metadata are interpolated; values are parameters.
    sql = _CHANGES_SQL.replace("{arms}", arms)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*after.as_tuple(), limit])
        fetched = cursor.fetchall()
    horizon = int(fetched[0][0])
    rows = [(int(x), int(r), int(oid)) for _, x, r, oid in fetched if x is not None]
    return rows, horizon


def organisations_for_feed(ids: Iterable[int]) -> dict[int, Organisation]:
    """Organisations by id, tombstones included, with their relations (3 queries)."""
    qs = organisation_list_with_relations(Organisation.all_objects.filter(pk__in=list(ids)))
    return {org.pk: org for org in qs}


def organisation_feed_state(org: Organisation) -> str | None:
    """ "upsert", "delete" (a tombstone of an organisation once published) or None (never
    visible to the API: nothing to say)."""
    if org.deleted_at is not None:
        return "delete" if org.published_at is not None else None
    return "upsert" if org.status in API_ORGANISATION_STATUSES else None
