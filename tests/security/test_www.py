"""Issue 11: ``www.<tenant>`` was half served — django-tenants routed it to the tenant (it
strips ``www.``), but Wagtail's Site knows only the tenant's own host, so pages were 404 while
search, the registry and the admin answered. It is now a permanent redirect to the host without
``www.``, decided from the cached routing (no query)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/", "/aktualnosci/?strona=2", "/szukaj/?q=sp%C3%B3%C5%82dzielnia", "/admin/", "/sitemap.xml"],
)
def test_www_alias_redirects_permanently_to_the_tenant_host(tenant_a, path):
    response = Client(HTTP_HOST="www.czestochowa.test.localhost").get(path)

    assert response.status_code == 301
    assert response["Location"] == f"http://czestochowa.test.localhost{path}"


def test_www_redirect_keeps_the_port_and_costs_no_query(tenant_a, django_assert_num_queries):
    client = Client(HTTP_HOST="www.czestochowa.test.localhost:8000")
    client.get("/")  # routing cache warm

    with django_assert_num_queries(0):
        response = client.get("/kontakt/")

    assert response.status_code == 301
    assert response["Location"] == "http://czestochowa.test.localhost:8000/kontakt/"


def test_www_of_an_unknown_host_is_not_found(db):
    response = Client(HTTP_HOST="www.nieznany.test.localhost").get("/")

    assert response.status_code == 404
    assert "<title>Nie znaleziono serwisu</title>" in response.content.decode()
