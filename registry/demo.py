"""Demo organisations of each demo tenant, from the seed pages (../shared/seeds/).

Only what the seed pages say: names, legal forms where the name or the page states them,
addresses and phones where given, the city as co-founder, the 2020 certificates. Identifiers
(KRS/NIP/REGON) of these real organisations are left empty rather than invented.
Idempotent: each organisation carries ``external_ids["demo"]`` and is created once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tenants.utils import tenant_context

from registry.models import LegalForm, Organisation, OrganisationStatus
from registry.services import organisation_create

CITY_CZ = {"city": "Częstochowa", "teryt": "2464011"}
CITY_FOUNDER = "Gmina Miasto Częstochowa (współzałożyciel)"
QUALITY_MARK = "Znak Jakości Ekonomii Społecznej i Solidarnej"

_JASNE = [
    (
        "jasne-ze-bus",
        "Spółdzielnia Socjalna „Jasne, że bus”",
        "Jasne, że bus",
        "Usługi transportowe na rzecz osób z niepełnosprawnością.",
        ["rynek-pracy-sprawy-spoleczne"],
    ),
    (
        "jasne-ze-manufaktura",
        "Spółdzielnia Socjalna „Jasne, że manufaktura”",
        "Jasne, że manufaktura",
        "Usługi krawieckie.",
        ["gospodarka"],
    ),
    (
        "jasne-ze-dom-i-wnetrze",
        "Spółdzielnia Socjalna „Jasne, że dom i wnętrze”",
        "Jasne, że dom i wnętrze",
        "Renowacja mebli, usługi transportowe oraz remontowo-budowlane.",
        ["gospodarka"],
    ),
    (
        "jasne-ze-alternatywa-21",
        "Spółdzielnia Socjalna „Jasne, że alternatywa 21”",
        "Jasne, że alternatywa 21",
        "Klubokawiarnia prowadzona przez osoby z niepełnosprawnościami.",
        ["rynek-pracy-sprawy-spoleczne", "kultura-i-sztuka"],
    ),
    (
        "jasne-ze-zmiana",
        "Spółdzielnia Socjalna „Jasne, że zmiana”",
        "Jasne, że zmiana",
        "Usługi opiekuńcze dla mieszkańców miasta.",
        ["rynek-pracy-sprawy-spoleczne", "ochrona-zdrowia"],
    ),
]

COOPERATIVES: list[dict[str, Any]] = [
    {
        "key": key,
        "name": name,
        "short_name": short,
        "legal_form": LegalForm.SOCIAL_COOPERATIVE,
        "description": description,
        "founders": CITY_FOUNDER,
        "areas": areas,
        **CITY_CZ,
    }
    for key, name, short, description, areas in _JASNE
]

CZESTOCHOWA: list[dict[str, Any]] = [
    *COOPERATIVES,
    {
        "key": "fundacja-oczami-brata",
        "name": "Fundacja Oczami Brata",
        "legal_form": LegalForm.FOUNDATION,
        "areas": ["rynek-pracy-sprawy-spoleczne"],
        "certificates": [{"name": QUALITY_MARK, "category": "Najlepszy Pracodawca", "year": 2020}],
        **CITY_CZ,
    },
    {
        "key": "rescue-team",
        "name": "Sztab Ratownictwa i Łączności w Częstochowie RESCUE TEAM",
        "short_name": "RESCUE TEAM",
        "legal_form": LegalForm.OTHER,
        "areas": ["ratownictwo-i-bezpieczenstwo"],
        "certificates": [{"name": QUALITY_MARK, "category": "Sukces Rynkowy", "year": 2020}],
        **CITY_CZ,
    },
    {
        "key": "cis-czestochowa",
        "name": "Centrum Integracji Społecznej w Częstochowie",
        "short_name": "CIS Częstochowa",
        "legal_form": LegalForm.CIS,
        "description": "Samorządowy zakład budżetowy: reintegracja zawodowa i społeczna osób "
        "wykluczonych społecznie, pracownia komputerowa i cateringowa.",
        "founders": "Gmina Miasto Częstochowa (założyciel)",
        "street": "ul. Legionów 50 A",
        "areas": ["rynek-pracy-sprawy-spoleczne", "edukacja-i-wychowanie"],
        **CITY_CZ,
    },
]

DEMO_ORGANISATIONS: dict[str, list[dict[str, Any]]] = {
    "czestochowa": CZESTOCHOWA,
    # JOWES helped create the city's social cooperatives and serves the city.
    "jowes": COOPERATIVES,
    "jedrzejow": [
        {
            "key": "fundacja-perspektywy-i-rozwoj",
            "name": "Fundacja Perspektywy i Rozwój",
            "legal_form": LegalForm.FOUNDATION,
            "description": "Lider projektu „Powiat jędrzejowski realizatorem innowacyjnych "
            "i wysokospecjalistycznych usług społecznych”.",
            "areas": ["rynek-pracy-sprawy-spoleczne"],
        }
    ],
    "bydgoszcz": [
        {
            "key": "stowarzyszenie-na-rzecz-spoldzielni-socjalnych",
            "name": "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych",
            "legal_form": LegalForm.ASSOCIATION,
            "street": "ul. Piotrowskiego 3/2",
            "postal_code": "85-098",
            "city": "Bydgoszcz",
            "teryt": "0461011",
            "phone": "52 349 54 77",
            "website": "http://www.spoldzielnie.org",
            "areas": ["rynek-pracy-sprawy-spoleczne", "gospodarka"],
        },
        {
            "key": "gineka",
            "name": "Stowarzyszenie na rzecz Rozwoju Kobiet Gineka",
            "short_name": "Gineka",
            "legal_form": LegalForm.ASSOCIATION,
            "areas": ["rynek-pracy-sprawy-spoleczne"],
        },
        {
            "key": "razem-do-sukcesu",
            "name": "Spółdzielnia Socjalna „Razem do sukcesu”",
            "legal_form": LegalForm.SOCIAL_COOPERATIVE,
            "city": "Kramsk",
            "description": "Samorządowa spółdzielnia socjalna zatrudniająca podopiecznych "
            "ośrodków pomocy społecznej.",
            "founders": "Gminny Ośrodek Pomocy Społecznej w Kramsku (zaangażowany w powstanie)",
            "areas": ["rynek-pracy-sprawy-spoleczne"],
        },
    ],
}


def seed_demo_content(tenant) -> int:
    """Create the tenant's demo organisations (published); returns how many were created."""
    created = 0
    with tenant_context(tenant), transaction.atomic():
        for spec in DEMO_ORGANISATIONS.get(tenant.slug, []):
            fields = dict(spec)
            key = fields.pop("key")
            if Organisation.all_objects.filter(external_ids__contains={"demo": key}).exists():
                continue
            organisation_create(
                status=OrganisationStatus.PUBLISHED,
                source="demo",
                external_ids={"demo": key},
                **fields,
            )
            created += 1
    return created
