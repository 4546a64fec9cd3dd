"""Keys: Bearer authentication, unknown = other tenant's = revoked = expired, scopes, rotation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from api.keys import secret_hash
from api.models import ApiClient, ApiKey
from api.services import api_client_revoke, api_client_rotate
from tests.api.conftest import api_get

pytestmark = pytest.mark.django_db

UNKNOWN_KEY = "pes_aaaaaaaaaaaa_" + "A" * 43


def _problem(response) -> tuple[int, str, dict, str]:
    return (
        response.status_code,
        response["Content-Type"],
        response.json(),
        response.get("WWW-Authenticate", ""),
    )


def test_the_key_is_stored_only_as_its_hash(key_a):
    with tenant_context(key_a.tenant):
        stored = ApiKey.objects.get(client=key_a.client)
    prefix, secret = key_a.key.split("_")[1], key_a.key.split("_", 2)[2]
    assert stored.prefix == prefix
    assert stored.secret_sha256 == secret_hash(secret)
    assert secret not in stored.secret_sha256


def test_valid_key_reads_and_records_last_use(key_a, canaries):
    response = api_get("czestochowa", "organisations/", key_a.key)
    assert response.status_code == 200
    assert [o["name"] for o in response.json()["results"]] == ["Kanarek Częstochowski"]
    with tenant_context(key_a.tenant):
        assert ApiClient.objects.get(pk=key_a.client.pk).last_used_at is not None


def test_other_tenants_key_gets_exactly_the_unknown_key_answer(key_b, canaries):
    unknown = api_get("czestochowa", "organisations/", UNKNOWN_KEY)
    foreign = api_get("czestochowa", "organisations/", key_b.key)
    assert unknown.status_code == 401
    assert _problem(foreign) == _problem(unknown)
    assert foreign.content == unknown.content
    assert unknown["Content-Type"] == "application/problem+json"
    assert unknown.json()["code"] == "invalid_key"
    assert unknown["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer pes_x", f"Bearer {UNKNOWN_KEY} extra"],
)
def test_malformed_credentials_get_the_same_answer(header, key_a):
    unknown = api_get("czestochowa", "organisations/", UNKNOWN_KEY)
    response = api_get("czestochowa", "organisations/", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.content == unknown.content


def test_a_wrong_secret_with_a_real_prefix_is_unknown(key_a):
    prefix = key_a.key.split("_")[1]
    forged = f"pes_{prefix}_" + "B" * 43
    response = api_get("czestochowa", "organisations/", forged)
    assert response.content == api_get("czestochowa", "organisations/", UNKNOWN_KEY).content


def test_no_key_is_401_problem():
    response = api_get("czestochowa", "organisations/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["status"] == 401


def test_revoked_client_is_401_like_unknown(key_a):
    with tenant_context(key_a.tenant):
        api_client_revoke(client=key_a.client)
    response = api_get("czestochowa", "organisations/", key_a.key)
    assert response.status_code == 401
    assert response.content == api_get("czestochowa", "organisations/", UNKNOWN_KEY).content


def test_expired_client_is_401(key_a):
    with tenant_context(key_a.tenant):
        ApiClient.objects.filter(pk=key_a.client.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    assert api_get("czestochowa", "organisations/", key_a.key).status_code == 401


def test_rotation_keeps_the_old_key_during_the_overlap_only(key_a):
    with tenant_context(key_a.tenant):
        new_key = api_client_rotate(client=key_a.client, overlap=timedelta(hours=1))
    assert new_key != key_a.key
    assert api_get("czestochowa", "activity-areas/", key_a.key).status_code == 200
    assert api_get("czestochowa", "activity-areas/", new_key).status_code == 200
    with tenant_context(key_a.tenant):
        old = ApiKey.objects.get(prefix=key_a.key.split("_")[1])
        assert old.expires_at is not None
        ApiKey.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_get("czestochowa", "activity-areas/", key_a.key).status_code == 401
    assert api_get("czestochowa", "activity-areas/", new_key).status_code == 200


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("organisations/", "organisations:read"),
        ("organisations/1/", "organisations:read"),
        ("activity-areas/", "activity_areas:read"),
        ("partnerships/", "partnerships:read"),
        ("projects/", "projects:read"),
        ("news/", "news:read"),
        ("events/", "events:read"),
        ("events/occurrences/?start=2026-01-01&end=2026-01-31", "events:read"),
    ],
)
def test_each_resource_needs_its_own_read_scope(path, scope, key_factory, tenant_a):
    others = [s for s in ("organisations:read", "news:read", "projects:read") if s != scope]
    without = key_factory(tenant_a, scopes=others)
    denied = api_get("czestochowa", path, without.key)
    assert denied.status_code == 403
    assert denied["Content-Type"] == "application/problem+json"
    assert denied.json()["code"] == "permission_denied"
    allowed = key_factory(tenant_a, scopes=[scope])
    assert api_get("czestochowa", path, allowed.key).status_code in (200, 404)


def test_a_key_without_scopes_is_refused_everywhere(key_factory, tenant_a):
    key = key_factory(tenant_a, scopes=[])
    for path in ("organisations/", "changes/", "activity-areas/"):
        assert api_get("czestochowa", path, key.key).status_code == 403


def test_read_scope_cannot_write(key_a):
    from django.test import Client

    from tests.conftest import host_of

    response = Client(HTTP_HOST=host_of("czestochowa")).post(
        "/api/v1/organisations/",
        {"name": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key_a.key}",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_the_platform_host_does_not_serve_the_api(key_a):
    from django.conf import settings
    from django.test import Client

    platform = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    for path in ("organisations/", "changes/", "schema/", "docs/"):
        response = platform.get(f"/api/v1/{path}", HTTP_AUTHORIZATION=f"Bearer {key_a.key}")
        assert response.status_code == 404
