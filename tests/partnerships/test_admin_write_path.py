"""The Wagtail admin writes partnerships, projects, agreements, meetings and indicators through
``partnerships.services`` (the one write path): what the service does (the name snapshot of a
party) happens on an admin save, and what the service refuses is shown on the form, in Polish,
with nothing saved."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from partnerships import services
from partnerships.models import Indicator, Member, Partnership, Project, ProjectPartner
from registry.services import organisation_create, organisation_update
from tests.conftest import ADMIN_PASSWORD
from tests.partnerships.factories import jedrzejow_partnership, jobs_indicator, ses_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_a(tenant_a, client_a):
    # A real login, as the other admin tests: force_login() sends django-axes a request
    # without an address, which its login handler cannot store.
    response = client_a.post(
        "/admin/login/",
        {"username": "admin@czestochowa.example.pl", "password": ADMIN_PASSWORD},
    )
    assert response.status_code == 302
    return client_a


@pytest.fixture
def calls(monkeypatch) -> list[tuple[str, dict[str, Any]]]:
    """Spy on the services the admin must call (the real service still runs)."""
    recorded: list[tuple[str, dict[str, Any]]] = []
    for name in (
        "partnership_save",
        "project_save",
        "indicator_save",
        "partnership_delete",
        "indicator_delete",
    ):
        original = getattr(services, name)

        def spy(*, _name=name, _original=original, **kwargs):
            recorded.append((_name, kwargs))
            return _original(**kwargs)

        monkeypatch.setattr(services, name, spy)
    return recorded


def management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def partnership_form(partnership: Partnership, member: Member) -> dict[str, str]:
    """The edit form of a partnership with one member, as the admin posts it."""
    return {
        "name": partnership.name,
        "slug": partnership.slug,
        "kind": partnership.kind,
        "status": partnership.status,
        "signed_on": "",
        "purpose": partnership.purpose,
        "area": ",".join(partnership.area),
        **management("members", total=1, initial=1),
        "members-0-id": str(member.pk),
        "members-0-ORDER": "1",
        "members-0-DELETE": "",
        "members-0-organisation": str(member.organisation_id or ""),
        "members-0-name": member.name,
        "members-0-sector": member.sector,
        "members-0-role": member.role,
        "members-0-country": member.country,
        "members-0-joined_on": "",
        "members-0-left_on": "",
        **management("meetings"),
        **management("documents"),
    }


def linked_partnership() -> tuple[Partnership, Member, Any]:
    organisation = organisation_create(
        name="Fundacja Perspektywy i Rozwój", legal_form="fundacja", status="published"
    )
    partnership = jedrzejow_partnership(members=[], meetings=[])
    member = services.member_add(partnership=partnership, sector="ngo", organisation=organisation)
    return partnership, member, organisation


def test_an_admin_edit_saves_through_the_service_and_refreshes_the_snapshot(
    tenant_a, admin_a, calls
):
    with schema_context(tenant_a.schema_name):
        partnership, member, organisation = linked_partnership()
        organisation_update(organisation=organisation, name="Fundacja Perspektywy")
        member.refresh_from_db()
        assert member.name == "Fundacja Perspektywy i Rozwój"  # the old snapshot
        data = partnership_form(partnership, member)
        data["purpose"] = "Nowy cel partnerstwa."

    response = admin_a.post(f"/admin/partnerships/partnerships/edit/{partnership.pk}/", data)

    assert response.status_code == 302, response.text
    assert [name for name, _ in calls] == ["partnership_save"]
    with schema_context(tenant_a.schema_name):
        partnership.refresh_from_db()
        member.refresh_from_db()
        assert partnership.purpose == "Nowy cel partnerstwa."
        assert member.name == "Fundacja Perspektywy"


def test_a_service_refusal_is_a_polish_form_error_and_nothing_is_saved(
    tenant_a, admin_a, monkeypatch
):
    def refuse(*, partnership):
        raise ValidationError(
            {
                "purpose": "Cel partnerstwa odrzucony przez usługę.",
                "__all__": "Partnerstwo ma już zamknięty okres sprawozdawczy.",
            }
        )

    monkeypatch.setattr(services, "partnership_save", refuse)
    with schema_context(tenant_a.schema_name):
        partnership, member, _organisation = linked_partnership()
        data = partnership_form(partnership, member)
        data["purpose"] = "Cel, którego usługa nie przyjmie."

    response = admin_a.post(f"/admin/partnerships/partnerships/edit/{partnership.pk}/", data)

    assert response.status_code == 200
    assert "Cel partnerstwa odrzucony przez usługę." in response.text
    assert "Partnerstwo ma już zamknięty okres sprawozdawczy." in response.text
    with schema_context(tenant_a.schema_name):
        partnership.refresh_from_db()
        assert partnership.purpose != "Cel, którego usługa nie przyjmie."


def test_an_admin_create_saves_the_partners_through_the_service(tenant_a, admin_a, calls):
    with schema_context(tenant_a.schema_name):
        organisation = organisation_create(
            name="Centrum Integracji Społecznej", legal_form="cis", status="published"
        )
    data = {
        "title": "Projekt z panelu",
        "slug": "projekt-z-panelu",
        "status": "ongoing",
        "priority_axis": "9",
        "action": "9.3",
        "sub_action": "9.3.2",
        "total_budget": "1000.00",
        "co_financing": "800.00",
        **management("partners", total=1),
        "partners-0-id": "",
        "partners-0-ORDER": "1",
        "partners-0-organisation": str(organisation.pk),
        "partners-0-name": "",
        "partners-0-role": "leader",
        "partners-0-country": "PL",
        "partners-0-role_description": "",
    }

    response = admin_a.post("/admin/partnerships/projects/add/", data)

    assert response.status_code == 302, response.text
    assert [name for name, _ in calls] == ["project_save"]
    with schema_context(tenant_a.schema_name):
        project = Project.objects.get(slug="projekt-z-panelu")
        assert project.total_budget == Decimal("1000.00")
        partner = ProjectPartner.objects.get(project=project)
        assert (partner.organisation_id, partner.name) == (organisation.pk, organisation.name)


def test_an_admin_create_refused_by_the_models_rules_saves_nothing(tenant_a, admin_a, calls):
    data = {
        "title": "Projekt z błędnym budżetem",
        "slug": "projekt-z-bledem",
        "status": "ongoing",
        "total_budget": "1000.00",
        "co_financing": "1200.00",
        **management("partners"),
    }

    response = admin_a.post("/admin/partnerships/projects/add/", data)

    assert response.status_code == 200
    assert "Dofinansowanie nie może być wyższe niż wartość projektu." in response.text
    with schema_context(tenant_a.schema_name):
        assert not Project.objects.filter(slug="projekt-z-bledem").exists()


def test_an_admin_delete_goes_through_the_service(tenant_a, admin_a, calls):
    with schema_context(tenant_a.schema_name):
        indicator = jobs_indicator(project=ses_project())

    response = admin_a.post(f"/admin/partnerships/indicators/delete/{indicator.pk}/")

    assert response.status_code == 302
    assert [name for name, _ in calls] == ["indicator_delete"]
    with schema_context(tenant_a.schema_name):
        assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_services_take_the_snapshot_in_one_place(tenant_a):
    """The models' clean() only checks that a party is named; the snapshot is the services'."""
    with schema_context(tenant_a.schema_name):
        _partnership, member, organisation = linked_partnership()
        member.name = ""
        member.full_clean()  # valid: linked to an organisation
        assert member.name == ""  # clean() takes no snapshot
        member.take_name_snapshot()
        assert member.name == organisation.name


def test_the_listing_bulk_delete_goes_through_the_service(tenant_a, admin_a, calls):
    with schema_context(tenant_a.schema_name):
        project = ses_project()
        first = jobs_indicator(project=project)
        second = jobs_indicator(project=project, name="Spółdzielnie socjalne")

    response = admin_a.post(
        f"/admin/bulk/partnerships/indicator/delete/?id={first.pk}&id={second.pk}"
    )

    assert response.status_code == 302
    assert [name for name, _ in calls] == ["indicator_delete", "indicator_delete"]
    with schema_context(tenant_a.schema_name):
        assert not Indicator.objects.filter(pk__in=[first.pk, second.pk]).exists()
