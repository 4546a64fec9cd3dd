"""Public pages bound to the data over HTTP: content, filters, timeline, isolation, queries."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from partnerships.services import meeting_create, project_create
from tests.partnerships.factories import (
    jedrzejow_partnership,
    jobs_indicator,
    publish_pages,
    ses_project,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def build_tenant_a(tenant_a, *, extra_projects=0, extra_meetings=0):
    with schema_context(tenant_a.schema_name):
        partnership = jedrzejow_partnership()
        next_date = timezone.localdate() + timedelta(days=30)
        meeting_create(
            partnership=partnership,
            date=next_date,
            title="Drugie spotkanie",
            place="Starostwo Powiatowe w Jędrzejowie",
        )
        for n in range(extra_meetings):
            meeting_create(partnership=partnership, date=date(2016, 1, 1 + n), title=f"S{n}")
        project = ses_project(partnership=partnership)
        jobs_indicator(
            project=project,
            measurements=[
                {"date": date(2017, 6, 30), "value": Decimal(30)},
                {"date": date(2017, 12, 31), "value": Decimal(60), "note": "półrocze"},
            ],
        )
        jobs_indicator(project=project, name="Wskaźnik bez pomiarów", target=Decimal(45))
        projects = [project]
        for n in range(extra_projects):
            projects.append(
                project_create(
                    title=f"Projekt dodatkowy {n}",
                    programme="RPO WSL 2014-2020",
                    start_date=date(2018, 1, 2),
                    partners=[{"name": f"Partner {n}", "role": "leader"}],
                )
            )
        publish_pages(partnerships=[partnership], projects=projects)
        return partnership, project, next_date


def test_project_page_shows_codes_budget_partners_and_indicators(tenant_a, client_a):
    _partnership, project, _ = build_tenant_a(tenant_a)

    response = client_a.get(f"/projekty/{project.slug}/")

    assert response.status_code == 200
    html = response.text
    assert html.count("<h1>") == 1
    assert "<h1>Świętokrzyska Ekonomia Społeczna</h1>" in html
    assert "<dt>Program</dt><dd>RPO WŚ 2014-2020</dd>" in html
    assert "<dt>Oś priorytetowa</dt><dd>9</dd>" in html
    assert "<dt>Działanie</dt><dd>9.3</dd>" in html
    assert "<dt>Poddziałanie</dt><dd>9.3.2</dd>" in html
    assert "<dt>Fundusz</dt><dd>Europejski Fundusz Społeczny (EFS)</dd>" in html
    # Babel's pl_PL format: no-break spaces (U+00A0) between the groups and before "zł".
    assert '<dt>Wartość projektu</dt><dd class="money">1\xa0234\xa0567,89\xa0zł</dd>' in html
    assert '<dt>Dofinansowanie</dt><dd class="money">1\xa0049\xa0382,71\xa0zł</dd>' in html
    assert (
        '<li>Regionalny Ośrodek Polityki Społecznej – <span class="party-role">lider</span></li>'
    ) in html
    assert (
        '<li>Federazione Trentina della Cooperazione <span class="meta">(Włochy)</span> – '
        '<span class="party-role">partner ponadnarodowy</span></li>'
    ) in html
    # Indicator: 60 of 96 → 63%, target date passed → overdue; progress bar with text.
    assert re.search(r'<progress id="postep-\d+" max="100" value="63">63%</progress>', html)
    assert "Realizacja: 63% drogi od wartości bazowej do docelowej" in html
    assert '<strong class="indicator-status">po terminie (nieosiągnięty)</strong>' in html
    assert '<strong class="indicator-status">brak pomiarów</strong>' in html
    # Accessible chart + table fallback
    assert (
        'aria-label="Wykres pomiarów wskaźnika „Miejsca pracy w spółdzielniach socjalnych w '
        'subregionie” (miejsca pracy): 30.06.2017: 30; 31.12.2017: 60. Wartość docelowa: 96."'
    ) in html
    assert 'role="img"' in html
    assert (
        "<caption>Pomiary wskaźnika „Miejsca pracy w spółdzielniach socjalnych w "
        "subregionie”</caption>"
    ) in html
    assert (
        '<tr><th scope="row"><time datetime="2017-12-31">31 grudnia 2017</time></th>'
        "<td>60</td><td>półrocze</td></tr>"
    ) in html


def test_partnership_page_groups_members_and_highlights_next_meeting(tenant_a, client_a):
    partnership, _project, next_date = build_tenant_a(tenant_a)

    response = client_a.get(f"/projekty/{partnership.slug}/")

    assert response.status_code == 200
    html = response.text
    assert html.count("<h1>") == 1
    sectors = re.findall(r"<h3>Sektor ([^<]+)</h3>", html)
    assert sectors == ["publiczny (samorządowy)", "pozarządowy", "biznesowy"]
    assert "<dt>Rodzaj</dt><dd>partnerstwo trójsektorowe</dd>" in html
    next_block = html[html.index('id="najblizsze-spotkanie"') :]
    assert next_block.index(f'<time datetime="{next_date:%Y-%m-%d}">') < next_block.index(
        "</section>"
    )
    assert "– Drugie spotkanie</p>" in next_block
    assert '<time datetime="2017-04-05">5 kwietnia 2017</time> – Pierwsze spotkanie' in html
    assert '<p class="meta">Miejsce: Starostwo Powiatowe w Jędrzejowie</p>' in html


def test_planned_meeting_without_a_date_is_the_next_one(tenant_a, client_a):
    with schema_context(tenant_a.schema_name):
        partnership = jedrzejow_partnership()
        meeting_create(partnership=partnership, date=None, title="Kolejne spotkanie")
        publish_pages(partnerships=[partnership])

    html = client_a.get(f"/projekty/{partnership.slug}/").text

    assert "<p><strong>termin do ustalenia</strong> – Kolejne spotkanie</p>" in html


def test_project_index_lists_filters_and_timeline(tenant_a, client_a):
    build_tenant_a(tenant_a, extra_projects=2)

    html = client_a.get("/projekty/").text
    titles = re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)
    assert titles == [
        "Projekt dodatkowy 0",
        "Projekt dodatkowy 1",
        "Świętokrzyska Ekonomia Społeczna",
    ]
    timeline = re.findall(r'<li class="timeline__item timeline__item--(\w+)">', html)
    assert timeline == ["project", "meeting", "project", "project", "meeting"]
    assert 'projekt: <a href="/projekty/swietokrzyska-ekonomia-spoleczna/">' in html

    by_programme = client_a.get("/projekty/", {"programme": "RPO WŚ 2014-2020"}).text
    assert re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', by_programme) == [
        "Świętokrzyska Ekonomia Społeczna"
    ]
    by_status = client_a.get("/projekty/", {"status": "ongoing"}).text
    assert len(re.findall(r"<h3><a ", by_status)) == 2
    by_year = client_a.get("/projekty/", {"year": "2016"}).text
    assert re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', by_year) == [
        "Świętokrzyska Ekonomia Społeczna"
    ]
    none = client_a.get("/projekty/", {"status": "planned"}).text
    assert "Brak projektów spełniających wybrane kryteria." in none


def test_bad_filter_input_shows_an_error_and_keeps_the_full_list(tenant_a, client_a):
    build_tenant_a(tenant_a)

    response = client_a.get("/projekty/", {"year": "abc", "status": "nieznany"})

    assert response.status_code == 200
    html = response.text
    assert "Nie zastosowano filtrów: popraw zaznaczone pola." in html
    assert "Wybierz jedną z dostępnych wartości (abc nie ma na liście)." in html
    assert "Wybierz jedną z dostępnych wartości (nieznany nie ma na liście)." in html
    assert len(re.findall(r"<h3><a ", html)) == 1


def test_pages_never_show_the_other_tenants_data(tenant_a, tenant_b, client_a, client_b):
    build_tenant_a(tenant_a)
    with schema_context(tenant_b.schema_name):
        canary_partnership = jedrzejow_partnership(
            name="KANARYK partnerstwo Bydgoszcz", slug="kanaryk-partnerstwo"
        )
        canary = ses_project(title="KANARYK projekt Bydgoszcz", slug="kanaryk-projekt")
        jobs_indicator(project=canary, name="KANARYK wskaźnik")
        publish_pages(partnerships=[canary_partnership], projects=[canary])

    for url in (
        "/projekty/",
        "/projekty/swietokrzyska-ekonomia-spoleczna/",
        "/projekty/porozumienie-jedrzejow/",
    ):
        response = client_a.get(url)
        assert response.status_code == 200
        assert "KANARYK" not in response.text
    assert client_a.get("/projekty/kanaryk-projekt/").status_code == 404
    assert "KANARYK projekt Bydgoszcz" in client_b.get("/projekty/").text
    assert "KANARYK wskaźnik" in client_b.get("/projekty/kanaryk-projekt/").text


@pytest.mark.parametrize("extra", [0, 6])
def test_query_counts_do_not_grow_with_the_data(
    tenant_a, client_a, django_assert_max_num_queries, extra
):
    partnership, project, _ = build_tenant_a(tenant_a, extra_projects=extra, extra_meetings=extra)
    with schema_context(tenant_a.schema_name):
        for n in range(extra):
            jobs_indicator(
                project=project,
                name=f"Wskaźnik {n}",
                measurements=[{"date": date(2017, 1, 1), "value": Decimal(n)}],
            )
            jobs_indicator(partnership=partnership, name=f"Wskaźnik P{n}")
    client_a.get("/")  # warm the site/domain caches

    with django_assert_max_num_queries(PROJECT_PAGE_QUERIES):
        assert client_a.get(f"/projekty/{project.slug}/").status_code == 200
    with django_assert_max_num_queries(PARTNERSHIP_PAGE_QUERIES):
        assert client_a.get(f"/projekty/{partnership.slug}/").status_code == 200
    with django_assert_max_num_queries(INDEX_PAGE_QUERIES):
        assert client_a.get("/projekty/").status_code == 200


PROJECT_PAGE_QUERIES = 14
PARTNERSHIP_PAGE_QUERIES = 17
INDEX_PAGE_QUERIES = 13
