"""Output serializers (read-only). Timestamps in UTC (ISO 8601, "Z"), decimals as strings.

Input serializers arrive with the write endpoints; they are kept apart from these."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.db import models
from rest_framework import serializers

from cms.events.models import EventPage
from cms.models import NewsPage
from partnerships.models import (
    Indicator,
    Measurement,
    Meeting,
    Member,
    Partnership,
    Project,
    ProjectPartner,
)
from registry.models import ActivityArea, Certificate, Organisation


class UTCDateTimeField(serializers.DateTimeField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("default_timezone", UTC)
        super().__init__(**kwargs)


class OutputSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: UTCDateTimeField,
    }


class ActivityAreaSerializer(OutputSerializer):
    class Meta:
        model = ActivityArea
        fields = ["id", "slug", "name", "position"]


class CertificateSerializer(OutputSerializer):
    class Meta:
        model = Certificate
        fields = ["name", "category", "year"]


class OrganisationSerializer(OutputSerializer):
    areas = serializers.SlugRelatedField[ActivityArea](slug_field="slug", many=True, read_only=True)
    certificates = CertificateSerializer(many=True, read_only=True)
    external_ids = serializers.DictField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "legal_form",
            "krs",
            "nip",
            "regon",
            "is_opp",
            "opp_since",
            "areas",
            "certificates",
            "description",
            "street",
            "postal_code",
            "city",
            "teryt",
            "latitude",
            "longitude",
            "email",
            "phone",
            "contact_person",
            "website",
            "employees",
            "subsidised_jobs",
            "founders",
            "founded_on",
            "status",
            "published_at",
            "external_ids",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class MemberSerializer(OutputSerializer):
    class Meta:
        model = Member
        fields = ["id", "organisation", "name", "country", "sector", "role", "joined_on", "left_on"]


class MeetingSerializer(OutputSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "date", "date_is_approximate", "place", "title", "agenda", "attendance"]


class MeasurementSerializer(OutputSerializer):
    class Meta:
        model = Measurement
        fields = ["date", "value", "note"]


class IndicatorSerializer(OutputSerializer):
    measurements = MeasurementSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "name", "unit", "baseline", "target", "target_date", "measurements"]


class PartnershipSerializer(OutputSerializer):
    members = MemberSerializer(many=True, read_only=True)
    meetings = MeetingSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Partnership
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "purpose",
            "signed_on",
            "status",
            "area",
            "members",
            "meetings",
            "indicators",
            "created_at",
            "updated_at",
        ]


class ProjectPartnerSerializer(OutputSerializer):
    class Meta:
        model = ProjectPartner
        fields = ["id", "organisation", "name", "country", "role", "role_description"]


class ProjectSerializer(OutputSerializer):
    partners = ProjectPartnerSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "slug",
            "number",
            "programme",
            "priority_axis",
            "action",
            "sub_action",
            "fund",
            "total_budget",
            "co_financing",
            "start_date",
            "end_date",
            "partnership",
            "status",
            "summary",
            "target_groups",
            "partners",
            "indicators",
            "created_at",
            "updated_at",
        ]


class PageBaseSerializer(OutputSerializer):
    updated_at = UTCDateTimeField(source="last_published_at", read_only=True)
    first_published_at = UTCDateTimeField(read_only=True)
    url = serializers.SerializerMethodField()

    def get_url(self, page: Any) -> str:
        request = self.context.get("request")
        path = page.get_url(request=request) or ""
        return request.build_absolute_uri(path) if request is not None and path else path


class NewsSerializer(PageBaseSerializer):
    class Meta:
        model = NewsPage
        fields = ["id", "title", "slug", "date", "lead", "url", "first_published_at", "updated_at"]


class EventSerializer(PageBaseSerializer):
    class Meta:
        model = EventPage
        fields = [
            "id",
            "title",
            "slug",
            "lead",
            "place_name",
            "place_address",
            "organiser",
            "start_date",
            "start_time",
            "end_date",
            "end_time",
            "all_day",
            "rrule",
            "url",
            "first_published_at",
            "updated_at",
        ]


class OccurrenceSerializer(serializers.Serializer):
    event = serializers.IntegerField(source="event.pk")
    title = serializers.CharField(source="event.title")
    date = serializers.DateField()
    start = UTCDateTimeField()
    end = UTCDateTimeField()
    all_day = serializers.BooleanField()
    cancelled = serializers.SerializerMethodField()

    def get_cancelled(self, occurrence: Any) -> bool:
        return occurrence.exception is not None


class ChangeSerializer(serializers.Serializer):
    resource = serializers.CharField()
    id = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["upsert", "delete"])
    deleted_at = UTCDateTimeField(allow_null=True)
    data = serializers.DictField(allow_null=True)  # type: ignore[assignment]
