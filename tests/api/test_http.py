"""Conditional requests, problem+json errors for bad input, throttling, pinned query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from api.throttling import ApiClientRateThrottle
from partnerships.services import partnership_create, project_create
from registry.services import organisation_update
from tests.api.conftest import api_get, org_create

pytestmark = pytest.mark.django_db


# --- conditional requests ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["item", "list"])
def test_etag_and_if_none_match_give_304(kind, tenant_a, key_a):
    org = org_create(tenant_a, name="Fundacja Warunkowa")
    path = f"organisations/{org.pk}/" if kind == "item" else "organisations/"
    first = api_get("czestochowa", path, key_a.key)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"')
    assert etag.endswith('"')
    assert "Last-Modified" in first
    again = api_get("czestochowa", path, key_a.key, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    weak = api_get("czestochowa", path, key_a.key, headers={"If-None-Match": f'"x", W/{etag}'})
    assert weak.status_code == 304
    with tenant_context(tenant_a):
        organisation_update(organisation=org, name="Fundacja Zmieniona")
    changed = api_get("czestochowa", path, key_a.key, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Fundacja Zmieniona" in changed.content.decode()


def test_if_modified_since_gives_304(tenant_a, key_a):
    org = org_create(tenant_a, name="Fundacja Daty")
    first = api_get("czestochowa", f"organisations/{org.pk}/", key_a.key)
    response = api_get(
        "czestochowa",
        f"organisations/{org.pk}/",
        key_a.key,
        headers={"If-Modified-Since": first["Last-Modified"]},
    )
    assert response.status_code == 304


def test_304_needs_a_valid_key(tenant_a, key_a):
    first = api_get("czestochowa", "organisations/", key_a.key)
    response = api_get(
        "czestochowa", "organisations/", "pes_x", headers={"If-None-Match": first["ETag"]}
    )
    assert response.status_code == 401


# --- bad input: 400 problem+json with Polish messages, never 500 --------------------------


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("organisations/", {"cursor": "nonsense"}, "cursor"),
        ("organisations/", {"cursor": "MTIz:abc"}, "cursor"),
        ("changes/", {"cursor": "1:2:3"}, "cursor"),
        ("changes/", {"cursor": "x" * 5000}, "cursor"),
        ("organisations/", {"limit": "0"}, "limit"),
        ("organisations/", {"limit": "1001"}, "limit"),
        ("organisations/", {"limit": "dużo"}, "limit"),
        ("changes/", {"limit": "-5"}, "limit"),
        ("organisations/", {"updated_since": "wczoraj"}, "updated_since"),
        ("organisations/", {"updated_since": "2026-13-45T00:00:00Z"}, "updated_since"),
        ("organisations/", {"updated_since": "2026-01-01T00:00:00"}, "updated_since"),
        ("news/", {"updated_since": "2026-02-30T00:00:00Z"}, "updated_since"),
        ("events/occurrences/", {"start": "2026-01-10"}, "end"),
        ("events/occurrences/", {"start": "2026-01-10", "end": "2026-01-01"}, "end"),
        ("events/occurrences/", {"start": "2026-01-01", "end": "2028-01-01"}, "end"),
        ("events/occurrences/", {"start": "2026-02-30", "end": "2026-03-01"}, "start"),
        ("events/occurrences/", {"start": "jutro", "end": "2026-03-01"}, "start"),
    ],
)
def test_bad_input_is_a_400_problem(path, params, field, key_a):
    response = api_get("czestochowa", path, key_a.key, **params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert body["title"] == "Nieprawidłowe zapytanie"
    assert [e["field"] for e in body["errors"]] == [field]
    assert body["errors"][0]["code"] in ("invalid", "out_of_range", "required")
    assert body["errors"][0]["message"]


def test_a_cursor_of_another_resource_is_refused(tenant_a, key_a):
    for i in range(3):
        org_create(tenant_a, name=f"Org {i}")
    cursor = api_get("czestochowa", "organisations/", key_a.key, limit=1).json()["next_cursor"]
    response = api_get("czestochowa", "projects/", key_a.key, cursor=cursor)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "cursor"


def test_unknown_address_and_method_are_problems(key_a):
    missing = api_get("czestochowa", "nie-ma-takiego/", key_a.key)
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert missing.json()["detail"] == "Nie znaleziono zasobu."
    item = api_get("czestochowa", "organisations/999999/", key_a.key)
    assert item.status_code == 404
    assert item["Content-Type"] == "application/problem+json"


def test_throttling_is_per_key_with_retry_after(monkeypatch, tenant_a, key_factory):
    monkeypatch.setattr(ApiClientRateThrottle, "rate", "3/min", raising=False)
    first, second = key_factory(tenant_a), key_factory(tenant_a)
    for _ in range(3):
        assert api_get("czestochowa", "activity-areas/", first.key).status_code == 200
    throttled = api_get("czestochowa", "activity-areas/", first.key)
    assert throttled.status_code == 429
    assert throttled["Content-Type"] == "application/problem+json"
    assert int(throttled["Retry-After"]) > 0
    assert throttled.json()["code"] == "throttled"
    assert "Spróbuj ponownie za" in throttled.json()["detail"]
    # Another key of the same tenant has its own budget.
    assert api_get("czestochowa", "activity-areas/", second.key).status_code == 200


# --- no N+1: query counts do not grow with the rows ---------------------------------------


def _count(path: str, key: str, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api_get("czestochowa", path, key, **params)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def _seed(tenant, n: int, start: int) -> None:
    with tenant_context(tenant):
        partnership = partnership_create(
            name=f"Partnerstwo {start}",
            kind="local",
            members=[{"name": "Gmina", "sector": "public"}],
            meetings=[{"date": date(2026, 1, 10), "title": "Spotkanie"}],
        )
        for i in range(n):
            project_create(
                title=f"Projekt {start + i}",
                partnership=partnership,
                partners=[{"name": f"Partner {i}", "role": "leader"}],
            )
    for i in range(n):
        org_create(
            tenant,
            name=f"Organizacja {start + i}",
            certificates=[{"name": "Znak", "year": 2020}, {"name": "Nagroda", "year": 2021}],
            areas=["gospodarka", "kultura-i-sztuka"],
        )


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("organisations/", 8),
        ("partnerships/", 10),
        ("projects/", 9),
        ("changes/", 20),
        ("activity-areas/", 4),
        ("news/", 6),
        ("events/", 8),
    ],
)
def test_query_counts_are_pinned(path, limit, tenant_a, key_a, django_assert_max_num_queries):
    api_get("czestochowa", "activity-areas/", key_a.key)  # last use recorded once
    _seed(tenant_a, 2, 0)
    _count(path, key_a.key)  # warm: the page visibility rule caches the restricted paths
    small = _count(path, key_a.key)
    _seed(tenant_a, 6, 100)
    with django_assert_max_num_queries(limit):
        big = api_get("czestochowa", path, key_a.key)
    assert big.status_code == 200
    assert _count(path, key_a.key) == small


def test_a_no_change_poll_costs_two_queries(tenant_a, key_a, django_assert_num_queries):
    org_create(tenant_a, name="Jedna")
    api_get("czestochowa", "activity-areas/", key_a.key)  # last use recorded once
    cursor = api_get("czestochowa", "changes/", key_a.key).json()["next_cursor"]
    with django_assert_num_queries(2):  # the key, the feed
        body = api_get("czestochowa", "changes/", key_a.key, cursor=cursor).json()
    assert body["results"] == []
    assert body["has_more"] is False
