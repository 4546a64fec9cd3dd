"""Wagtail admin: partnerships (members, meetings, documents inline), meetings with photos,
agreements, projects (partners inline) and indicators (measurements inline)."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from partnerships.models import Agreement, Indicator, Meeting, Partnership, Project
from partnerships.progress import STATUS_LABELS


class PartnershipViewSet(SnippetViewSet):
    model = Partnership
    icon = "group"
    menu_label = "Partnerstwa"
    url_prefix = "partnerships/partnerships"
    list_display = [
        "name",
        Column("kind", label="Rodzaj", accessor="get_kind_display"),
        Column("status", label="Status", accessor="get_status_display"),
        DateColumn("signed_on", label="Data zawarcia"),
    ]
    list_filter = ["kind", "status"]
    search_fields = ["name"]


class MeetingViewSet(SnippetViewSet):
    model = Meeting
    icon = "date"
    menu_label = "Spotkania (zdjęcia)"
    url_prefix = "partnerships/meetings"
    list_display = [
        DateColumn("date", label="Data"),
        Column("partnership", label="Partnerstwo", accessor="partnership"),
        "title",
        "place",
    ]
    list_filter = ["partnership"]
    edit_handler = ObjectList(
        [
            FieldPanel("partnership"),
            FieldRowPanel([FieldPanel("date"), FieldPanel("date_is_approximate")]),
            FieldPanel("title"),
            FieldPanel("place"),
            FieldPanel("agenda"),
            FieldPanel("minutes"),
            FieldPanel("attendance"),
            InlinePanel("photos", heading="Zdjęcia", label="zdjęcie"),
        ]
    )

    def get_queryset(self, request):
        return Meeting.objects.select_related("partnership")


class AgreementViewSet(SnippetViewSet):
    model = Agreement
    icon = "doc-full"
    menu_label = "Porozumienia"
    url_prefix = "partnerships/agreements"
    list_display = ["title", DateColumn("signed_on", label="Data zawarcia")]
    search_fields = ["title"]


class ProjectViewSet(SnippetViewSet):
    model = Project
    icon = "clipboard-list"
    menu_label = "Projekty"
    url_prefix = "partnerships/projects"
    list_display = [
        "title",
        "programme",
        Column("codes", label="Oś / działanie / poddziałanie", accessor="codes"),
        Column("status", label="Status", accessor="get_status_display"),
        DateColumn("start_date", label="Od"),
        DateColumn("end_date", label="Do"),
    ]
    list_filter = ["status", "programme", "fund"]
    search_fields = ["title"]


def _progress_label(indicator: Indicator) -> str:
    from django.utils import timezone

    return STATUS_LABELS[indicator.progress(today=timezone.localdate()).status]


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "table"
    menu_label = "Wskaźniki"
    url_prefix = "partnerships/indicators"
    list_display = [
        "name",
        Column(
            "owner", label="Projekt / partnerstwo", accessor=lambda i: i.project or i.partnership
        ),
        Column("target", label="Cel", accessor=lambda i: f"{i.target} {i.unit}"),
        DateColumn("target_date", label="Termin"),
        Column("progress", label="Stan", accessor=_progress_label),
    ]
    search_fields = ["name"]

    def get_queryset(self, request):
        return Indicator.objects.select_related("project", "partnership").prefetch_related(
            "measurements"
        )


class PartnershipsGroup(SnippetViewSetGroup):
    items = (
        PartnershipViewSet,
        MeetingViewSet,
        AgreementViewSet,
        ProjectViewSet,
        IndicatorViewSet,
    )
    menu_icon = "group"
    menu_label = "Partnerstwa i projekty"
    menu_name = "partnerships"


register_snippet(PartnershipsGroup)
