from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tenants.models import Domain
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def test_each_tenant_serves_its_own_home_page(client_a, client_b):
    a = client_a.get("/")
    b = client_b.get("/")

    assert a.status_code == 200
    assert b.status_code == 200
    assert "<h1>Częstochowa – społecznie odpowiedzialny samorząd</h1>" in a.text
    assert "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych" not in a.text
    assert "<h1>Stowarzyszenie Na Rzecz Spółdzielni Socjalnych</h1>" in b.text
    assert "ul. Piotrowskiego 3/2" in b.text
    assert "Częstochowa" not in b.text


def test_unknown_host_gets_a_clear_404():
    response = Client(HTTP_HOST="nieznany.test.localhost").get("/")

    assert response.status_code == 404
    assert "Nie znaleziono serwisu" in response.text
    assert "nieznany.test.localhost" in response.text


def test_platform_site_lists_tenants():
    response = Client(HTTP_HOST="test.localhost").get("/")

    assert response.status_code == 200
    assert 'href="http://czestochowa.test.localhost/"' in response.text
    assert 'href="http://bydgoszcz.test.localhost/"' in response.text


def test_domain_lookup_is_cached_after_the_first_request(client_a):
    client_a.get("/")  # warms the routing cache

    with CaptureQueriesContext(connection) as queries:
        response = client_a.get("/")

    assert response.status_code == 200
    routing = [
        q["sql"] for q in queries if "tenants_domain" in q["sql"] or "tenants_tenant" in q["sql"]
    ]
    assert routing == []


def test_home_page_query_count_is_pinned(client_a, django_assert_max_num_queries):
    client_a.get("/")
    with django_assert_max_num_queries(8):
        assert client_a.get("/").status_code == 200


def test_routing_cache_is_invalidated_when_a_domain_changes(tenant_a, client_a):
    assert client_a.get("/").status_code == 200
    domain = Domain.objects.get(domain=host_of("czestochowa"))
    domain.domain = "pps.test.localhost"
    domain.save()

    old = client_a.get("/")
    assert old.status_code == 404
    assert "Nie znaleziono serwisu" in old.text
    # The new name routes to the tenant's schema (no "unknown host" page any more).
    assert "Nie znaleziono serwisu" not in Client(HTTP_HOST="pps.test.localhost").get("/").text


def test_new_domain_is_served_after_a_cached_miss(tenant_a):
    from tenants.services import domain_add

    probe = Client(HTTP_HOST="ngo.test.localhost")
    assert probe.get("/").status_code == 404  # remembered as unknown

    domain_add(tenant=tenant_a, domain="ngo.test.localhost")

    response = probe.get("/")
    assert response.status_code == 200
    assert "Częstochowa – społecznie odpowiedzialny samorząd" in response.text


def test_deactivated_tenant_is_not_served(tenant_a, client_a):
    assert client_a.get("/").status_code == 200
    tenant_a.is_active = False
    tenant_a.save()

    assert client_a.get("/").status_code == 404


def test_healthz_answers_on_any_host():
    response = Client(HTTP_HOST="10.1.2.3").get("/healthz")

    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "broker": "ok", "status": "ok"}


def test_healthz_reports_a_broken_dependency(monkeypatch):
    monkeypatch.setattr("tenants.health.check_broker", lambda: "error: OperationalError")

    response = Client(HTTP_HOST="10.1.2.3").get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content)["broker"] == "error: OperationalError"
    live = Client(HTTP_HOST="10.1.2.3").get("/healthz?live=1")
    assert live.status_code == 200


def test_repeated_requests_to_one_tenant_do_not_reset_the_search_path(client_a, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client_a.get("/aktualnosci/")  # the first request may load what the process lacks

    with CaptureQueriesContext(connection) as queries:
        assert client_a.get("/aktualnosci/").status_code == 200

    statements = [q["sql"] for q in queries]
    assert not [s for s in statements if s.startswith("SET search_path")]
    assert not [s for s in statements if "django_content_type" in s]


def test_switching_tenants_sets_the_search_path_again(client_a, client_b, settings):
    settings.PAGE_CACHE_SECONDS = 0  # render, so the database is used
    client_b.get("/")  # both hosts in the routing cache
    client_a.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client_b.get("/")

    assert "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych" in response.text
    assert [q["sql"] for q in queries if q["sql"].startswith("SET search_path")] == [
        'SET search_path = "t_bydgoszcz","public"'
    ]


@pytest.mark.parametrize("domain", ["www.ekonomia.czestochowa.pl", "WWW.ekonomia.czestochowa.pl"])
def test_a_domain_beginning_with_www_is_refused_with_a_polish_message(tenant_a, domain):
    """``www.<host>`` redirects to ``<host>``, so a domain spelled with ``www.`` would never be
    served: it is refused when attached, nothing is saved."""
    from django.core.exceptions import ValidationError

    from tenants.models import Domain
    from tenants.services import domain_add

    with pytest.raises(ValidationError) as caught:
        domain_add(tenant=tenant_a, domain=domain)

    assert "bez „www.”" in caught.value.message_dict["domain"][0]
    assert not Domain.objects.filter(domain__iendswith="ekonomia.czestochowa.pl").exists()
