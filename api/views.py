"""Read endpoints of API v1, the changes feed, and conditional GET for all of them."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import datetime, time, timedelta
from typing import Any, ClassVar

from django.db.models import Model, Q, QuerySet
from django.http import HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from api import selectors
from api.authentication import request_client
from api.permissions import AnyReadScope
from api.serializers import (
    ActivityAreaSerializer,
    ChangeSerializer,
    EventSerializer,
    NewsSerializer,
    OccurrenceSerializer,
    OrganisationSerializer,
    PartnershipSerializer,
    ProjectSerializer,
)
from api.sync import (
    MAX_LIMIT,
    MAX_POSITION,
    ChangesPosition,
    ListCursor,
    changes_cursor_decode,
    changes_cursor_encode,
    list_cursor_decode,
    list_cursor_encode,
    parse_aware_datetime,
    parse_day,
    parse_limit,
    sync_horizon,
    sync_token_for,
)
from cms.events.recurrence import EVENT_TZ

MSG_NOT_FOUND = "Nie znaleziono zasobu."
MAX_OCCURRENCE_DAYS = 366

LIMIT_PARAM = OpenApiParameter(
    "limit", OpenApiTypes.INT, description=f"Liczba elementów na stronie (1–{MAX_LIMIT})."
)
CURSOR_PARAM = OpenApiParameter(
    "cursor", OpenApiTypes.STR, description="Kursor z pola `next_cursor` poprzedniej strony."
)
UPDATED_SINCE_PARAM = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description="Tylko elementy zmienione w tej chwili lub później (ISO 8601 ze strefą).",
)
CONDITIONAL_HEADERS = [
    OpenApiParameter(
        "If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, description="ETag z odpowiedzi"
    ),
]


class ApiView(GenericAPIView):
    """Authentication, scopes and throttling come from ``REST_FRAMEWORK`` (deny by default).

    Every 200 GET answer carries a strong ETag (SHA-256 of the body) and, where the data has
    a modification time, Last-Modified; ``If-None-Match`` (or ``If-Modified-Since`` without
    it) that matches gives 304 Not Modified with no body."""

    resource: ClassVar[str] = ""
    pagination_class = None
    filter_backends = []  # type: ignore[var-annotated]

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
        response["ETag"] = etag
        last_modified: datetime | None = getattr(response, "last_modified", None)
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        if self._not_modified(request, etag, last_modified):
            not_modified = HttpResponseNotModified()
            for header in ("ETag", "Last-Modified", "Vary", "Cache-Control"):
                if header in response:
                    not_modified[header] = response[header]
            return not_modified
        return response

    @staticmethod
    def _not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in tags or etag in tags
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        return (
            since is not None
            and last_modified is not None
            and int(last_modified.timestamp()) <= since
        )


def page_schema(name: str, item: type[serializers.Serializer]) -> serializers.Serializer:
    return inline_serializer(
        name=f"{name}Page",
        fields={
            "results": item(many=True),
            "next_cursor": serializers.CharField(allow_null=True),
            "next": serializers.URLField(allow_null=True),
            "sync_token": serializers.CharField(),
        },
    )


class CursorListView(ApiView):
    """A list walked by (``updated_field``, id) with an opaque cursor, never OFFSET."""

    updated_field: ClassVar[str] = "updated_at"

    def base_queryset(self) -> QuerySet[Any]:  # pragma: no cover - each view defines it
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return self.base_queryset()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = request.query_params
        limit = parse_limit(params)
        cursor = list_cursor_decode(self.resource, params.get("cursor"))
        since = parse_aware_datetime(params, "updated_since")
        field = self.updated_field
        qs = self.base_queryset().filter(**{f"{field}__isnull": False})
        if since is not None:
            qs = qs.filter(**{f"{field}__gte": since})
        if cursor is not None:
            qs = qs.filter(
                Q(**{f"{field}__gt": cursor.updated_at})
                | Q(**{field: cursor.updated_at, "id__gt": cursor.id})
            )
        horizon = cursor.horizon if cursor is not None else sync_horizon()
        rows = list(qs.order_by(field, "id")[: limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = None
        if more:
            last = rows[-1]
            next_cursor = list_cursor_encode(
                self.resource, ListCursor(getattr(last, field), last.pk, horizon)
            )
        data = {
            "results": self.get_serializer(rows, many=True).data,
            "next_cursor": next_cursor,
            "next": self._next_url(request, next_cursor),
            "sync_token": sync_token_for(horizon),
        }
        response = Response(data)
        if rows:
            response.last_modified = max(getattr(row, field) for row in rows)  # type: ignore[attr-defined]
        return response

    @staticmethod
    def _next_url(request: Request, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        query = request.query_params.copy()
        query["cursor"] = cursor
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class ItemView(ApiView):
    updated_field: ClassVar[str] = "updated_at"

    def base_queryset(self) -> QuerySet[Any]:  # pragma: no cover - each view defines it
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return self.base_queryset()

    def get(self, request: Request, pk: int, *args: Any, **kwargs: Any) -> Response:
        obj = self.base_queryset().filter(pk=pk).first()
        if obj is None:
            raise NotFound(MSG_NOT_FOUND)
        response = Response(self.get_serializer(obj).data)
        response.last_modified = getattr(obj, self.updated_field)  # type: ignore[attr-defined]
        return response


def _list_view(
    name: str, resource: str, serializer: type[serializers.Serializer], queryset: Any, **extra: Any
) -> type[CursorListView]:
    params = [LIMIT_PARAM, CURSOR_PARAM, UPDATED_SINCE_PARAM, *CONDITIONAL_HEADERS]
    params += extra.pop("parameters", [])
    view = type(
        f"{name}ListView",
        (CursorListView,),
        {
            "resource": resource,
            "serializer_class": serializer,
            "base_queryset": lambda self: queryset(self),
            **extra,
        },
    )

    def get(self: CursorListView, request: Request, *args: Any, **kwargs: Any) -> Response:
        return CursorListView.get(self, request, *args, **kwargs)

    view.get = extend_schema(  # type: ignore[attr-defined]
        operation_id=f"{resource}_list",
        parameters=params,
        responses={200: page_schema(name, serializer)},
        tags=[resource],
    )(get)
    return view


def _item_view(
    name: str, resource: str, serializer: type[serializers.Serializer], queryset: Any, **extra: Any
) -> type[ItemView]:
    view = type(
        f"{name}ItemView",
        (ItemView,),
        {
            "resource": resource,
            "serializer_class": serializer,
            "base_queryset": lambda self: queryset(self),
            **extra,
        },
    )

    def get(self: ItemView, request: Request, pk: int, *args: Any, **kwargs: Any) -> Response:
        return ItemView.get(self, request, pk, *args, **kwargs)

    view.get = extend_schema(  # type: ignore[attr-defined]
        operation_id=f"{resource}_retrieve",
        parameters=CONDITIONAL_HEADERS,
        responses={200: serializer},
        tags=[resource],
    )(get)
    return view


ORGANISATION_FILTERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=["published", "archived"], many=True),
    OpenApiParameter("legal_form", OpenApiTypes.STR, many=True),
    OpenApiParameter("area", OpenApiTypes.STR, many=True, description="slug obszaru"),
    OpenApiParameter("q", OpenApiTypes.STR, description="wyszukiwanie (bez znaków diakrytycznych)"),
    OpenApiParameter("teryt", OpenApiTypes.STR, description="prefiks kodu TERYT"),
    OpenApiParameter("city", OpenApiTypes.STR),
]

OrganisationListView = _list_view(
    "Organisation",
    "organisations",
    OrganisationSerializer,
    lambda view: selectors.organisation_api_list(params=view.request.query_params),
    parameters=ORGANISATION_FILTERS,
)
OrganisationItemView = _item_view(
    "Organisation",
    "organisations",
    OrganisationSerializer,
    lambda view: selectors.organisation_api_list(),
)
PartnershipListView = _list_view(
    "Partnership", "partnerships", PartnershipSerializer, lambda v: selectors.partnership_api_list()
)
PartnershipItemView = _item_view(
    "Partnership", "partnerships", PartnershipSerializer, lambda v: selectors.partnership_api_list()
)
ProjectListView = _list_view(
    "Project", "projects", ProjectSerializer, lambda v: selectors.project_api_list()
)
ProjectItemView = _item_view(
    "Project", "projects", ProjectSerializer, lambda v: selectors.project_api_list()
)
NewsListView = _list_view(
    "News",
    "news",
    NewsSerializer,
    lambda v: selectors.news_api_list(),
    updated_field="last_published_at",
)
NewsItemView = _item_view(
    "News",
    "news",
    NewsSerializer,
    lambda v: selectors.news_api_list(),
    updated_field="last_published_at",
)
EventListView = _list_view(
    "Event",
    "events",
    EventSerializer,
    lambda v: selectors.event_api_list(),
    updated_field="last_published_at",
)
EventItemView = _item_view(
    "Event",
    "events",
    EventSerializer,
    lambda v: selectors.event_api_list(),
    updated_field="last_published_at",
)


class ActivityAreaListView(ApiView):
    """The whole taxonomy (a few dozen rows, no timestamps): changes come in the feed."""

    resource = "activity_areas"
    serializer_class = ActivityAreaSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.activity_area_api_list()

    @extend_schema(
        operation_id="activity_areas_list",
        parameters=CONDITIONAL_HEADERS,
        responses={200: ActivityAreaSerializer(many=True)},
        tags=["activity_areas"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response({"results": self.get_serializer(self.get_queryset(), many=True).data})


class EventOccurrencesView(ApiView):
    """Occurrences of public events in [start, end] (days, Europe/Warsaw), recurrence expanded."""

    resource = "events"
    serializer_class = OccurrenceSerializer

    @extend_schema(
        operation_id="events_occurrences",
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True),
            *CONDITIONAL_HEADERS,
        ],
        responses={200: OccurrenceSerializer(many=True)},
        tags=["events"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        start = parse_day(request.query_params, "start")
        end = parse_day(request.query_params, "end")
        if start is None or end is None:
            missing = "start" if start is None else "end"
            raise ValidationError({missing: ["To pole jest wymagane (RRRR-MM-DD)."]})
        if end < start:
            raise ValidationError(
                {"end": ["Data końcowa nie może być wcześniejsza niż początkowa."]}
            )
        if (end - start).days >= MAX_OCCURRENCE_DAYS:
            raise ValidationError(
                {"end": [f"Zakres dat może obejmować najwyżej {MAX_OCCURRENCE_DAYS} dni."]}
            )
        window_start = datetime.combine(start, time.min, tzinfo=EVENT_TZ)
        window_end = datetime.combine(end + timedelta(days=1), time.min, tzinfo=EVENT_TZ)
        found = selectors.event_occurrences_api(window_start, window_end)
        return Response({"results": OccurrenceSerializer(found, many=True).data})


FEED_SERIALIZERS: dict[str, type[serializers.Serializer]] = {
    "organisations": OrganisationSerializer,
    "activity_areas": ActivityAreaSerializer,
    "partnerships": PartnershipSerializer,
    "projects": ProjectSerializer,
}
FEED_QUERYSETS: dict[str, Any] = {
    "activity_areas": selectors.activity_area_api_list,
    "partnerships": selectors.partnership_api_list,
    "projects": selectors.project_api_list,
}


class ChangesView(ApiView):
    """Every change, in commit-safe order, of the resources the key may read."""

    resource = "changes"
    permission_classes = [AnyReadScope]
    serializer_class = ChangeSerializer

    @extend_schema(
        operation_id="changes_list",
        parameters=[LIMIT_PARAM, CURSOR_PARAM, *CONDITIONAL_HEADERS],
        responses={
            200: inline_serializer(
                name="ChangesPage",
                fields={
                    "results": ChangeSerializer(many=True),
                    "next_cursor": serializers.CharField(),
                    "has_more": serializers.BooleanField(),
                },
            )
        },
        tags=["changes"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        client = request_client(request)
        if client is None:  # pragma: no cover - AnyReadScope refuses it first
            raise NotFound(MSG_NOT_FOUND)
        limit = parse_limit(request.query_params)
        after = changes_cursor_decode(request.query_params.get("cursor"))
        resources = [r for r in selectors.FEED_RESOURCES if client.has_scope(r.name, "read")]
        rows, horizon = selectors.changes_rows(after=after, resources=resources, limit=limit)

        ids: dict[str, list[int]] = defaultdict(list)
        for _, index, oid in rows:
            ids[selectors.FEED_BY_INDEX[index].name].append(oid)
        objects: dict[str, dict[int, Model]] = {}
        for name, wanted in ids.items():
            if name == "organisations":
                objects[name] = dict(selectors.organisations_for_feed(wanted))
            else:
                objects[name] = {o.pk: o for o in FEED_QUERYSETS[name]().filter(pk__in=wanted)}

        context = self.get_serializer_context()
        results: list[dict[str, Any]] = []
        for _, index, oid in rows:
            name = selectors.FEED_BY_INDEX[index].name
            obj = objects[name].get(oid)
            if obj is None:
                continue
            action = (
                selectors.organisation_feed_state(obj)  # type: ignore[arg-type]
                if name == "organisations"
                else "upsert"
            )
            if action is None:
                continue
            results.append(
                {
                    "resource": name,
                    "id": oid,
                    "action": action,
                    "deleted_at": getattr(obj, "deleted_at", None) if action == "delete" else None,
                    "data": FEED_SERIALIZERS[name](obj, context=context).data
                    if action == "upsert"
                    else None,
                }
            )

        has_more = len(rows) == limit
        position = after
        if rows:
            position = ChangesPosition(*rows[-1])
        if not has_more:
            caught_up = ChangesPosition(max(horizon - 1, 0), MAX_POSITION, MAX_POSITION)
            position = max(position, caught_up, key=ChangesPosition.as_tuple)
        return Response(
            {
                "results": ChangeSerializer(results, many=True).data,
                "next_cursor": changes_cursor_encode(position),
                "has_more": has_more,
            }
        )
