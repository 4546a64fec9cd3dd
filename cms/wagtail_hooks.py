from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail import hooks

from cms.visibility import page_is_expired
from tenants.celery_tenancy import send_for_tenant_on_commit
from tenants.tasks import send_admin_invitation


@hooks.register("before_serve_page")
def hide_expired_pages(page, request, serve_args, serve_kwargs):
    """An expired page is not found, as it is missing from every list (cms.visibility),
    whether or not ``publish_scheduled`` has run since it expired."""
    if page_is_expired(page):
        raise Http404("Nie znaleziono strony.")


@hooks.register("after_create_user")
def invite_new_editor(request: HttpRequest, user: Any) -> None:
    """An editor added in "Użytkownicy" without a password (``WAGTAILUSERS_PASSWORD_REQUIRED``
    is off) gets the one-time link to set one, as the first administrator does."""
    if not user.email or (user.password and user.has_usable_password()):
        return
    if not user.password:  # left blank in the form: no password can match until one is set
        user.set_unusable_password()
        user.save(update_fields=["password"])
    send_for_tenant_on_commit(send_admin_invitation, connection.tenant, user.pk)  # type: ignore[attr-defined]
    messages.success(request, f"Wysłano zaproszenie z linkiem do ustawienia hasła na {user.email}.")


# Wagtail lets anyone who may add or change users grant or edit the superuser flag. A tenant's
# "Administrator" role may manage editors, but only a superuser (the tenant's first
# administrator) makes or changes a superuser: otherwise the role could take over that account.
SUPERUSER_ONLY = (
    "Tylko administrator główny serwisu może nadawać pełne uprawnienia i zmieniać konta "
    "z pełnymi uprawnieniami."
)


def _superuser_guard(request: HttpRequest, target: Any = None) -> HttpResponse | None:
    if request.user.is_superuser:
        return None
    granting = request.method == "POST" and bool(request.POST.get("is_superuser"))
    if granting or (target is not None and target.is_superuser):
        context = {"title": "Użytkownicy", "message": SUPERUSER_ONLY}
        return TemplateResponse(request, "cms/admin/forbidden.html", context, status=403)
    return None


@hooks.register("before_create_user")
def guard_user_create(request: HttpRequest) -> HttpResponse | None:
    return _superuser_guard(request)


@hooks.register("before_edit_user")
def guard_user_edit(request: HttpRequest, user: Any) -> HttpResponse | None:
    return _superuser_guard(request, user)


@hooks.register("before_delete_user")
def guard_user_delete(request: HttpRequest, user: Any) -> HttpResponse | None:
    return _superuser_guard(request, user)
