"""Issue 11: the page cache kept serving a page for minutes after it was made private, and
any cookie named ``sessionid`` forced an uncached render. Restriction changes now drop the
tenant's cached pages at once; only a signed-in session, or one that unlocked a page password,
skips the cache."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from cms.cache import page_cache_version
from tests.conftest import ADMIN_PASSWORD
from tests.security.conftest import PAGE_PASSWORD, _news

pytestmark = pytest.mark.django_db

TITLE = "Posiedzenie zarządu spółdzielni"


def _titles(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', response.content.decode())


def _rename_quietly(schema: str, page_id: int, title: str) -> None:
    """Change a page behind the cache's back (no signal): a fresh render shows it, a cached
    copy does not."""
    with schema_context(schema):
        Page.objects.filter(pk=page_id).update(title=title)


def test_a_page_made_private_leaves_the_cache_at_once(tenant_a, client_a):
    with schema_context(tenant_a.schema_name):
        page = _news(TITLE, lead="Zajawka.")
        url = page.url
    assert _titles(client_a.get("/aktualnosci/")) == [TITLE]
    assert f"<h1>{TITLE}</h1>" in client_a.get(url).content.decode()  # both cached now

    with schema_context(tenant_a.schema_name):
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password=PAGE_PASSWORD
        )

    assert _titles(client_a.get("/aktualnosci/")) == []
    own = client_a.get(url).content.decode()
    assert 'name="password"' in own
    assert f"<h1>{TITLE}</h1>" not in own

    with schema_context(tenant_a.schema_name):
        restriction.delete()

    assert _titles(client_a.get("/aktualnosci/")) == [TITLE]


def test_restriction_changes_bump_the_cache_now_and_on_commit(
    tenant_a, django_capture_on_commit_callbacks
):
    with schema_context(tenant_a.schema_name):
        before = page_cache_version()
        with django_capture_on_commit_callbacks(execute=True):
            restriction = CollectionViewRestriction.objects.create(
                collection=Collection.get_first_root_node(),
                restriction_type=CollectionViewRestriction.LOGIN,
            )
        after_save = page_cache_version()
        restriction.delete()
        after_delete = page_cache_version()

    assert (after_save, after_delete) == (before + 2, before + 3)


def test_a_made_up_sessionid_gets_the_cached_page(
    tenant_a, client_a, django_assert_max_num_queries
):
    with schema_context(tenant_a.schema_name):
        page = _news(TITLE, lead="Zajawka.")
    assert _titles(client_a.get("/aktualnosci/")) == [TITLE]
    _rename_quietly(tenant_a.schema_name, page.pk, "Zmieniony tytuł")

    client_a.cookies["sessionid"] = "wymyslonyidentyfikatorsesji0123"
    with django_assert_max_num_queries(2):  # the session lookup, no render
        faked = client_a.get("/aktualnosci/")

    assert _titles(faked) == [TITLE]


def test_an_anonymous_session_without_a_password_gets_the_cached_page(tenant_a, client_a):
    with schema_context(tenant_a.schema_name):
        page = _news(TITLE, lead="Zajawka.")
    assert _titles(client_a.get("/aktualnosci/")) == [TITLE]
    _rename_quietly(tenant_a.schema_name, page.pk, "Zmieniony tytuł")
    with schema_context(tenant_a.schema_name):
        session = client_a.session  # a real session row, but nobody signed in
        session["ulubiony_kolor"] = "zielony"
        session.save()
        client_a.cookies["sessionid"] = session.session_key

    assert _titles(client_a.get("/aktualnosci/")) == [TITLE]


def test_signed_in_editors_and_unlocked_sessions_get_fresh_pages(tenant_a, client_a):
    with schema_context(tenant_a.schema_name):
        page = _news(TITLE, lead="Zajawka.")
        other = _news("Strefa członków", lead="Zajawka.")
        restriction = PageViewRestriction.objects.create(
            page=other, restriction_type=PageViewRestriction.PASSWORD, password=PAGE_PASSWORD
        )
        other_url = other.url
    assert _titles(client_a.get("/aktualnosci/")) == [TITLE]
    _rename_quietly(tenant_a.schema_name, page.pk, "Zmieniony tytuł")

    unlocked = client_a
    unlocked.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{other.pk}/",
        {"password": PAGE_PASSWORD, "return_url": other_url},
    )
    assert _titles(unlocked.get("/aktualnosci/")) == ["Zmieniony tytuł"]
    assert "<h1>Strefa członków</h1>" in unlocked.get(other_url).content.decode()

    from django.test import Client

    editor = Client(HTTP_HOST="czestochowa.test.localhost")
    editor.post(
        "/admin/login/",
        {"username": "admin@czestochowa.example.pl", "password": ADMIN_PASSWORD},
    )
    assert _titles(editor.get("/aktualnosci/")) == ["Zmieniony tytuł"]
    assert _titles(Client(HTTP_HOST="czestochowa.test.localhost").get("/aktualnosci/")) == [TITLE]
