"""Demo content from the seeds (idempotent, linked to the registry) and the admin views."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from partnerships import demo
from partnerships.models import (
    Agreement,
    Indicator,
    Meeting,
    Partnership,
    PartnershipPage,
    Project,
    ProjectPage,
    ProjectPartner,
)
from registry import demo as registry_demo
from tests.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_a(client_a):
    response = client_a.post(
        "/admin/login/",
        {"username": "admin@czestochowa.example.pl", "password": ADMIN_PASSWORD},
    )
    assert response.status_code == 302
    return client_a


def counts():
    return (
        Partnership.objects.count(),
        Project.objects.count(),
        Indicator.objects.count(),
        Agreement.objects.count(),
        Meeting.objects.count(),
        ProjectPage.objects.count(),
        PartnershipPage.objects.count(),
    )


def test_czestochowa_demo_is_idempotent_and_from_the_seeds(tenant_a, client_a, settings):
    settings.PAGE_CACHE_SECONDS = 0
    registry_demo.seed_demo_content(tenant_a)
    demo.seed_demo_content(tenant_a)
    with schema_context(tenant_a.schema_name):
        first = counts()
        demo.seed_demo_content(tenant_a)
        assert counts() == first == (1, 6, 3, 1, 0, 6, 1)

        stare = Project.objects.get(slug="stare-miasto-nowe-zycie")
        assert (stare.programme, stare.start_date) == ("RPO WSL 2014-2020", date(2018, 1, 2))
        assert stare.total_budget is None
        internet = Project.objects.get(slug="internet-przyszloscia-cyfrowego-swiata")
        assert (internet.programme, internet.fund, internet.end_date) == (
            "PO IG 2007-2013",
            "EFRR",
            date(2015, 12, 17),
        )
        cis = ProjectPartner.objects.filter(project=stare).get()
        assert cis.organisation is not None
        assert cis.organisation.name == "Centrum Integracji Społecznej w Częstochowie"
        agreement = Agreement.objects.get()
        assert "ul. Focha 19/21" in agreement.established
        assert agreement.parties.count() == 2
        targets = dict(Indicator.objects.values_list("name", "target"))
        assert targets["Miejsca pracy w spółdzielniach socjalnych w subregionie"] == 96
        assert targets["Miejsca pracy w spółdzielniach socjalnych w Częstochowie"] == 45
        jobs = Indicator.objects.get(target=36)
        assert jobs.progress(today=date(2020, 1, 1)).label == "osiągnięty"

    html = client_a.get("/projekty/wspolpraca-gminy-czestochowa-z-jowes/").text
    assert '<strong class="indicator-status">osiągnięty</strong>' in html
    assert client_a.get("/projekty/").status_code == 200
    assert client_a.get("/projekty/stare-miasto-nowe-zycie/").status_code == 200


def test_bydgoszcz_demo_transnational_project_with_seminars(tenant_b, client_b, settings):
    settings.PAGE_CACHE_SECONDS = 0
    registry_demo.seed_demo_content(tenant_b)
    demo.seed_demo_content(tenant_b)
    with schema_context(tenant_b.schema_name):
        partnership = Partnership.objects.get()
        assert partnership.kind == "transnational"
        places = list(partnership.meetings.values_list("place", "date_is_approximate"))
        assert places == [("Nakło", True), ("Inowrocław", True), ("Brodnica", True)]
        project = Project.objects.get()
        roles = [(p.display_name, p.role_label) for p in project.partners.all()]
        assert roles == [
            ("Stowarzyszenie Na Rzecz Spółdzielni Socjalnych", "lider"),
            ("Stowarzyszenie na rzecz Rozwoju Kobiet Gineka", "partner"),
            ("Federazione Trentina della Cooperazione", "partner ponadnarodowy"),
        ]
        assert project.partners.filter(organisation__isnull=False).count() == 2

    html = client_b.get("/projekty/od-wykluczenia-do-zatrudnienia/").text
    assert 'Federazione Trentina della Cooperazione <span class="meta">(Włochy)</span>' in html


def test_jedrzejow_content_in_a_tenant(tenant_a):
    """The Jędrzejów content (its tenant is not provisioned in tests) seeded by slug."""
    with schema_context(tenant_a.schema_name):
        partnerships, projects = demo._content("jedrzejow")
        assert partnerships[0].kind == "tri_sector"
        meetings = list(partnerships[0].meetings.all())
        assert [(m.date, m.place) for m in meetings] == [
            (date(2017, 4, 5), "Starostwo Powiatowe w Jędrzejowie"),
            (None, ""),
        ]
        ses = Project.objects.get(slug="swietokrzyska-ekonomia-spoleczna")
        assert (ses.programme, ses.codes, ses.fund, ses.end_date) == (
            "RPO WŚ 2014-2020",
            "9 / 9.3 / 9.3.2",
            "EFS",
            date(2018, 12, 31),
        )
        partner_project = projects[0]
        assert partner_project.start_date == date(2017, 6, 1)
        assert partner_project.partnership == partnerships[0]
        assert partner_project.partners.get().display_name == "Fundacja Perspektywy i Rozwój"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/partnerships/partnerships/",
        "/admin/partnerships/partnerships/add/",
        "/admin/partnerships/projects/",
        "/admin/partnerships/projects/add/",
        "/admin/partnerships/indicators/",
        "/admin/partnerships/indicators/add/",
        "/admin/partnerships/meetings/",
        "/admin/partnerships/agreements/add/",
    ],
)
def test_admin_views_render(tenant_a, editor_a, url):
    demo.seed_demo_content(tenant_a)

    response = editor_a.get(url)

    assert response.status_code == 200


def test_admin_refuses_a_project_ending_before_it_starts(tenant_a, editor_a):
    data = {
        "title": "Projekt testowy",
        "slug": "projekt-testowy",
        "status": "ongoing",
        "start_date": "2018-04-02",
        "end_date": "2018-01-01",
        "priority_axis": "9",
        "action": "9.3",
        "sub_action": "9.3.2",
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "1000",
    }

    response = editor_a.post("/admin/partnerships/projects/add/", data)

    assert response.status_code == 200
    assert "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia." in response.text
    with schema_context(tenant_a.schema_name):
        assert not Project.objects.exists()
