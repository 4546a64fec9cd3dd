"""API fixtures: keys in both tenants, canaries planted in both, an HTTP helper."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from api.models import SCOPES, ApiClient
from api.services import api_client_create
from registry.models import OrganisationStatus
from registry.services import organisation_create
from tests.conftest import host_of

ALL_READ = sorted(s for s in SCOPES if s.endswith(":read"))
CANARY_A = "Kanarek Częstochowski"
CANARY_B = "Kanarek Bydgoski"


@dataclass
class Key:
    tenant: Any
    client: ApiClient
    key: str


def make_key(tenant, scopes=ALL_READ, **fields: Any) -> Key:
    with tenant_context(tenant):
        fields.setdefault("name", f"Obserwatorium {tenant.slug}")
        fields.setdefault("contact_email", "it@obserwatorium.example.pl")
        client, key = api_client_create(scopes=scopes, **fields)
    return Key(tenant=tenant, client=client, key=key)


@pytest.fixture
def key_factory() -> Callable[..., Key]:
    return make_key


@pytest.fixture
def key_a(tenant_a) -> Key:
    return make_key(tenant_a)


@pytest.fixture
def key_b(tenant_b) -> Key:
    return make_key(tenant_b)


def api_get(
    slug: str, path: str, key: str | None = None, headers: dict[str, str] | None = None, **params
):
    """GET ``/api/v1/<path>`` on tenant ``slug``'s host with ``key``."""
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
    if key is not None:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    client = Client(HTTP_HOST=host_of(slug))
    return client.get(f"/api/v1/{path}", params, **extra)


@pytest.fixture
def get() -> Callable[..., Any]:
    return api_get


def org_create(tenant, *, status: str = OrganisationStatus.PUBLISHED, **fields: Any):
    with tenant_context(tenant):
        return organisation_create(status=status, **fields)


@pytest.fixture
def canaries(tenant_a, tenant_b) -> dict[str, Any]:
    """One published organisation per tenant, with a certificate and an area."""
    org_a = org_create(
        tenant_a,
        name=CANARY_A,
        legal_form="fundacja",
        city="Częstochowa",
        certificates=[{"name": "Znak Jakości Ekonomii Społecznej", "year": 2020}],
        areas=["gospodarka"],
    )
    org_b = org_create(
        tenant_b,
        name=CANARY_B,
        legal_form="stowarzyszenie",
        city="Bydgoszcz",
        certificates=[{"name": "Kanarek", "year": 2021}],
        areas=["gospodarka"],
    )
    return {"a": org_a, "b": org_b}
