"""Integracje: the tenant's API clients in the Wagtail admin (list, create, revoke, rotate).

A new key is shown once, in the response to the form that made it (never in a URL, a message
or the session); only its hash is stored."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from api.forms import ApiClientForm, ClientActionForm
from api.models import SCOPE_CHOICES, ApiClient
from api.services import api_client_create, api_client_revoke, api_client_rotate


def _state(client: ApiClient) -> str:
    if client.revoked_at is not None:
        return "unieważniona"
    return "aktywna" if client.is_active else "wygasła"


class ApiClientIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("created_by")


class ApiClientCreateView(generic.CreateView):
    page_title = "Nowa integracja"

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            client, key = api_client_create(
                name=form.cleaned_data["name"],
                contact_email=form.cleaned_data["contact_email"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.cleaned_data.get("expires_at"),
                created_by=self.request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        return key_shown_response(self.request, client, key, created=True)


def key_shown_response(
    request: HttpRequest, client: ApiClient, key: str, *, created: bool
) -> TemplateResponse:
    response = TemplateResponse(
        request,
        "api/admin/key_shown.html",
        {"client": client, "key": key, "created": created, "viewset": api_client_viewset},
    )
    response["Cache-Control"] = "no-store"
    return response


class ApiClientInspectView(generic.InspectView):
    template_name = "api/admin/client_inspect.html"
    fields = [
        "name",
        "contact_email",
        "scopes",
        "expires_at",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]

    def get_object(self, queryset: Any = None) -> ApiClient:
        return get_object_or_404(
            ApiClient.objects.select_related("created_by").prefetch_related("keys"), pk=self.pk
        )

    def get_scopes_display_value(self) -> str:
        labels = dict(SCOPE_CHOICES)
        return ", ".join(str(labels.get(s, s)) for s in self.object.scopes) or "brak"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            state=_state(self.object),
            keys=list(self.object.keys.all()),
            can_change=self.object.revoked_at is None and self.user_has_permission("change"),
            action_form=ClientActionForm(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.user_has_permission("change"):
            raise PermissionDenied
        form = ClientActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Nieprawidłowe polecenie.")
            return redirect(request.get_full_path())
        client = self.object
        if form.cleaned_data["action"] == ClientActionForm.REVOKE:
            api_client_revoke(client=client)
            messages.success(
                request, f"Unieważniono integrację „{client}”. Jej klucze już nie działają."
            )
            return redirect(request.get_full_path())
        hours = form.cleaned_data.get("overlap_hours")
        try:
            key = api_client_rotate(
                client=client, overlap=timedelta(hours=7 * 24 if hours is None else hours)
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(request.get_full_path())
        return key_shown_response(request, client, key, created=False)


class ApiClientViewSet(ModelViewSet):
    model = ApiClient
    name = "integracje"
    url_prefix = "integracje"
    icon = "link"
    menu_label = "Integracje"
    menu_order = 900
    add_to_admin_menu = True
    index_view_class = ApiClientIndexView
    add_view_class = ApiClientCreateView
    inspect_view_class = ApiClientInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "name",
        Column("contact_email", label="E-mail kontaktowy"),
        Column("state", label="Stan", accessor=_state),
        DateColumn("last_used_at", label="Ostatnie użycie"),
        DateColumn("expires_at", label="Ważna do"),
    ]
    search_fields = ["name", "contact_email"]
    ordering = ["name", "pk"]

    def get_form_class(self, for_update: bool = False) -> type[ApiClientForm]:
        return ApiClientForm

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("edit", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("dodaj/", self.add_view, name="add"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
        ]


api_client_viewset = ApiClientViewSet()


@hooks.register("register_admin_viewset")
def register_api_client_viewset() -> ApiClientViewSet:
    return api_client_viewset
