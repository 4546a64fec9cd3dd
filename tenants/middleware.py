from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.template.loader import render_to_string
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name

from tenants import health, routing
from tenants.observability import bind_tenant

SESSION_TENANT_KEY = "_tenant_schema"


class HealthCheckMiddleware:
    """``/healthz`` answers on any host (probes use the pod IP), before tenant routing.

    ``?live=1`` only says the process answers; without it the database and broker are checked.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.rstrip("/") != "/healthz":
            return self.get_response(request)
        if request.GET.get("live"):
            return JsonResponse({"status": "ok"})
        report = health.check_all()
        status = 200 if report["status"] == "ok" else 503
        return JsonResponse(report, status=status)


class TenantRoutingMiddleware(TenantMainMiddleware):
    """Selects the tenant schema from the host name, using the cached lookup.

    An unknown (or inactive) host gets a plain 404 page in Polish; it never falls back to
    another tenant or to the platform.
    """

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        connection.set_schema_to_public()  # type: ignore[attr-defined]
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            # Not even a valid host name: the same Polish page, without echoing the input.
            return HttpResponseNotFound(
                render_to_string("tenants/unknown_host.html", {"hostname": ""})
            )
        tenant = routing.tenant_for_host(hostname)
        if tenant is None:
            bind_tenant("-", hostname)
            body = render_to_string("tenants/unknown_host.html", {"hostname": hostname})
            return HttpResponseNotFound(body)
        canonical = routing.www_alias_target(request.get_host())
        if canonical is not None:
            return HttpResponsePermanentRedirect(
                f"{request.scheme}://{canonical}{request.get_full_path()}"
            )
        tenant.domain_url = hostname
        request.tenant = tenant  # type: ignore[attr-defined]
        connection.set_tenant(tenant)  # type: ignore[attr-defined]
        bind_tenant(tenant.schema_name, hostname)
        self.setup_url_routing(request)
        return None


class TenantSessionGuardMiddleware:
    """A session belongs to the tenant it was opened on.

    Sessions already live in each tenant's own schema, so a cookie carried to another host finds
    nothing; this guard also holds if sessions are ever moved to a shared store.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            tenant = getattr(request, "tenant", None)
            schema = tenant.schema_name if tenant is not None else None
            bound = request.session.get(SESSION_TENANT_KEY)
            if bound is None:
                request.session[SESSION_TENANT_KEY] = schema or get_public_schema_name()
            elif bound != (schema or get_public_schema_name()):
                logout(request)
        return self.get_response(request)
