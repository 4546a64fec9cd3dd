"""RFC 9457 problem details (``application/problem+json``) for every API error."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES: dict[int, str] = {
    400: "Nieprawidłowe zapytanie",
    401: "Wymagane uwierzytelnienie",
    403: "Brak uprawnień",
    404: "Nie znaleziono",
    405: "Niedozwolona metoda",
    406: "Nieobsługiwany format odpowiedzi",
    415: "Nieobsługiwany format treści",
    429: "Zbyt wiele zapytań",
    500: "Błąd serwera",
}
CODES: dict[int, str] = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
}
MSG_NOT_FOUND = "Nie znaleziono zasobu."


def problem_type(code: str) -> str:
    """A stable URI reference per error code (documented in docs/api.md, "Błędy")."""
    return f"/api/v1/problems/{code}"


def problem_body(
    *,
    status_code: int,
    detail: str,
    code: str | None = None,
    instance: str = "",
    errors: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    code = code or CODES.get(status_code, "error")
    body: dict[str, Any] = {
        "type": problem_type(code),
        "title": TITLES.get(status_code, "Błąd"),
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    return body


def _field_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Flatten DRF's nested error details into [{field, code, message}]."""
    out: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else ""
            out += _field_errors(value, f"{prefix}.{name}" if prefix and name else prefix or name)
    elif isinstance(detail, list):
        for item in detail:
            out += _field_errors(item, prefix)
    else:
        out.append(
            {
                "field": prefix,
                "code": str(getattr(detail, "code", "invalid")),
                "message": str(detail),
            }
        )
    return out


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(MSG_NOT_FOUND)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        # Not an API error but a bug: logged (and sent to Sentry), answered as a problem.
        logger.exception("API error", exc_info=exc)
        body = problem_body(
            status_code=500, detail="Wystąpił nieoczekiwany błąd.", instance=instance
        )
        return Response(body, status=500, content_type=PROBLEM_CONTENT_TYPE)
    errors: list[dict[str, str]] | None = None
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        detail = "Zapytanie zawiera błędy." if errors else str(exc.detail)
        code = "invalid"
    elif isinstance(exc, exceptions.APIException):
        detail = str(exc.detail) if not isinstance(exc.detail, dict | list) else str(exc)
        code = str(getattr(exc.detail, "code", "") or exc.default_code)
        wait = getattr(exc, "wait", None)
        if isinstance(exc, exceptions.Throttled) and wait is not None:
            detail = f"Przekroczono limit zapytań. Spróbuj ponownie za {int(wait) + 1} s."
    else:  # pragma: no cover - drf_exception_handler handles only APIException here
        detail, code = str(exc), CODES.get(response.status_code, "error")
    response.data = problem_body(
        status_code=response.status_code,
        detail=detail,
        code=code,
        instance=instance,
        errors=errors,
    )
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def not_found_view(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any unknown address under /api/v1/: a problem, never the site's HTML 404 page."""
    return JsonResponse(
        problem_body(status_code=404, detail=MSG_NOT_FOUND, instance=request.path),
        status=status.HTTP_404_NOT_FOUND,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
