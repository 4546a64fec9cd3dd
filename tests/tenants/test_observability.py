from __future__ import annotations

import json
import logging

import pytest
import sentry_sdk
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from pythonjsonlogger.json import JsonFormatter
from sentry_sdk.transport import Transport

from cms.models import HomePage
from tenants.observability import TenantContextFilter, bind_tenant, init_sentry
from tests.conftest import ADMIN_PASSWORD, host_of

pytestmark = pytest.mark.django_db


class CapturingTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)

    def events(self):
        return [e.get_event() for e in self.envelopes if e.get_event() is not None]


@pytest.fixture
def sentry_events():
    transport = CapturingTransport()
    assert init_sentry(
        dsn="https://public@sentry.invalid/1", environment="test", transport=transport
    )
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # back to a client without DSN: nothing is sent


def test_sentry_is_off_without_a_dsn():
    assert init_sentry(dsn="", environment="test") is False


def test_error_events_are_tagged_with_tenant_and_host_without_personal_data(
    sentry_events, monkeypatch
):
    client = Client(HTTP_HOST=host_of("czestochowa"), raise_request_exception=False)
    assert (
        client.post(
            "/admin/login/",
            {"username": "admin@czestochowa.example.pl", "password": ADMIN_PASSWORD},
        ).status_code
        == 302
    )

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("szablon się zepsuł")

    monkeypatch.setattr(HomePage, "get_context", broken)
    response = client.get("/?email=jan.kowalski@example.pl", HTTP_AUTHORIZATION="Bearer sekret")
    sentry_sdk.flush()

    assert response.status_code == 500
    events = [e for e in sentry_events.events() if e.get("exception")]
    assert len(events) == 1
    event = events[0]
    assert event["tags"]["tenant"] == "t_czestochowa"
    assert event["tags"]["host"] == "czestochowa.test.localhost"
    frames = [f for exc in event["exception"]["values"] for f in exc["stacktrace"]["frames"]]
    assert all("vars" not in frame for frame in frames)  # no local variables
    # (source lines of this very test file are in the stack trace; look at the rest)
    serialized = json.dumps({k: v for k, v in event.items() if k != "exception"})
    assert "jan.kowalski" not in serialized
    assert "sekret" not in serialized
    assert "sessionid" not in serialized
    assert "admin@czestochowa.example.pl" not in serialized
    assert "cookies" not in event.get("request", {})
    assert set(event.get("user", {})) <= {"id"}


def test_log_records_carry_the_tenant():
    record = logging.LogRecord("registry", logging.INFO, __file__, 1, "import done", None, None)
    bind_tenant("t_jowes", "jowes.test.localhost")
    try:
        TenantContextFilter().filter(record)
        line = JsonFormatter("%(levelname)s %(tenant)s %(host)s %(message)s").format(record)
    finally:
        bind_tenant("-", "-")

    assert json.loads(line) == {
        "levelname": "INFO",
        "tenant": "t_jowes",
        "host": "jowes.test.localhost",
        "message": "import done",
    }


def test_request_binds_the_tenant_for_logs(client_b):
    from tenants.observability import current_host, current_tenant

    client_b.get("/")

    assert (current_tenant.get(), current_host.get()) == ("t_bydgoszcz", "bydgoszcz.test.localhost")


def _content_type_queries(context) -> int:
    return sum("django_content_type" in q["sql"] for q in context.captured_queries)


def test_content_type_cache_is_kept_per_schema(tenant_a, tenant_b):
    ContentType.objects.clear_cache()
    with schema_context(tenant_a.schema_name):
        ContentType.objects.get_for_model(HomePage)
        with CaptureQueriesContext(connection) as cached:
            ContentType.objects.get_for_model(HomePage)
    with schema_context(tenant_b.schema_name), CaptureQueriesContext(connection) as other:
        # another schema: never served from the first schema's cache entry
        ContentType.objects.get_for_model(HomePage)

    assert _content_type_queries(cached) == 0
    assert _content_type_queries(other) == 1
