from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from tenants.selectors import tenant_list_public


def platform_home(request: HttpRequest) -> HttpResponse:
    """The platform's own home page: what it is and which tenants it serves."""
    port = request.get_port()
    suffix = "" if port in ("80", "443") else f":{port}"
    tenants = [
        {"tenant": t, "url": f"{request.scheme}://{t.primary_domain}{suffix}/"}
        for t in tenant_list_public()
    ]
    return render(
        request,
        "tenants/platform_home.html",
        {"tenants": tenants, "platform_name": settings.PLATFORM_NAME},
    )


def tenant_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Serve an uploaded file of the current tenant only.

    Files live in MEDIA_ROOT/<schema>/ and their URLs are /media/<schema>/... (django-tenants'
    TenantFileSystemStorage). A URL naming another schema is "not found" on this host, so one
    tenant's uploads are never reachable through another tenant's domain.
    """
    schema, _, relative = path.partition("/")
    if schema != connection.schema_name or not relative:  # type: ignore[attr-defined]
        raise Http404("Nie znaleziono pliku.")
    root = (Path(settings.MEDIA_ROOT) / schema).resolve()
    target = (root / relative).resolve()
    if root not in target.parents or not target.is_file():
        raise Http404("Nie znaleziono pliku.")
    content_type, _ = mimetypes.guess_type(target.name)
    return FileResponse(target.open("rb"), content_type=content_type or "application/octet-stream")
