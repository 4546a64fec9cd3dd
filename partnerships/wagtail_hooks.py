"""Wagtail admin: partnerships (members, meetings, documents inline), meetings with photos,
agreements, projects (partners inline) and indicators (measurements inline).

All the snippets' panels are here (the models carry none). Saving and deleting go through
``partnerships.services``: the create, edit and delete actions of these models are replaced
(Wagtail's action registry, used by every admin view that writes them) by ones that call the
service; a service's ``ValidationError`` is shown on the form, in Polish, like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Model
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import classproperty
from wagtail import hooks
from wagtail.actions import ActionRegistry, CreateAction, DeleteAction, EditAction
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.log_actions import log
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CopyView,
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from partnerships import services
from partnerships.models import Agreement, Indicator, Meeting, Partnership, Project
from partnerships.progress import STATUS_LABELS

# --- the write path ------------------------------------------------------------------------


@dataclass(frozen=True)
class WritePath:
    save: Callable[[Any], Model]
    delete: Callable[[Any], None]


# Looked up at call time (``services.<name>``), so that the admin always runs the service.
WRITE_PATHS: dict[type[Model], WritePath] = {
    Partnership: WritePath(
        save=lambda obj: services.partnership_save(partnership=obj),
        delete=lambda obj: services.partnership_delete(partnership=obj),
    ),
    Meeting: WritePath(
        save=lambda obj: services.meeting_save(meeting=obj),
        delete=lambda obj: services.meeting_delete(meeting=obj),
    ),
    Agreement: WritePath(
        save=lambda obj: services.agreement_save(agreement=obj),
        delete=lambda obj: services.agreement_delete(agreement=obj),
    ),
    Project: WritePath(
        save=lambda obj: services.project_save(project=obj),
        delete=lambda obj: services.project_delete(project=obj),
    ),
    Indicator: WritePath(
        save=lambda obj: services.indicator_save(indicator=obj),
        delete=lambda obj: services.indicator_delete(indicator=obj),
    ),
}


def _save_through_service(action: CreateAction | EditAction) -> None:
    form = action.form
    # A ClusterForm keeps the inline rows in memory with commit=False: the service validates
    # and saves the whole cluster.
    instance = form.save(commit=False) if form is not None else action.instance
    action.instance = WRITE_PATHS[type(instance)].save(instance)
    save_m2m = getattr(form, "save_m2m", None)
    if save_m2m is not None:
        save_m2m()


class ServiceCreateAction(CreateAction):
    def _save_instance(self) -> None:
        _save_through_service(self)


class ServiceEditAction(EditAction):
    def _save_instance(self) -> None:
        _save_through_service(self)


class ServiceDeleteAction(DeleteAction):
    def _delete(self) -> Any:
        with transaction.atomic():
            if self.log_action:
                log(instance=self.instance, action=self.log_action, user=self.user, deleted=True)
            return WRITE_PATHS[type(self.instance)].delete(self.instance)


class ServiceDeleteBulkAction(DeleteBulkAction):
    """The listing's "delete selected" for these models: one service call per object (in
    place of Wagtail's queryset delete), each logged like a single delete."""

    @classproperty
    def models(cls) -> list[type[Model]]:
        return list(WRITE_PATHS)

    @classmethod
    def execute_action(cls, objects: Any, user: Any = None, **kwargs: Any) -> tuple[int, int]:
        with transaction.atomic():
            for obj in objects:
                log(instance=obj, action="wagtail.delete", user=user, deleted=True)
                WRITE_PATHS[type(obj)].delete(obj)
        return len(objects), 0


# After Wagtail's own (order 0), so that it replaces the snippets' bulk delete for these models.
hooks.register("register_bulk_action", ServiceDeleteBulkAction, order=10)


@hooks.register("register_actions")
def register_service_actions(registry: ActionRegistry) -> None:
    for model in WRITE_PATHS:
        registry.register(model, ServiceCreateAction)
        registry.register(model, ServiceEditAction)
        registry.register(model, ServiceDeleteAction)


def add_service_errors(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's errors on the form: on their field when the form has it, above the
    form otherwise."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, messages in exc.message_dict.items():
        target = field if field in form.fields else None
        if target is None and field != NON_FIELD_ERRORS:
            messages = [f"{field}: {m}" for m in messages]
        form.add_error(target, messages)


class ServiceErrorsMixin:
    """Create/edit views: a ValidationError raised by the service (after the form's own
    validation) re-renders the form with the error instead of failing with a 500."""

    def form_valid(self, form: BaseForm) -> HttpResponse:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ValidationError as exc:
            add_service_errors(form, exc)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined]


class ServiceCreateView(ServiceErrorsMixin, CreateView):
    pass


class ServiceEditView(ServiceErrorsMixin, EditView):
    pass


class ServiceCopyView(ServiceErrorsMixin, CopyView):
    pass


class ServiceSnippetViewSet(SnippetViewSet):
    add_view_class = ServiceCreateView
    edit_view_class = ServiceEditView
    copy_view_class = ServiceCopyView


# --- panels and listings -------------------------------------------------------------------

MEMBER_PANELS = [
    FieldPanel("organisation"),
    FieldPanel("name"),
    FieldRowPanel([FieldPanel("sector"), FieldPanel("role"), FieldPanel("country")]),
    FieldRowPanel([FieldPanel("joined_on"), FieldPanel("left_on")]),
]
MEETING_PANELS = [
    FieldRowPanel([FieldPanel("date"), FieldPanel("date_is_approximate")]),
    FieldPanel("title"),
    FieldPanel("place"),
    FieldPanel("agenda"),
    FieldPanel("minutes"),
    FieldPanel("attendance"),
]


class PartnershipViewSet(ServiceSnippetViewSet):
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
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
                    FieldPanel("signed_on"),
                    FieldPanel("purpose"),
                    FieldPanel("area"),
                ],
                heading="Partnerstwo",
            ),
            InlinePanel("members", heading="Członkowie", label="członek", panels=MEMBER_PANELS),
            InlinePanel("meetings", heading="Spotkania", label="spotkanie", panels=MEETING_PANELS),
            InlinePanel(
                "documents",
                heading="Dokumenty",
                label="dokument",
                panels=[FieldPanel("document"), FieldPanel("title")],
            ),
        ]
    )


class MeetingViewSet(ServiceSnippetViewSet):
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
            *MEETING_PANELS,
            InlinePanel(
                "photos",
                heading="Zdjęcia",
                label="zdjęcie",
                panels=[FieldPanel("image"), FieldPanel("caption")],
            ),
        ]
    )

    def get_queryset(self, request: HttpRequest) -> Any:
        return Meeting.objects.select_related("partnership")


class AgreementViewSet(ServiceSnippetViewSet):
    model = Agreement
    icon = "doc-full"
    menu_label = "Porozumienia"
    url_prefix = "partnerships/agreements"
    list_display = ["title", DateColumn("signed_on", label="Data zawarcia")]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("partnership"),
            FieldPanel("signed_on"),
            FieldPanel("scope"),
            FieldPanel("established"),
            InlinePanel(
                "parties",
                heading="Strony porozumienia",
                label="strona",
                min_num=2,
                panels=[FieldPanel("organisation"), FieldPanel("name"), FieldPanel("country")],
            ),
        ]
    )


class ProjectViewSet(ServiceSnippetViewSet):
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
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("title"),
                    FieldPanel("slug"),
                    FieldRowPanel([FieldPanel("number"), FieldPanel("status")]),
                    FieldPanel("partnership"),
                    FieldPanel("summary"),
                    FieldPanel("target_groups"),
                ],
                heading="Projekt",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("programme"),
                    FieldRowPanel(
                        [
                            FieldPanel("priority_axis"),
                            FieldPanel("action"),
                            FieldPanel("sub_action"),
                        ]
                    ),
                    FieldPanel("fund"),
                    FieldRowPanel([FieldPanel("total_budget"), FieldPanel("co_financing")]),
                    FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                ],
                heading="Finansowanie i okres",
            ),
            InlinePanel(
                "partners",
                heading="Lider i partnerzy",
                label="partner",
                panels=[
                    FieldPanel("organisation"),
                    FieldPanel("name"),
                    FieldRowPanel([FieldPanel("role"), FieldPanel("country")]),
                    FieldPanel("role_description"),
                ],
            ),
        ]
    )


def _progress_label(indicator: Indicator) -> str:
    return STATUS_LABELS[indicator.progress(today=timezone.localdate()).status]


class IndicatorViewSet(ServiceSnippetViewSet):
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
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("project"), FieldPanel("partnership")]),
            FieldRowPanel([FieldPanel("unit"), FieldPanel("baseline"), FieldPanel("target")]),
            FieldPanel("target_date"),
            FieldPanel("area"),
            InlinePanel(
                "measurements",
                heading="Pomiary",
                label="pomiar",
                panels=[
                    FieldRowPanel([FieldPanel("date"), FieldPanel("value")]),
                    FieldPanel("note"),
                ],
            ),
        ]
    )

    def get_queryset(self, request: HttpRequest) -> Any:
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
