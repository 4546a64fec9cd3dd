"""Public Wagtail pages bound to the partnership and project data.

Tree: ``cms.HomePage`` → ``ProjectIndexPage`` → ``ProjectPage`` / ``PartnershipPage``;
a ``PartnershipPage`` may also sit directly under the home page.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.query import PageQuerySet

from cms.visibility import public_pages
from partnerships.models.partnership import Meeting, Partnership
from partnerships.models.project import Project, ProjectStatus
from partnerships.selectors import (
    ProjectFilters,
    indicator_views,
    members_by_sector,
    next_meeting,
    partnership_detail_queryset,
    project_detail_queryset,
    project_filter,
    project_programmes,
    project_years,
    timeline,
)


def _today() -> date:
    return timezone.localdate()


class PartnershipPage(Page):
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        related_name="pages",
        verbose_name="partnerstwo",
    )
    intro = RichTextField("wstęp", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("partnership"), FieldPanel("intro")]
    parent_page_types = ["cms.HomePage", "partnerships.ProjectIndexPage"]
    subpage_types: list[str] = []
    template = "partnerships/partnership_page.html"

    class Meta:
        verbose_name = "strona partnerstwa"
        verbose_name_plural = "strony partnerstw"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        today = _today()
        partnership = partnership_detail_queryset(Partnership.objects.all()).get(
            pk=self.partnership_id
        )
        meetings = list(partnership.meetings.all())
        upcoming = next_meeting(meetings, today=today)
        context.update(
            {
                "partnership": partnership,
                "sectors": members_by_sector(partnership.members.all()),
                "meetings": meetings,
                "next_meeting": upcoming,
                "past_meetings": [m for m in reversed(meetings) if m.date and m.date < today],
                "later_meetings": [
                    m for m in meetings if (m.date is None or m.date >= today) and m is not upcoming
                ],
                "documents": list(partnership.documents.all()),
                "indicators": indicator_views(partnership.indicators.all(), today=today),
                "today": today,
            }
        )
        return context


class ProjectPage(Page):
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="pages", verbose_name="projekt"
    )
    intro = RichTextField("wstęp", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("project"), FieldPanel("intro")]
    parent_page_types = ["partnerships.ProjectIndexPage"]
    subpage_types: list[str] = []
    template = "partnerships/project_page.html"

    class Meta:
        verbose_name = "strona projektu"
        verbose_name_plural = "strony projektów"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        today = _today()
        project = project_detail_queryset(Project.objects.all()).get(pk=self.project_id)
        partners = list(project.partners.all())
        context.update(
            {
                "project": project,
                "leaders": [p for p in partners if p.role == "leader"],
                "partners": [p for p in partners if p.role != "leader"],
                "indicators": indicator_views(project.indicators.all(), today=today),
                "today": today,
            }
        )
        return context


class ProjectFilterForm(forms.Form):
    programme = forms.ChoiceField(label="Program", required=False)
    status = forms.ChoiceField(label="Status", required=False)
    year = forms.TypedChoiceField(label="Rok realizacji", required=False, coerce=int)

    def __init__(self, *args: Any, programmes: list[str], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme = cast(forms.ChoiceField, self.fields["programme"])
        programme.choices = [("", "wszystkie"), *((p, p) for p in programmes)]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", "wszystkie"),
            *ProjectStatus.choices,
        ]
        year = cast(forms.TypedChoiceField, self.fields["year"])
        year.choices = [("", "wszystkie"), *((y, str(y)) for y in years)]
        year.empty_value = None
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = (
                "Wybierz jedną z dostępnych wartości (%(value)s nie ma na liście)."
            )


class ProjectIndexPage(Page):
    intro = RichTextField("wstęp", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["partnerships.ProjectPage", "partnerships.PartnershipPage"]
    template = "partnerships/project_index_page.html"

    class Meta:
        verbose_name = "lista projektów"
        verbose_name_plural = "listy projektów"

    def project_pages(self) -> PageQuerySet:
        # What the public may see (cms.visibility): a view-restricted project stays off the list.
        return public_pages(ProjectPage.objects.child_of(self)).select_related("project")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        form = ProjectFilterForm(
            request.GET or None,
            programmes=project_programmes(Project.objects.all()),
            years=project_years(Project.objects.all()),
        )
        pages = self.project_pages()
        all_pages = list(pages)
        filters = ProjectFilters()
        if form.is_bound and form.is_valid():
            filters = ProjectFilters(
                programme=form.cleaned_data["programme"],
                status=form.cleaned_data["status"],
                year=form.cleaned_data["year"],
            )
        filtered = any((filters.programme, filters.status, filters.year))
        # An invalid filter shows its error above the full list (nothing is hidden silently).
        listed = list(project_filter(pages, filters, prefix="project__")) if filtered else all_pages
        listed = sorted(listed, key=lambda p: p.project.start_date or date.min, reverse=True)
        partnership_pages = list(
            public_pages(PartnershipPage.objects.child_of(self)).select_related("partnership")
        )
        page_of_partnership = {p.partnership_id: p.get_url(request) for p in partnership_pages}
        partnership_ids = set(page_of_partnership) | {
            p.project.partnership_id for p in all_pages if p.project.partnership_id
        }
        meetings = Meeting.objects.filter(partnership_id__in=partnership_ids).select_related(
            "partnership"
        )
        context.update(
            {
                "filter_form": form,
                "project_pages": listed,
                "partnership_pages": partnership_pages,
                "timeline": timeline(
                    projects=[(p.project, p.get_url(request)) for p in all_pages],
                    meetings=[(m, page_of_partnership.get(m.partnership_id, "")) for m in meetings],
                ),
                "filtered": filtered,
            }
        )
        return context
