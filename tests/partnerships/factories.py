"""Builders of partnerships, projects and their pages inside a tenant's schema."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from partnerships.demo import pages_create
from partnerships.models import Partnership, Project, Role, Sector
from partnerships.services import indicator_create, partnership_create, project_create


def home_page():
    from cms.models import HomePage

    return HomePage.objects.first()


def jedrzejow_partnership(**overrides: Any) -> Partnership:
    fields: dict[str, Any] = {
        "name": "Porozumienie trójsektorowe w powiecie jędrzejowskim",
        "slug": "porozumienie-jedrzejow",
        "kind": "tri_sector",
        "purpose": "Rozwój ekonomii społecznej w powiecie jędrzejowskim.",
        "area": ["2602"],
        "members": [
            {"name": "Regionalny Ośrodek Polityki Społecznej", "sector": Sector.PUBLIC},
            {"name": "Świętokrzyski OWES", "sector": Sector.NON_GOVERNMENTAL},
            {"name": "Przedsiębiorstwo Społeczne Sp. z o.o.", "sector": Sector.BUSINESS},
        ],
        "meetings": [
            {
                "date": date(2017, 4, 5),
                "title": "Pierwsze spotkanie sygnatariuszy",
                "place": "Starostwo Powiatowe w Jędrzejowie",
                "agenda": "Warsztat diagnozy",
            },
        ],
    }
    fields.update(overrides)
    return partnership_create(**fields)


def ses_project(**overrides: Any) -> Project:
    fields: dict[str, Any] = {
        "title": "Świętokrzyska Ekonomia Społeczna",
        "slug": "swietokrzyska-ekonomia-spoleczna",
        "programme": "RPO WŚ 2014-2020",
        "priority_axis": "9",
        "action": "9.3",
        "sub_action": "9.3.2",
        "fund": "EFS",
        "total_budget": Decimal("1234567.89"),
        "co_financing": Decimal("1049382.71"),
        "start_date": date(2016, 1, 1),
        "end_date": date(2018, 12, 31),
        "status": "finished",
        "partners": [
            {"name": "Regionalny Ośrodek Polityki Społecznej", "role": Role.LEADER},
            {"name": "Federazione Trentina della Cooperazione", "country": "IT"},
        ],
    }
    fields.update(overrides)
    return project_create(**fields)


def jobs_indicator(*, project=None, partnership=None, measurements=(), **overrides):
    fields: dict[str, Any] = {
        "name": "Miejsca pracy w spółdzielniach socjalnych w subregionie",
        "unit": "miejsca pracy",
        "target": Decimal(96),
        "target_date": date(2018, 7, 31),
        "area": ["2464", "2404"],
    }
    fields.update(overrides)
    return indicator_create(
        project=project, partnership=partnership, measurements=measurements, **fields
    )


def publish_pages(*, partnerships=(), projects=()):
    return pages_create(home=home_page(), partnerships=list(partnerships), projects=list(projects))
