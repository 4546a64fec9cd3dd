"""Shared fixtures: a test database with the platform tenant and two provisioned tenants.

The tenants are provisioned once per session (cloned from the template schema, as in
production) and committed; each test then runs in a transaction that is rolled back.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client

from tenants.models import Tenant

TENANT_SPECS = {
    "czestochowa": {
        "name": "Częstochowa – społecznie odpowiedzialny samorząd",
        "kind": "municipality",
        "teryt_code": "2464011",
        "contact": {"street": "ul. Focha 19/21", "postal_code": "42-217", "city": "Częstochowa"},
    },
    "bydgoszcz": {
        "name": "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych",
        "kind": "association",
        "teryt_code": "0461011",
        "contact": {
            "street": "ul. Piotrowskiego 3/2",
            "postal_code": "85-098",
            "city": "Bydgoszcz",
        },
    },
}
ADMIN_PASSWORD = "Hasło-testowe-2026"


def host_of(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


def logged_in(slug: str, username: str) -> Client:
    """A client signed in through the tenant's admin login form (axes and the session guard
    see a real login), as ``username`` with the tests' password."""
    client = Client(HTTP_HOST=host_of(slug))
    response = client.post("/admin/login/", {"username": username, "password": ADMIN_PASSWORD})
    assert response.status_code == 302, "login failed"
    return client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from tenants.services import platform_tenant_ensure, tenant_provision

    with django_db_blocker.unblock():
        platform_tenant_ensure()
        for slug, spec in TENANT_SPECS.items():
            tenant_provision(
                slug=slug,
                admin_email=f"admin@{slug}.example.pl",
                admin_password=ADMIN_PASSWORD,
                **spec,
            )
        connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _clean_state():
    """Each test starts in the public schema with empty caches."""
    connection.set_schema_to_public()
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    connection.set_schema_to_public()
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def tenant_a(db) -> Tenant:
    return Tenant.objects.get(slug="czestochowa")


@pytest.fixture
def tenant_b(db) -> Tenant:
    return Tenant.objects.get(slug="bydgoszcz")


@pytest.fixture
def client_a(tenant_a) -> Client:
    return Client(HTTP_HOST=host_of("czestochowa"))


@pytest.fixture
def client_b(tenant_b) -> Client:
    return Client(HTTP_HOST=host_of("bydgoszcz"))


@pytest.fixture
def eager_celery():
    """Tasks run in the test's thread and transaction (the planted rows are uncommitted);
    tenant-schemas-celery still carries the schema in the task headers and switches to it."""
    from config.celery import app

    keys = ("task_always_eager", "task_eager_propagates")
    # Restored by removing the override, not by writing the old values back: a value written
    # into app.conf would hide the Django settings (CELERY_TASK_ALWAYS_EAGER) from later tests.
    overridden = {k: app.conf.changes[k] for k in keys if k in app.conf.changes}
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    for key in keys:
        app.conf.changes.pop(key, None)
    app.conf.changes.update(overridden)
