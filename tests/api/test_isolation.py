"""Isolation: a canary planted in each tenant never reaches the other tenant's key or host,
on any endpoint (lists, items, the changes feed, news, events, occurrences), both ways."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from cms.events.recurrence import EVENT_TZ
from partnerships.services import partnership_create, project_create
from tests.api.conftest import CANARY_A, CANARY_B, api_get
from tests.cms_events.factories import calendar_create, event_create
from tests.security.conftest import _news

pytestmark = pytest.mark.django_db

SLUGS = {"a": "czestochowa", "b": "bydgoszcz"}
CANARY = {"a": CANARY_A, "b": CANARY_B}


@pytest.fixture
def planted(tenant_a, tenant_b, canaries):
    """Besides the organisations: a partnership, project, news item and event in each tenant,
    named after the tenant's canary."""
    day = timezone.localdate(timezone=EVENT_TZ) + timedelta(days=2)
    ids: dict[str, dict[str, int]] = {}
    for side, tenant in (("a", tenant_a), ("b", tenant_b)):
        name = CANARY[side]
        with tenant_context(tenant):
            partnership = partnership_create(name=f"Partnerstwo {name}", kind="local")
            project = project_create(title=f"Projekt {name}", partnership=partnership)
            news = _news(f"Aktualność {name}", lead=f"Zajawka {name}")
            event = event_create(
                calendar_create(),
                title=f"Wydarzenie {name}",
                start_date=day,
                start_time=time(16, 30),
                end_time=time(18, 0),
            )
        ids[side] = {
            "organisations": canaries[side].pk,
            "partnerships": partnership.pk,
            "projects": project.pk,
            "news": news.pk,
            "events": event.pk,
        }
    ids["day"] = day  # type: ignore[assignment]
    return ids


LISTS = ["organisations/", "partnerships/", "projects/", "news/", "events/", "changes/"]


@pytest.mark.parametrize(("mine", "theirs"), [("a", "b"), ("b", "a")])
@pytest.mark.parametrize("path", LISTS)
def test_lists_show_own_canary_never_the_other(path, mine, theirs, planted, key_a, key_b):
    key = {"a": key_a, "b": key_b}[mine]
    response = api_get(SLUGS[mine], path, key.key, limit=1000)
    assert response.status_code == 200
    body = response.content.decode()
    assert CANARY[mine] in body
    assert CANARY[theirs] not in body


@pytest.mark.parametrize(("mine", "theirs"), [("a", "b"), ("b", "a")])
def test_occurrences_show_own_canary_never_the_other(mine, theirs, planted, key_a, key_b):
    key = {"a": key_a, "b": key_b}[mine]
    day = planted["day"]
    response = api_get(SLUGS[mine], "events/occurrences/", key.key, start=str(day), end=str(day))
    assert response.status_code == 200
    body = response.content.decode()
    assert CANARY[mine] in body
    assert CANARY[theirs] not in body


@pytest.mark.parametrize(("mine", "theirs"), [("a", "b"), ("b", "a")])
@pytest.mark.parametrize(
    "resource", ["organisations", "partnerships", "projects", "news", "events"]
)
def test_items_of_the_other_tenant_are_not_found(resource, mine, theirs, planted, key_a, key_b):
    key = {"a": key_a, "b": key_b}[mine]
    own = api_get(SLUGS[mine], f"{resource}/{planted[mine][resource]}/", key.key)
    assert own.status_code == 200
    assert CANARY[mine] in own.content.decode()
    foreign_id = planted[theirs][resource]
    if foreign_id == planted[mine][resource]:
        # Same number in both schemas: it is the own row, never the other tenant's.
        assert CANARY[theirs] not in own.content.decode()
        return
    response = api_get(SLUGS[mine], f"{resource}/{foreign_id}/", key.key)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert CANARY[theirs] not in response.content.decode()


@pytest.mark.parametrize("path", [*LISTS, "organisations/1/", "activity-areas/"])
def test_a_key_on_the_other_tenants_host_is_unknown(path, planted, key_a, key_b):
    unknown = api_get("bydgoszcz", path, "pes_aaaaaaaaaaaa_" + "A" * 43)
    for slug, key in (("bydgoszcz", key_a), ("czestochowa", key_b)):
        response = api_get(slug, path, key.key)
        assert response.status_code == 401
        assert response.json()["code"] == unknown.json()["code"] == "invalid_key"
        assert response.json()["detail"] == unknown.json()["detail"]
        assert CANARY_A not in response.content.decode()
        assert CANARY_B not in response.content.decode()
