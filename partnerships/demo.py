"""Demo partnerships, agreements, projects and indicators, from the seed pages
(/work/shared/seeds/), with their public pages under the tenant's home page.

Only what the seeds say: budgets, numbers, start dates and roles the pages do not give are
left empty (or at the neutral default "partner"). Where a seed gives only an approximate
date (the Bydgoszcz seminars "already took place" by 29 May 2013), the meeting is marked
``date_is_approximate``. A planned meeting without a date is stored without one.
Registry organisations are linked by name when the tenant's registry has them.
Idempotent: partnerships and projects have fixed slugs and are created once; pages likewise.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django_tenants.utils import tenant_context
from wagtail.models import Page

from partnerships.models import (
    Agreement,
    Fund,
    Indicator,
    Partnership,
    PartnershipKind,
    PartnershipPage,
    Project,
    ProjectIndexPage,
    ProjectPage,
    ProjectStatus,
    Role,
    Sector,
)
from partnerships.services import (
    agreement_create,
    indicator_create,
    partnership_create,
    project_create,
)

ROPS = "Regionalny Ośrodek Polityki Społecznej Urzędu Marszałkowskiego Województwa Świętokrzyskiego"
OWES_SW = "Świętokrzyski Ośrodek Wsparcia Ekonomii Społecznej"
FPR = "Fundacja Perspektywy i Rozwój"
ARR = "Agencja Rozwoju Regionalnego"
GMINA_CZ = "Gmina Miasto Częstochowa"
CIS_CZ = "Centrum Integracji Społecznej w Częstochowie"
SNRSS = "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych"
GINEKA = "Stowarzyszenie na rzecz Rozwoju Kobiet Gineka"
FTC = "Federazione Trentina della Cooperazione"
RPO_WSL = "RPO WSL 2014-2020"
SUBREGION = ["2464", "2404", "2409", "2406"]  # Częstochowa city + three counties (JOWES)

JEDRZEJOW_PARTNERSHIP: dict[str, Any] = {
    "slug": "porozumienie-trojsektorowe-powiat-jedrzejowski",
    "name": "Trójsektorowe porozumienie na rzecz rozwoju ekonomii społecznej w powiecie "
    "jędrzejowskim",
    "kind": PartnershipKind.TRI_SECTOR,
    "purpose": "Rozwój ekonomii społecznej w powiecie jędrzejowskim: współpraca sektorów "
    "samorządowego, pozarządowego i biznesowego, diagnoza problemów społecznych powiatu i "
    "program usług społecznych.",
    "area": ["2602"],
    "members": [
        {"name": ROPS, "sector": Sector.PUBLIC},
        {"name": OWES_SW, "sector": Sector.OTHER},
    ],
    "meetings": [
        {
            "date": date(2017, 4, 5),
            "title": "Pierwsze spotkanie sygnatariuszy porozumienia",
            "place": "Starostwo Powiatowe w Jędrzejowie",
            "agenda": "Przyszłe działania w ramach porozumienia, przede wszystkim opracowanie "
            "diagnozy podstawowych kwestii społecznych powiatu jędrzejowskiego; prezentacja "
            "projektu partnerskiego „Powiat jędrzejowski realizatorem innowacyjnych i "
            "wysokospecjalistycznych usług społecznych”; warsztat.",
            "minutes": "Diagnoza będzie podstawą programu usług społecznych, wyznaczenia "
            "miejsca ekonomii społecznej i korzystania ze środków EFS w ramach RPO WŚ "
            "2014-2020. W części warsztatowej członkowie partnerstwa określili swoje "
            "oczekiwania i korzyści ze współpracy wielosektorowej. Zaplanowano kolejne "
            "spotkanie.",
        },
        {
            "date": None,
            "title": "Kolejne spotkanie partnerstwa",
            "agenda": "Problemy społeczne powiatu jędrzejowskiego i możliwości ich rozwiązania.",
        },
    ],
}

JOWES_PARTNERSHIP: dict[str, Any] = {
    "slug": "wspolpraca-gminy-czestochowa-z-jowes",
    "name": "Współpraca Gminy Miasto Częstochowa z Jurajskim Ośrodkiem Wsparcia Ekonomii "
    "Społecznej",
    "kind": PartnershipKind.LOCAL,
    "purpose": "Wspólna platforma współpracy, przestrzeń i warunki do rozwoju ekonomii "
    "społecznej na terenie miasta Częstochowy; Gmina włączyła JOWES we wszystkie tworzone "
    "partnerstwa lokalne i branżowe.",
    "area": SUBREGION,
    "members": [
        {"name": GMINA_CZ, "sector": Sector.PUBLIC},
        {"name": f"{ARR} (prowadzi JOWES)", "sector": Sector.OTHER},
    ],
}

JOWES_AGREEMENT: dict[str, Any] = {
    "title": "Porozumienie w sprawie wspólnego utworzenia mobilnego punktu JOWES",
    "scope": "Usługi doradztwa ogólnego, biznesowego i specjalistycznego (marketingowego, "
    "prawnego, księgowego), wsparcie techniczne (zaplecze lokalowe i infrastruktura "
    "biurowa), działania informacyjno-promocyjne, animacyjne i szkoleniowe.",
    "established": "Mobilny punkt Jurajskiego Ośrodka Wsparcia Ekonomii Społecznej w "
    "pomieszczeniach Częstochowskiego Centrum Organizacji Pozarządowych, ul. Focha 19/21, "
    "Częstochowa.",
    "parties": [{"name": ARR}, {"name": f"{GMINA_CZ} (Urząd Miasta Częstochowy)"}],
}

JOWES_INDICATORS: list[dict[str, Any]] = [
    {
        "name": "Miejsca pracy w spółdzielniach socjalnych w subregionie",
        "unit": "miejsca pracy",
        "target": Decimal(96),
        "target_date": date(2018, 7, 31),
        "area": SUBREGION,
    },
    {
        "name": "Miejsca pracy w spółdzielniach socjalnych w Częstochowie",
        "unit": "miejsca pracy",
        "target": Decimal(45),
        "target_date": date(2018, 7, 31),
        "area": ["2464011"],
    },
]

CITY_JOBS_INDICATOR: dict[str, Any] = {
    "name": "Dotacyjne miejsca pracy w spółdzielniach socjalnych współtworzonych przez Gminę",
    "unit": "miejsca pracy",
    "target": Decimal(36),
    "area": ["2464011"],
    # The portal states the result without a date; 22.10.2019 is the date of its figures.
    "measurements": [
        {
            "date": date(2019, 10, 22),
            "value": Decimal(36),
            "note": "Utworzono 36 dotacyjnych miejsc pracy (data orientacyjna: stan portalu).",
        }
    ],
}

SES_PROJECT: dict[str, Any] = {
    "slug": "swietokrzyska-ekonomia-spoleczna",
    "title": "Świętokrzyska Ekonomia Społeczna",
    "programme": "RPO WŚ 2014-2020",
    "priority_axis": "9",
    "action": "9.3",
    "sub_action": "9.3.2",
    "fund": Fund.EFS,
    "end_date": date(2018, 12, 31),
    "status": ProjectStatus.FINISHED,
    "summary": "Projekt pozakonkursowy: rozwój sektora ekonomii społecznej w zakresie "
    "kreowania nowych miejsc pracy poprzez upowszechnianie, promocję i budowanie współpracy "
    "międzysektorowej do końca 2018 roku. Oś priorytetowa 9 Włączenie społeczne i walka z "
    "ubóstwem, Działanie 9.3 Wspieranie ekonomii i przedsiębiorczości społecznej, "
    "Poddziałanie 9.3.2 Koordynacja działań na rzecz ekonomii społecznej.",
    "partners": [{"name": ROPS, "role": Role.LEADER}],
}

JEDRZEJOW_PROJECT: dict[str, Any] = {
    "slug": "powiat-jedrzejowski-realizatorem-uslug-spolecznych",
    "title": "Powiat jędrzejowski realizatorem innowacyjnych i wysokospecjalistycznych usług "
    "społecznych",
    "start_date": date(2017, 6, 1),
    "summary": "Projekt partnerski realizowany na terenie powiatu jędrzejowskiego; jeden z "
    "dwóch projektów z całego województwa pozytywnie ocenionych i wybranych do "
    "dofinansowania.",
    "partners": [{"name": FPR, "role": Role.LEADER}],
}

CZESTOCHOWA_PROJECTS: list[dict[str, Any]] = [
    {
        "slug": "stare-miasto-nowe-zycie",
        "title": "Stare Miasto – Nowe Życie",
        "programme": RPO_WSL,
        "start_date": date(2018, 1, 2),
        "summary": "Wzmocnienie aktywności społecznej i zawodowej osób wykluczonych i "
        "zagrożonych wykluczeniem; indywidualne ścieżki wsparcia uczestników.",
        "partners": [{"name": CIS_CZ, "role": Role.PARTNER}],
    },
    {
        "slug": "czestochowa-silna-dzielnicami",
        "title": "Częstochowa Silna Dzielnicami",
        "programme": RPO_WSL,
        "start_date": date(2018, 4, 2),
        "summary": "Wzrost aktywności osób wykluczonych i zagrożonych wykluczeniem na "
        "terenach zdegradowanych i peryferyjnych Częstochowy; działania w Dzielnicowych "
        "Ośrodkach Społeczności Lokalnej, Szkoła Budżetu Domowego.",
    },
    {
        "slug": "schematom-stop",
        "title": "Schematom STOP! Wspólne działania instytucji pomocy społecznej i instytucji "
        "rynku pracy – pilotaż",
        "fund": Fund.EFS,
        "summary": "Wsparcie rodzin, które mają problem pogodzenia funkcji "
        "opiekuńczo-wychowawczych i zawodowych, z udziałem Mobilnej Grupy Interdyscyplinarnej.",
        "target_groups": "Rodziny, w których osoby pełnoletnie pozostają w długotrwałym "
        "bezrobociu, korzystające ze świadczeń pomocy społecznej z tytułu ubóstwa; rodziny "
        "wielodzietne.",
    },
    {
        "slug": "internet-przyszloscia-cyfrowego-swiata",
        "title": "Internet przyszłością cyfrowego świata – przeciwdziałanie wykluczeniu "
        "cyfrowemu w Gminie Częstochowa",
        "programme": "PO IG 2007-2013",
        "fund": Fund.EFRR,
        "end_date": date(2015, 12, 17),
        "status": ProjectStatus.FINISHED,
        "summary": "Pracownia komputerowa w siedzibie Centrum Integracji Społecznej przy "
        "ul. Legionów 50 A. Projekt zakończyła konferencja podsumowująca 17 grudnia 2015 r. "
        "w sali sesyjnej Urzędu Miasta.",
        "partners": [{"name": CIS_CZ, "role": Role.PARTNER}],
    },
    {
        "slug": "wzmocnienie-potencjalu-cis-czestochowa",
        "title": "Wzmocnienie potencjału Centrów Integracji Społecznej na terenie Miasta "
        "Częstochowy",
        "programme": RPO_WSL,
        "fund": Fund.EFS,
        "summary": "Projekt konkursowy dotyczący utworzenia pracowni cateringowej.",
        "partners": [{"name": CIS_CZ, "role": Role.PARTNER}],
    },
    {
        "slug": "uruchomienie-cis-czestochowa",
        "title": "Uruchomienie i prowadzenie samorządowego zakładu budżetowego Centrum "
        "Integracji Społecznej w Częstochowie",
        "fund": Fund.REGIONAL,
        "summary": "Projekt współfinansowany ze środków Województwa Śląskiego.",
    },
]

BYDGOSZCZ_PARTNERSHIP: dict[str, Any] = {
    "slug": "od-wykluczenia-do-zatrudnienia-partnerstwo",
    "name": "Partnerstwo ponadnarodowe projektu „Od wykluczenia do zatrudnienia”",
    "kind": PartnershipKind.TRANSNATIONAL,
    "purpose": "Wsparcie jednostek samorządu terytorialnego z województwa "
    "kujawsko-pomorskiego w opracowywaniu i wdrażaniu innowacyjnych modeli rozwiązywania "
    "lokalnych problemów społecznych.",
    "area": ["04"],
    "members": [
        {"name": SNRSS, "sector": Sector.NON_GOVERNMENTAL, "role": Role.LEADER},
        {"name": GINEKA, "sector": Sector.NON_GOVERNMENTAL},
        {"name": FTC, "sector": Sector.OTHER, "country": "IT"},
    ],
    # "Odbyły się już trzy pierwsze seminaria" (news of 29 May 2013): dates approximate.
    "meetings": [
        {
            "date": date(2013, 5, 1),
            "date_is_approximate": True,
            "title": f"Seminarium promujące rozwiązania projektu – {town}",
            "place": town,
            "agenda": "Model samorządowej spółdzielni socjalnej, dobre praktyki, możliwości "
            "wsparcia w projekcie.",
        }
        for town in ("Nakło", "Inowrocław", "Brodnica")
    ],
}

BYDGOSZCZ_PROJECT: dict[str, Any] = {
    "slug": "od-wykluczenia-do-zatrudnienia",
    "title": "Od wykluczenia do zatrudnienia – adaptacja zawodowa osób w trudnej sytuacji życiowej",
    "summary": "Projekt Współpracy Ponadnarodowej skierowany do osób długotrwale "
    "bezrobotnych; wsparcie merytoryczne Partnera Ponadnarodowego.",
    "target_groups": "Osoby długotrwale bezrobotne; jednostki samorządu terytorialnego "
    "województwa kujawsko-pomorskiego.",
    "partners": [
        {"name": SNRSS, "role": Role.LEADER},
        {"name": GINEKA, "role": Role.PARTNER},
        {
            "name": FTC,
            "role": Role.PARTNER,
            "country": "IT",
            "role_description": "wsparcie merytoryczne (Federacja Spółdzielczości Prowincji "
            "Trentino)",
        },
    ],
}


def _link(spec: dict[str, Any]) -> dict[str, Any]:
    """Link a party to the registry organisation of the same name, when there is one."""
    from registry.models import Organisation

    fields = dict(spec)
    organisation = Organisation.objects.filter(name=fields.get("name", "")).first()
    if organisation is not None:
        fields["organisation"] = organisation
    return fields


def _partnership(spec: dict[str, Any]) -> Partnership:
    existing = Partnership.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    fields = dict(spec)
    fields["members"] = [_link(m) for m in fields.get("members", [])]
    return partnership_create(**fields)


def _project(spec: dict[str, Any], *, partnership: Partnership | None = None) -> Project:
    existing = Project.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    fields = dict(spec)
    fields["partners"] = [_link(p) for p in fields.get("partners", [])]
    return project_create(partnership=partnership, **fields)


def _indicator(spec: dict[str, Any], **owner: Any) -> None:
    if not Indicator.objects.filter(name=spec["name"], **owner).exists():
        indicator_create(**owner, **spec)


def _jowes_cooperation(*, with_city_jobs: bool) -> Partnership:
    partnership = _partnership(JOWES_PARTNERSHIP)
    if not Agreement.objects.filter(title=JOWES_AGREEMENT["title"]).exists():
        fields = dict(JOWES_AGREEMENT)
        fields["parties"] = [_link(p) for p in fields["parties"]]
        agreement_create(partnership=partnership, **fields)
    for spec in JOWES_INDICATORS:
        _indicator(spec, partnership=partnership)
    if with_city_jobs:
        _indicator(CITY_JOBS_INDICATOR, partnership=partnership)
    return partnership


def _content(slug: str) -> tuple[list[Partnership], list[Project]]:
    if slug == "jedrzejow":
        partnership = _partnership(JEDRZEJOW_PARTNERSHIP)
        projects = [
            _project(JEDRZEJOW_PROJECT, partnership=partnership),
            _project(SES_PROJECT),
        ]
        return [partnership], projects
    if slug == "jowes":
        return [_jowes_cooperation(with_city_jobs=False)], []
    if slug == "czestochowa":
        partnership = _jowes_cooperation(with_city_jobs=True)
        return [partnership], [_project(spec) for spec in CZESTOCHOWA_PROJECTS]
    if slug == "bydgoszcz":
        partnership = _partnership(BYDGOSZCZ_PARTNERSHIP)
        return [partnership], [_project(BYDGOSZCZ_PROJECT, partnership=partnership)]
    return [], []


INDEX_TITLE = "Projekty i partnerstwa"
INDEX_SLUG = "projekty"


def _publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def pages_create(*, home: Page, partnerships: list[Partnership], projects: list[Project]):
    """The project index under ``home`` and a page per partnership and project (idempotent)."""
    index = ProjectIndexPage.objects.child_of(home).first()
    if index is None:
        index = _publish_child(
            home,
            ProjectIndexPage(
                title=INDEX_TITLE,
                slug=INDEX_SLUG,
                intro="<p>Projekty realizowane z partnerami i partnerstwa, w których "
                "uczestniczymy.</p>",
                show_in_menus=True,
            ),
        )
    have_partnerships = set(
        PartnershipPage.objects.child_of(index).values_list("partnership_id", flat=True)
    )
    for partnership in partnerships:
        if partnership.pk not in have_partnerships:
            _publish_child(
                index,
                PartnershipPage(
                    title=partnership.name, slug=partnership.slug, partnership=partnership
                ),
            )
    have_projects = set(ProjectPage.objects.child_of(index).values_list("project_id", flat=True))
    for project in projects:
        if project.pk not in have_projects:
            _publish_child(
                index, ProjectPage(title=project.title, slug=project.slug, project=project)
            )
    return index


def seed_demo_content(tenant) -> None:
    """Create the tenant's demo partnerships, projects, indicators and their public pages."""
    from cms.models import HomePage

    with tenant_context(tenant), transaction.atomic():
        partnerships, projects = _content(tenant.slug)
        if not partnerships and not projects:
            return
        home = HomePage.objects.first()
        if home is not None:
            pages_create(home=home, partnerships=partnerships, projects=projects)
