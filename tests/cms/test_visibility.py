"""The one "visible to the public" rule (cms.visibility.public_pages) and page serving."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from wagtail.models import Page, PageViewRestriction

from cms.models import NewsIndexPage, NewsPage, StandardPage
from cms.visibility import public_pages, restricted_paths

pytestmark = pytest.mark.django_db


def _page(parent: Page, title: str, *, publish: bool = True, **fields) -> StandardPage:
    page = StandardPage(title=title, slug=title.lower().replace(" ", "-"), live=publish, **fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


@pytest.fixture
def tree(tenant_a):
    """Under tenant A's home: public, draft, expired (not yet unpublished by the scheduler),
    a restricted page with a child and grandchild, and a group-restricted page."""
    with schema_context(tenant_a.schema_name):
        home = Page.objects.get(slug="strona-glowna").specific
        pages = {
            "public": _page(home, "Jawna"),
            "draft": _page(home, "Szkic", publish=False),
            "expired": _page(home, "Wygasla"),
            "restricted": _page(home, "Zamknieta"),
            "groups": _page(home, "Dla grupy"),
        }
        pages["child"] = _page(pages["restricted"], "Dziecko")
        pages["grandchild"] = _page(pages["child"], "Wnuk")
        Page.objects.filter(pk=pages["expired"].pk).update(
            expire_at=timezone.now() - dt.timedelta(minutes=1)
        )
        PageViewRestriction.objects.create(
            page=pages["restricted"], restriction_type=PageViewRestriction.LOGIN
        )
        PageViewRestriction.objects.create(
            page=pages["groups"], restriction_type=PageViewRestriction.GROUPS
        )
        yield {name: page.pk for name, page in pages.items()}


def test_only_live_unexpired_unrestricted_pages_are_public(tenant_a, tree):
    with schema_context(tenant_a.schema_name):
        visible = set(public_pages().filter(pk__in=tree.values()).values_list("pk", flat=True))
        flags = {
            name: public_pages(Page.objects.filter(pk=pk)).exists() for name, pk in tree.items()
        }

    assert visible == {tree["public"]}
    assert flags == {
        "public": True,
        "draft": False,
        "expired": False,
        "restricted": False,
        "groups": False,
        "child": False,
        "grandchild": False,
    }


def test_rule_agrees_with_wagtails_live_public(tenant_a, tree):
    with schema_context(tenant_a.schema_name):
        ours = set(public_pages().values_list("pk", flat=True))
        wagtail = set(Page.objects.live().public().values_list("pk", flat=True))

    assert wagtail - ours == {tree["expired"]}
    assert ours <= wagtail


def test_rule_narrows_a_given_queryset_and_keeps_its_type(tenant_a, tree):
    with schema_context(tenant_a.schema_name):
        news = public_pages(NewsPage.objects.child_of(NewsIndexPage.objects.get()))
        standard = public_pages(StandardPage.objects.filter(pk__in=tree.values()))

        assert news.model is NewsPage
        assert list(standard.values_list("title", flat=True)) == ["Jawna"]


def test_restrictions_are_read_once_per_cache_version(tenant_a, tree, django_assert_num_queries):
    with schema_context(tenant_a.schema_name):
        restricted_paths()
        with django_assert_num_queries(0):
            paths = restricted_paths()
        assert len(paths) == 2

        PageViewRestriction.objects.create(
            page=Page.objects.get(pk=tree["public"]),
            restriction_type=PageViewRestriction.PASSWORD,
            password="haslo-1234",
        )

        assert len(restricted_paths()) == 3  # the save bumped the version
        assert not public_pages().filter(pk=tree["public"]).exists()


def test_an_expired_page_is_not_served_even_before_the_scheduler_runs(tenant_a, tree, client_a):
    assert client_a.get("/jawna/").status_code == 200
    assert client_a.get("/wygasla/").status_code == 404
