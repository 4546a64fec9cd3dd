"""Planted content for the security regressions: in tenant A a public control and, next to it,
view-restricted pages carrying canary words that must never reach a public read; in tenant B a
public page with the same canary, which tenant A must never show either."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from wagtail.models import PageViewRestriction

from cms.events.recurrence import EVENT_TZ
from cms.models import NewsIndexPage, NewsPage, StandardPage
from cms.text import slugify_pl
from tests.cms_events.factories import calendar_create, event_create, home_page

# The public-form and registry fixtures, for the hardening tests (test_hardening_*.py).
from tests.cms_forms.conftest import pages_a, pages_b  # noqa: F401
from tests.registry.conftest import make_org  # noqa: F401

# Words that appear nowhere else: in a title, a description and a body of restricted pages.
CANARY = "Kwiczolowiec"
ORACLE = "Bazyliszkowo"  # only in the body of the restricted news: a "content oracle" probe
SUBTREE_CANARY = "Pluszakowiec"  # only on a page below a restricted parent
PAGE_PASSWORD = "tajne-haslo-2026"


@dataclass
class Planted:
    news_url: str
    event_url: str
    subtree_url: str
    restriction_id: int
    news_id: int
    event_month: tuple[int, int]


def _news(title: str, *, lead: str, body_text: str = "", description: str = "") -> NewsPage:
    index = NewsIndexPage.objects.get()
    page = NewsPage(
        title=title,
        slug=slugify_pl(title),
        date=timezone.localdate(),
        lead=lead,
        search_description=description,
        body=[("paragraph", f"<p>{body_text}</p>")] if body_text else [],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _restrict(page, kind: str = PageViewRestriction.PASSWORD) -> PageViewRestriction:
    return PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=PAGE_PASSWORD if kind == "password" else ""
    )


@pytest.fixture
def planted(tenant_a, tenant_b) -> Planted:
    day = timezone.localdate(timezone=EVENT_TZ) + timedelta(days=3)
    with schema_context(tenant_a.schema_name):
        _news("Jawna aktualność o spółdzielniach", lead="Każdy może to przeczytać.")
        news = _news(
            f"Narada {CANARY}",
            lead=f"Zajawka {CANARY}.",
            body_text=f"Protokół z miejscowości {ORACLE}.",
            description=f"Opis {CANARY}",
        )
        restriction = _restrict(news)
        calendar = calendar_create()
        event_create(calendar, title="Jawne spotkanie organizacji", start_date=day)
        event = event_create(
            calendar,
            title=f"Spotkanie {CANARY}",
            lead=f"Tylko dla członków: {CANARY}.",
            start_date=day,
            start_time=time(16, 30),
            end_time=time(18, 30),
        )
        _restrict(event)
        zone = StandardPage(title="Strefa partnera", slug="strefa-partnera")
        home_page().add_child(instance=zone)
        zone.save_revision().publish()
        _restrict(zone, PageViewRestriction.LOGIN)
        inner = StandardPage(
            title=f"Umowa {SUBTREE_CANARY}", slug="umowa", lead=f"Warunki {SUBTREE_CANARY}."
        )
        zone.add_child(instance=inner)
        inner.save_revision().publish()
        planted = Planted(
            news_url=news.url,
            event_url=event.url,
            subtree_url=inner.url,
            restriction_id=restriction.pk,
            news_id=news.pk,
            event_month=(day.year, day.month),
        )
    with schema_context(tenant_b.schema_name):
        _news(f"Bydgoski {CANARY}", lead=f"Publiczny {CANARY} w innym najemcy.")
    return planted


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """The counts of the isolation and authorisation matrix (test_matrix.py), when it ran."""
    from tests.security.matrix_rules import STATS

    if STATS.cases:
        terminalreporter.section("security matrix")
        terminalreporter.write_line(STATS.line())
