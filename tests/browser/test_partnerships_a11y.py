"""axe-core WCAG 2.1 A/AA checks of the partnership, project and project-list pages."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context
from wagtail.models import Page

from tenants.models import Tenant
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def partnership_urls(django_db_setup, django_db_blocker):
    """Commit demo partnerships and a project with measured indicators; remove afterwards."""
    from partnerships import demo
    from partnerships.models import Agreement, Partnership, Project
    from partnerships.services import indicator_create, meeting_create, project_create

    with django_db_blocker.unblock():
        tenant = Tenant.objects.get(slug="czestochowa")
        with schema_context(tenant.schema_name):
            before = set(Page.objects.values_list("pk", flat=True))
            demo.seed_demo_content(tenant)
            partnership = Partnership.objects.get(slug=demo.JOWES_PARTNERSHIP["slug"])
            meeting_create(
                partnership=partnership,
                date=timezone.localdate() + timedelta(days=14),
                title="Spotkanie partnerów",
                place="ul. Focha 19/21, Częstochowa",
            )
            project = project_create(
                title="Projekt z wykresem wskaźników",
                slug="projekt-z-wykresem",
                programme="RPO WSL 2014-2020",
                priority_axis="9",
                action="9.3",
                sub_action="9.3.2",
                fund="EFS",
                total_budget=Decimal("1234567.89"),
                co_financing=Decimal("1000000.00"),
                start_date=date(2017, 1, 1),
                end_date=date(2018, 12, 31),
                partnership=partnership,
                partners=[
                    {"name": "Gmina Miasto Częstochowa", "role": "leader"},
                    {"name": "Federazione Trentina della Cooperazione", "country": "IT"},
                ],
            )
            indicator_create(
                project=project,
                name="Miejsca pracy",
                unit="miejsca pracy",
                target=Decimal(45),
                target_date=date(2018, 7, 31),
                measurements=[
                    {"date": date(2017, 6, 30), "value": Decimal(12)},
                    {"date": date(2017, 12, 31), "value": Decimal(30)},
                ],
            )
            demo.pages_create(home=demo_home(), partnerships=[partnership], projects=[project])
            urls = {
                "project index": "/projekty/",
                "project": "/projekty/projekt-z-wykresem/",
                "demo project": "/projekty/stare-miasto-nowe-zycie/",
                "partnership": f"/projekty/{partnership.slug}/",
            }
        connection.set_schema_to_public()
        yield urls
        with schema_context(tenant.schema_name):
            for page in Page.objects.exclude(pk__in=before).order_by("-depth"):
                page.delete()
            Project.objects.all().delete()
            Agreement.objects.all().delete()
            Partnership.objects.all().delete()
        connection.set_schema_to_public()


def demo_home():
    from cms.models import HomePage

    return HomePage.objects.first()


@pytest.mark.parametrize("name", ["project index", "project", "demo project", "partnership"])
def test_partnership_pages_have_no_serious_accessibility_violations(
    live_url, partnership_urls, page, name
):
    response = page.goto(live_url.format(slug="czestochowa") + partnership_urls[name])

    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert serious_violations(page) == []


def test_project_chart_and_progress_have_text_alternatives(live_url, partnership_urls, page):
    page.goto(live_url.format(slug="czestochowa") + partnership_urls["project"])

    chart = page.get_by_role("img", name="Wykres pomiarów wskaźnika „Miejsca pracy”", exact=False)
    assert chart.count() == 1
    progress = page.get_by_label("Realizacja: 67% drogi", exact=False)
    assert progress.get_attribute("value") == "67"
    assert page.locator("table caption").first.inner_text() == "Pomiary wskaźnika „Miejsca pracy”"
