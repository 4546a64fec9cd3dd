"""Logs and error reports that carry the tenant (schema and host), and nothing personal."""

from __future__ import annotations

import contextvars
import logging
from typing import Any

current_tenant: contextvars.ContextVar[str] = contextvars.ContextVar("current_tenant", default="-")
current_host: contextvars.ContextVar[str] = contextvars.ContextVar("current_host", default="-")

# Request data Sentry must never receive (send_default_pii=False covers most of it already).
_SCRUBBED_HEADERS = {
    "cookie",
    "authorization",
    "x-api-key",
    "proxy-authorization",
    "x-forwarded-for",
}


def bind_tenant(schema: str, host: str = "-") -> None:
    """Record the tenant of the work now running (request or task) for logs and Sentry."""
    current_tenant.set(schema)
    current_host.set(host)
    try:
        import sentry_sdk
    except ImportError:  # pragma: no cover - sentry-sdk is a dependency
        return
    scope = sentry_sdk.get_isolation_scope()
    scope.set_tag("tenant", schema)
    scope.set_tag("host", host)


class TenantContextFilter(logging.Filter):
    """Adds ``tenant`` and ``host`` to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "tenant"):
            record.tenant = current_tenant.get()
        if not hasattr(record, "host"):
            record.host = current_host.get()
        return True


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry ``before_send``: tag the tenant, drop personal data."""
    tags = event.setdefault("tags", {})
    if isinstance(tags, dict):
        tags.setdefault("tenant", current_tenant.get())
        tags.setdefault("host", current_host.get())
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)
        request.pop("data", None)
        request.pop("env", None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                k: v for k, v in headers.items() if k.lower() not in _SCRUBBED_HEADERS
            }
        if request.get("query_string"):
            request["query_string"] = "[filtered]"
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    event.pop("server_name", None)
    return event


def init_sentry(
    *, dsn: str, environment: str, traces_sample_rate: float = 0.0, **options: Any
) -> bool:
    """Initialise Sentry only when a DSN is configured. Returns whether it was initialised."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        # Frame locals hold requests, forms and model instances: personal data.
        include_local_variables=False,
        before_send=scrub_event,  # type: ignore[arg-type]  # a plain dict is what Sentry passes
        integrations=[DjangoIntegration(), CeleryIntegration()],
        **options,
    )
    return True


def connect_celery_signals() -> None:
    from celery.signals import task_postrun, task_prerun

    def _bind(task=None, **kwargs):
        from django.db import connection

        bind_tenant(getattr(connection, "schema_name", "-"), "celery")

    def _unbind(**kwargs):
        current_tenant.set("-")
        current_host.set("-")

    # tenant-schemas-celery switches the schema in its own task_prerun handler, connected
    # when config.celery is imported; ours runs after it, so it sees the task's schema.
    task_prerun.connect(_bind, weak=False, dispatch_uid="tenants_bind_tenant")
    task_postrun.connect(_unbind, weak=False, dispatch_uid="tenants_unbind_tenant")
