"""Fixtures of the registry tests: organisations planted in a tenant's schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from registry.models import Organisation, OrganisationStatus
from registry.services import organisation_create


@pytest.fixture
def make_org() -> Callable[..., Organisation]:
    """Create an organisation through the service inside ``tenant``'s schema."""

    def _make(tenant, *, status: str = OrganisationStatus.PUBLISHED, **fields: Any) -> Organisation:
        with tenant_context(tenant):
            return organisation_create(status=status, **fields)

    return _make


@pytest.fixture
def canary_b(tenant_b, make_org) -> Organisation:
    """An organisation of the other tenant that must never show in tenant A."""
    return make_org(
        tenant_b,
        name="Kanarek Bydgoski Częstochowa",
        legal_form="fundacja",
        krs="0000999999",
        nip="8567346215",
        regon="192598184",
        city="Częstochowa",
        is_opp=True,
        certificates=[{"name": "Kanarek", "year": 2020}],
        areas=["gospodarka"],
    )
