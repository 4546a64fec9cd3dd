"""Wagtail admin screen "Dane osobowe (RODO)": find a person's data, hand over a copy, erase it.

Only superusers and editors with ``cms_privacy.handle_privacy_request`` get in; other editors
get 403 (anonymous visitors and other tenants' sessions go to the login page first).
Everything is POSTed, so the person's details never land in URLs or access logs.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail.admin import messages

from cms.privacy.forms import PrivacyRequestForm
from cms.privacy.selectors import privacy_request_list
from cms.privacy.services import (
    ErasureRefused,
    data_lines,
    personal_data_erase,
    personal_data_export,
    personal_data_find,
)

PERMISSION = "cms_privacy.handle_privacy_request"
REGISTER_SIZE = 50


def _forbidden(request: HttpRequest) -> HttpResponse:
    # A real 403: Wagtail would turn PermissionDenied into a redirect to the dashboard.
    return TemplateResponse(request, "cms_privacy/admin/forbidden.html", status=403)


def privacy_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        return _forbidden(request)
    items = None
    if request.method == "POST":
        form = PrivacyRequestForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            options = {
                "person": form.person,
                "editor": request.user,
                "requested_on": form.cleaned_data["requested_on"],
                "note": form.cleaned_data["note"],
            }
            if action == PrivacyRequestForm.EXPORT:
                export = personal_data_export(**options)
                response = HttpResponse(export.content, content_type="application/zip")
                response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
                response["Cache-Control"] = "no-store"
                return response
            if action == PrivacyRequestForm.ERASE:
                try:
                    record = personal_data_erase(**options)
                except ErasureRefused as exc:
                    form.add_error(None, exc.messages)
                else:
                    messages.success(
                        request,
                        f"Usunięto dane osoby {form.person.email} "
                        f"(rekordy: {record.item_count}). Wniosek zapisano w rejestrze.",
                    )
                    return redirect("privacy_requests")
        # Show what was found whenever the person is valid (a missing confirmation included).
        person = getattr(form, "person", None)
        if person is not None:
            items = [
                (item, "\n".join(data_lines(item.data)))
                for item in personal_data_find(person=person)
            ]
    else:
        form = PrivacyRequestForm(initial={"action": PrivacyRequestForm.SEARCH})
    response = TemplateResponse(
        request,
        "cms_privacy/admin/privacy.html",
        {
            "form": form,
            "items": items,
            "register": privacy_request_list()[:REGISTER_SIZE],
        },
    )
    response["Cache-Control"] = "no-store"
    return response
