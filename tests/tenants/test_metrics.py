"""Per-tenant metrics the apps register (``tenants.extensions.tenant_metrics``): exact figures on
planted data, with a canary in the other tenant that must not count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import PageViewRestriction, Revision

from cms.events.models import EventIndexPage
from cms.events.services import event_page_create
from cms.forms.services import submission_create, submission_reject
from cms.metrics import cms_metrics
from cms.models import NewsIndexPage, NewsPage
from partnerships.metrics import partnerships_metrics
from partnerships.services import indicator_create, partnership_create, project_create
from registry.metrics import registry_metrics
from registry.services import organisation_archive, organisation_create, organisation_delete
from tenants.selectors import tenant_metrics_get

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 1)


# --- cms ------------------------------------------------------------------------------------


def _news(title: str, *, publish: bool = True, user=None) -> NewsPage:
    index = NewsIndexPage.objects.get()
    page = NewsPage(title=title, date=timezone.localdate(), lead=title)
    index.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish()
    return page


def _plant_cms(*, editor_edits: bool) -> None:
    editor = get_user_model().objects.get() if editor_edits else None
    _news("Nowa spółdzielnia socjalna")
    _news("Targi ekonomii społecznej", user=editor)
    old = _news("Sprzed kwartału")
    NewsPage.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - dt.timedelta(days=91)
    )
    _news("Szkic", publish=False)
    expired = _news("Wygasła")  # live until publish_scheduled runs, but no longer public
    NewsPage.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - dt.timedelta(hours=1))
    private = _news("Tylko dla członków")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="tajne-haslo"
    )
    index = EventIndexPage.objects.get()
    event_page_create(index=index, title="Spotkanie liderów", start_date=TODAY, all_day=True)
    event_page_create(
        index=index, title="Nieopublikowane", start_date=TODAY, all_day=True, publish=False
    )
    for title in ("Festyn", "Warsztaty", "Błąd na stronie"):
        submission_create(handler_key="news", page=None, data={"title": title})
    rejected = submission_create(handler_key="news", page=None, data={"title": "Spam"})
    submission_reject(submission=rejected, user=editor, note="Nie dotyczy serwisu.")


def test_cms_metrics_count_public_recent_pages_pending_submissions_and_the_last_edit(
    tenant_a, tenant_b
):
    with tenant_context(tenant_b):  # canary: must not count in tenant A
        _plant_cms(editor_edits=True)
        _news("Kanarek", user=get_user_model().objects.get())
    with tenant_context(tenant_a):
        _plant_cms(editor_edits=True)
        last_edit = Revision.objects.filter(user__isnull=False).get().created_at

        figures = cms_metrics(tenant_a)

    assert figures == {
        "news_published_90d": 2,
        "events_published_90d": 1,
        "submissions_pending": 3,
        "last_edit": last_edit,
    }


def test_cms_last_edit_is_none_without_an_editors_revision(tenant_a):
    with tenant_context(tenant_a):
        _plant_cms(editor_edits=False)
        assert cms_metrics(tenant_a)["last_edit"] is None


# --- registry -------------------------------------------------------------------------------


def _plant_registry() -> None:
    organisation_create(
        status="published",
        name="Fundacja Oczami Brata",
        legal_form="fundacja",
        city="Częstochowa",
        is_opp=True,
        employees=12,
        subsidised_jobs=3,
        certificates=[{"name": "Znak Jakości Ekonomii Społecznej i Solidarnej", "year": 2020}],
    )
    organisation_create(
        status="published",
        name="Spółdzielnia Socjalna „Jasne, że…”",
        legal_form="spoldzielnia_socjalna",
        city="Częstochowa",
        employees=5,
        subsidised_jobs=5,
    )
    organisation_create(
        status="published",
        name="Stowarzyszenie Rescue Team",
        legal_form="stowarzyszenie",
        city="Częstochowa",
        is_opp=True,
    )
    # Not part of the public register: submitted, archived, deleted.
    organisation_create(name="Zgłoszona", legal_form="fundacja", employees=100)
    archived = organisation_create(
        status="published", name="Zarchiwizowana", legal_form="fundacja", employees=40
    )
    organisation_archive(organisation=archived)
    deleted = organisation_create(
        status="published", name="Usunięta", legal_form="zaz", is_opp=True, employees=7
    )
    organisation_delete(organisation=deleted)


def test_registry_metrics_describe_the_published_register(tenant_a, tenant_b):
    with tenant_context(tenant_b):
        _plant_registry()  # canary
        organisation_create(status="published", name="Kanarek", legal_form="cis", employees=999)
    with tenant_context(tenant_a):
        _plant_registry()
        figures = registry_metrics(tenant_a)

    assert figures == {
        "organisations_total": 3,
        "legal_form.fundacja": 1,
        "legal_form.stowarzyszenie": 1,
        "legal_form.osp": 0,
        "legal_form.zwiazek_osp": 0,
        "legal_form.klub_sportowy": 0,
        "legal_form.uks": 0,
        "legal_form.spoldzielnia_socjalna": 1,
        "legal_form.cis": 0,
        "legal_form.kis": 0,
        "legal_form.zaz": 0,
        "legal_form.wtz": 0,
        "legal_form.spolka_non_profit": 0,
        "legal_form.inne": 0,
        "opp": 2,
        "certified": 1,
        "employees": 17,
        "subsidised_jobs": 8,
    }


def test_registry_metrics_of_an_empty_register_are_zeros(tenant_a):
    with tenant_context(tenant_a):
        figures = registry_metrics(tenant_a)
    assert set(figures.values()) == {0}
    assert len(figures) == 18


# --- partnerships ---------------------------------------------------------------------------


def _plant_partnerships() -> None:
    tri = partnership_create(
        name="Porozumienie trójsektorowe w powiecie jędrzejowskim",
        kind="tri_sector",
        members=[
            {"name": "Starostwo Powiatowe w Jędrzejowie", "sector": "public"},
            {"name": "Świętokrzyski OWES", "sector": "ngo"},
            {"name": "Fundacja Jędrzejowska", "sector": "ngo"},
            {"name": "Przedsiębiorstwo Społeczne", "sector": "business"},
            # Left before TODAY: no longer a member.
            {"name": "Dawny partner", "sector": "business", "left_on": dt.date(2024, 12, 31)},
            # Leaves after TODAY: still a member.
            {"name": "Gmina Sędziszów", "sector": "public", "left_on": dt.date(2025, 12, 31)},
        ],
    )
    partnership_create(name="Partnerstwo lokalne", kind="local")
    ses = project_create(
        title="Świętokrzyska Ekonomia Społeczna",
        programme="RPO WŚ 2014-2020",
        fund="EFS",
        total_budget=Decimal("1000.50"),
        co_financing=Decimal("800.25"),
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
        partnership=tri,
    )
    project_create(
        title="Od wykluczenia do zatrudnienia",
        programme="RPO WSL 2014-2020",
        fund="EFRR",
        total_budget=Decimal("200.00"),
    )
    project_create(title="Projekt bez programu")
    target_date = dt.date(2025, 12, 31)
    measured = dt.date(2025, 5, 1)
    for name, value, due in (
        ("osiągnięty", "100", target_date),
        ("na dobrej drodze", "60", target_date),  # 60% done, 41% of the time gone
        ("opóźniony", "5", target_date),
        ("po terminie", "5", dt.date(2025, 3, 31)),
    ):
        indicator_create(
            project=ses,
            name=name,
            target=Decimal(100),
            target_date=due,
            measurements=[{"date": measured, "value": Decimal(value)}],
        )
    indicator_create(partnership=tri, name="bez pomiarów", target=Decimal(10))


def test_partnerships_metrics_count_kinds_sectors_projects_money_and_indicator_status(
    tenant_a, tenant_b
):
    with tenant_context(tenant_b):
        _plant_partnerships()  # canary
        project_create(title="Kanarek", programme="PO KL 2007-2013", total_budget=Decimal(9))
    with tenant_context(tenant_a):
        _plant_partnerships()
        figures = partnerships_metrics(tenant_a, today=TODAY)

    assert figures == {
        "partnerships_total": 2,
        "kind.tri_sector": 1,
        "kind.local": 1,
        "kind.sectoral": 0,
        "kind.transnational": 0,
        "members.public": 2,
        "members.ngo": 2,
        "members.business": 1,
        "members.other": 0,
        "projects_total": 3,
        "programme.RPO WŚ 2014-2020": 1,
        "programme.RPO WSL 2014-2020": 1,
        "programme.none": 1,
        "fund.EFS": 1,
        "fund.EFRR": 1,
        "fund.national": 0,
        "fund.regional": 0,
        "fund.none": 1,
        "budget_total": Decimal("1200.50"),
        "co_financing_total": Decimal("800.25"),
        "indicators.on_track": 1,
        "indicators.behind": 1,
        "indicators.achieved": 1,
        "indicators.overdue": 1,
        "indicators.no_data": 1,
    }


# --- all of them, through the foundation ----------------------------------------------------


def test_tenant_metrics_get_prefixes_each_apps_figures_and_isolates_tenants(tenant_a, tenant_b):
    with tenant_context(tenant_b):
        _plant_registry()
        _plant_partnerships()

    figures_a = tenant_metrics_get(tenant=tenant_a)
    figures_b = tenant_metrics_get(tenant=tenant_b)

    assert connection.schema_name == "public"
    assert {name.split(".", 1)[0] for name in figures_a} == {"cms", "registry", "partnerships"}
    with tenant_context(tenant_a):
        expected_a = {
            **{f"cms.{k}": v for k, v in cms_metrics(tenant_a).items()},
            **{f"registry.{k}": v for k, v in registry_metrics(tenant_a).items()},
            **{f"partnerships.{k}": v for k, v in partnerships_metrics(tenant_a).items()},
        }
    assert figures_a == expected_a
    assert figures_a["registry.organisations_total"] == 0
    assert figures_a["partnerships.budget_total"] == Decimal("0.00")
    assert figures_b["registry.organisations_total"] == 3
    assert figures_b["partnerships.budget_total"] == Decimal("1200.50")
