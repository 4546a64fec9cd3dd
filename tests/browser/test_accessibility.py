"""axe-core WCAG 2.1 A/AA checks and the font-size / contrast switches, in Chromium."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django_tenants.utils import schema_context
from wagtail.models import Page

from tenants.models import Tenant
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def site_urls(django_db_setup, django_db_blocker):
    """Commit the Częstochowa demo content for the live server; remove it afterwards."""
    from cms import demo as cms_demo
    from cms.events import demo as events_demo

    with django_db_blocker.unblock():
        tenant = Tenant.objects.get(slug="czestochowa")
        with schema_context(tenant.schema_name):
            before = set(Page.objects.values_list("pk", flat=True))
            cms_demo.seed_demo_content(tenant)
            events_demo.seed_demo_content(tenant)
            news = apps.get_model("cms", "NewsPage").objects.live().first()
            index = apps.get_model("cms_events", "EventIndexPage").objects.live().first()
            event = apps.get_model("cms_events", "EventPage").objects.live().first()
            form = apps.get_model("cms_forms", "PublicFormPage").objects.live().first()
            month = event.start_date
            urls = {
                "home": "/",
                "news index": "/aktualnosci/",
                "news": news.url,
                "calendar": index.url,
                "calendar month": index.url
                + index.reverse_subpage(
                    "month", kwargs={"year": f"{month.year:04d}", "month": f"{month.month:02d}"}
                ),
                "event": event.url,
                "contact": "/kontakt/",
                "form": form.url,
                "accessibility statement": "/deklaracja-dostepnosci/",
            }
        connection.set_schema_to_public()
        yield urls
        with schema_context(tenant.schema_name):
            for page in Page.objects.exclude(pk__in=before).order_by("-depth"):
                page.delete()
        connection.set_schema_to_public()


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "news index",
        "news",
        "calendar",
        "calendar month",
        "event",
        "contact",
        "form",
        "accessibility statement",
    ],
)
def test_pages_have_no_serious_accessibility_violations(live_url, site_urls, page, name):
    response = page.goto(live_url.format(slug="czestochowa") + site_urls[name])

    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert serious_violations(page) == []


def test_high_contrast_mode_also_passes_axe(live_url, site_urls, page):
    base = live_url.format(slug="czestochowa")
    page.goto(base + "/")
    page.get_by_role("button", name="wersja kontrastowa").click()
    page.goto(base + site_urls["news index"])

    assert "hc" in page.evaluate("document.documentElement.className")
    assert serious_violations(page) == []


def test_font_size_and_contrast_switches_work_and_persist(live_url, site_urls, page):
    base = live_url.format(slug="czestochowa")
    page.goto(base + "/")
    size = lambda: page.evaluate(  # noqa: E731
        "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    )
    background = lambda: page.evaluate(  # noqa: E731
        "getComputedStyle(document.body).backgroundColor"
    )
    assert size() == 16.0

    page.get_by_role("button", name="większa czcionka").click()
    page.get_by_role("button", name="większa czcionka").click()
    assert size() == 20.0
    contrast = page.get_by_role("button", name="wersja kontrastowa")
    contrast.click()
    assert contrast.get_attribute("aria-pressed") == "true"
    assert background() == "rgb(0, 0, 0)"

    # Another page, and a reload: the choices stay on.
    page.goto(base + site_urls["contact"])
    assert size() == 20.0
    assert background() == "rgb(0, 0, 0)"
    assert (
        page.get_by_role("button", name="wersja kontrastowa").get_attribute("aria-pressed")
        == "true"
    )

    page.get_by_role("button", name="mniejsza czcionka").click()
    assert size() == 18.0
    page.get_by_role("button", name="wersja kontrastowa").click()
    page.reload()
    assert size() == 18.0
    assert background() == "rgb(255, 255, 255)"


def test_skip_link_moves_focus_to_the_content(live_url, site_urls, page):
    page.goto(live_url.format(slug="czestochowa") + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Przejdź do treści"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#tresc"
