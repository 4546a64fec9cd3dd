"""Request hardening shared by the platform host and every tenant host.

- ``RejectBadBytesMiddleware``: a path or query string with a NUL byte or another control
  character is a 400 before any view sees it (PostgreSQL refuses NUL in text, so such input
  would otherwise surface as a 500 wherever it reaches a query).
- ``TenantOnlyMiddleware``: middleware that needs a tenant schema (Wagtail's redirects) runs on
  tenant hosts only; the platform host's public schema has none of Wagtail's tables.
- ``ContentSecurityPolicyMiddleware``: django-csp with the strict policy of the public site and
  a looser one for the admin interfaces, plus ``csp_header_set`` for responses that are cached
  with their nonce.
- ``lockout_response``: django-axes' answer to a locked-out login, in Polish.
- ``client_ip``: the visitor's address behind the trusted reverse proxies.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.core.exceptions import BadRequest, ImproperlyConfigured
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.module_loading import import_string
from django_tenants.utils import get_public_schema_name

# --- client address -----------------------------------------------------------------------


def client_ip(request: HttpRequest) -> str:
    """The visitor's address.

    ``X-Forwarded-For`` is trusted only for as many proxies as ``CMS_FORMS_TRUSTED_PROXIES``
    says (the ingress in production); otherwise a client could pick its own address and evade
    the form rate limit and the login lockout.
    """
    trusted = int(getattr(settings, "CMS_FORMS_TRUSTED_PROXIES", 0))
    if trusted > 0:
        chain = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [p for p in chain if p]
        if len(chain) >= trusted:
            return chain[-trusted]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


# --- bad bytes ----------------------------------------------------------------------------

# No URL of the site has a control character in its path; a query value may hold a tab or a
# line break (a multi-line form field prefilled from a link), never the other C0 characters.
_BAD_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")
_BAD_IN_QUERY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MSG_BAD_REQUEST = "Adres zawiera niedozwolone znaki."


class RejectBadBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if _BAD_IN_PATH.search(request.path) or any(
            _BAD_IN_QUERY.search(key) or _BAD_IN_QUERY.search(value)
            for key, values in request.GET.lists()
            for value in values
        ):
            # Django turns BadRequest into its 400 page (templates/400.html).
            raise BadRequest(MSG_BAD_REQUEST)
        return self.get_response(request)


# --- middleware for tenant schemas only ----------------------------------------------------


class TenantOnlyMiddleware:
    """Runs the middleware listed in ``TENANT_ONLY_MIDDLEWARE`` on tenant schemas only.

    They are chained in their listed order, as if they stood here in ``MIDDLEWARE``; on the
    public schema (the platform host) the request goes straight on. Only ``__call__`` and
    ``process_response`` style middleware can be wrapped: Django would not call the view,
    exception or template-response hooks of a wrapped one, so those are refused.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response
        handler: Callable[[HttpRequest], Any] = get_response
        for path in reversed(getattr(settings, "TENANT_ONLY_MIDDLEWARE", [])):
            instance = import_string(path)(handler)
            for hook in ("process_view", "process_exception", "process_template_response"):
                if hasattr(instance, hook):
                    raise ImproperlyConfigured(
                        f"{path} has {hook}(), which TenantOnlyMiddleware cannot run."
                    )
            handler = convert_exception_to_response(instance)
        self.tenant_handler = handler

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.schema_name == get_public_schema_name():
            return self.get_response(request)
        return self.tenant_handler(request)


# --- Content-Security-Policy ----------------------------------------------------------------


def _admin_policy_applies(request: HttpRequest) -> bool:
    prefixes = settings.CONTENT_SECURITY_POLICY_ADMIN["URL_PREFIXES"]
    return request.path_info.startswith(tuple(prefixes))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict ``CONTENT_SECURITY_POLICY`` everywhere, ``CONTENT_SECURITY_POLICY_ADMIN``
    under the admin prefixes (Wagtail's admin still writes inline scripts and styles)."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and _admin_policy_applies(request):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts


_policy = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())


def csp_header_set(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """Give ``response`` its Content-Security-Policy header now rather than on its way out.

    A response that is cached as a whole (the page cache) must carry the header whose nonce
    its body uses; the middleware leaves a header that is already there alone. A template
    response gets it once rendered, when the nonce is known.
    """
    if getattr(response, "is_rendered", True):
        return _policy.process_response(request, response)
    response.add_post_render_callback(  # type: ignore[attr-defined]
        lambda rendered: _policy.process_response(request, rendered)
    )
    return response


# --- login lockout (django-axes) --------------------------------------------------------------

MSG_LOCKED_OUT = (
    "Zbyt wiele nieudanych prób logowania. Ze względów bezpieczeństwa logowanie na to konto "
    "z Twojego adresu jest zablokowane na {minutes} min. Spróbuj ponownie później albo "
    "skontaktuj się z administratorem serwisu."
)
MSG_LOCKED_OUT_UNTIL_UNLOCKED = (
    "Zbyt wiele nieudanych prób logowania. Ze względów bezpieczeństwa logowanie na to konto "
    "z Twojego adresu jest zablokowane. Skontaktuj się z administratorem serwisu, aby je "
    "odblokować."
)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: a Polish page with the cool-off, status 429."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    if cool_off:
        message = MSG_LOCKED_OUT.format(minutes=math.ceil(cool_off.total_seconds() / 60))
    else:
        message = MSG_LOCKED_OUT_UNTIL_UNLOCKED
    return render(
        request,
        "tenants/lockout.html",
        {"message": message, "login_url": request.path},
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )
