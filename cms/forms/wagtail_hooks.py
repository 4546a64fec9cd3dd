"""Moderation of public form submissions in the Wagtail admin ("Zgłoszenia").

Submissions are never created, edited or deleted through the admin: the viewset exposes only
the list (filters, search) and the detail view, where moderators accept or reject.
Permissions: ``cms_forms.view_submission`` lets an editor read, ``cms_forms.moderate_submission``
lets them read and decide.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.forms.forms import ModerationForm
from cms.forms.handlers import form_handler_choices
from cms.forms.models import PublicFormPage, Submission, SubmissionStatus
from cms.forms.services import submission_accept, submission_reject


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """ "view" = may read (view or moderate permission); "moderate" = may decide.

    "add", "change" and "delete" are refused to everyone, superusers included: submissions
    come only from the public forms and keep their history.
    """

    _CODENAMES = {
        "view": {"view_submission", "moderate_submission"},
        "moderate": {"moderate_submission"},
    }

    def user_has_permission(self, user: Any, action: str) -> bool:
        codenames = self._CODENAMES.get(action, set())
        return any(user.has_perm(f"cms_forms.{codename}") for codename in codenames)

    def users_with_any_permission(self, actions: Any) -> Any:
        codenames = set().union(*(self._CODENAMES.get(a, set()) for a in actions))
        if not codenames:
            return get_user_model().objects.none()
        return self._get_users_with_any_permission_codenames(codenames)


register_permission_policy(Submission, SubmissionPermissionPolicy(Submission))


class SubmissionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=SubmissionStatus.choices, empty_label="wszystkie"
    )
    handler_key = django_filters.ChoiceFilter(
        label="Rodzaj formularza", choices=form_handler_choices, empty_label="wszystkie"
    )
    page = django_filters.ModelChoiceFilter(
        label="Strona formularza",
        queryset=PublicFormPage.objects.order_by("title").only("id", "title"),
        empty_label="wszystkie",
    )

    class Meta:
        model = Submission
        fields = ["status", "handler_key", "page"]


class SubmissionIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("page")


class SubmissionInspectView(generic.InspectView):
    template_name = "cms_forms/admin/submission_inspect.html"
    fields = [
        "handler_key",
        "page",
        "status",
        "email",
        "created_at",
        "moderated_by",
        "moderated_at",
        "moderation_note",
    ]

    def get_object(self, queryset: Any = None) -> Submission:
        return get_object_or_404(
            Submission.objects.select_related("page", "moderated_by"), pk=self.pk
        )

    def get_handler_key_display_value(self) -> str:
        return self.object.handler_label()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        can_moderate = self.object.status == SubmissionStatus.NEW and self.user_has_permission(
            "moderate"
        )
        context.update(
            data_rows=self.object.labelled_data(),
            can_moderate=can_moderate,
            moderation_form=kwargs.get("moderation_form") or ModerationForm(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.user_has_permission("moderate"):
            raise PermissionDenied
        form = ModerationForm(request.POST)
        if form.is_valid():
            note = form.cleaned_data["note"]
            try:
                if form.cleaned_data["action"] == ModerationForm.ACCEPT:
                    submission_accept(submission=self.object, user=request.user, note=note)
                    messages.success(request, f"Przyjęto zgłoszenie „{self.object}”.")
                else:
                    submission_reject(submission=self.object, user=request.user, note=note)
                    messages.success(request, f"Odrzucono zgłoszenie „{self.object}”.")
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                return redirect(request.get_full_path())
        self.object.refresh_from_db()
        return self.render_to_response(self.get_context_data(moderation_form=form))


class SubmissionViewSet(ModelViewSet):
    model = Submission
    name = "submissions"
    url_prefix = "zgloszenia"
    icon = "mail"
    menu_label = "Zgłoszenia"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["summary", "handler_label", "page", "status", "created_at"]
    filterset_class = SubmissionFilterSet
    search_fields = ["summary", "email", "data"]
    ordering = ["-created_at", "-pk"]
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


submission_viewset = SubmissionViewSet()


@hooks.register("register_admin_viewset")
def register_submission_viewset() -> SubmissionViewSet:
    return submission_viewset
