"""Demo tenants built from the seed pages this platform replaces (../shared/seeds/).

Names, addresses, phones and office hours are those the seed pages give; where a seed gives
none (the Jędrzejów county office's address), the field is left empty rather than invented.
"""

from __future__ import annotations

from typing import Any

DEMO_TENANTS: list[dict[str, Any]] = [
    {
        "slug": "czestochowa",
        "name": "Częstochowa – społecznie odpowiedzialny samorząd",
        "kind": "municipality",
        "teryt_code": "2464011",
        "served_units": ["2464011"],
        "contact": {
            # "Redakcja portalu" in the footer of pps.czestochowa.pl
            "street": "ul. Focha 19/21 pok. 29 i 46",
            "postal_code": "42-217",
            "city": "Częstochowa",
            "phones": ["+48 34 3707 480", "+48 34 3707 773", "+48 34 3707 493"],
            "email": "redakcjapps@czestochowa.um.gov.pl",
            "office_hours": [{"day": d, "opens": "07:30", "closes": "17:00"} for d in range(5)],
        },
    },
    {
        "slug": "jowes",
        "name": "Jurajski Ośrodek Wsparcia Ekonomii Społecznej",
        "kind": "regional_centre",
        # Run by Agencja Rozwoju Regionalnego; serves the city and three counties.
        "teryt_code": "2464",
        "served_units": ["2464", "2404", "2409", "2406"],
        "contact": {
            # The mobile JOWES point in the Częstochowa NGO centre (Wydział Polityki Społecznej)
            "street": "ul. Focha 19/21",
            "postal_code": "42-217",
            "city": "Częstochowa",
            "phones": ["34 370 74 80", "34 370 74 97"],
            "email": "ngo@czestochowa.um.gov.pl",
            "office_hours": [
                {"day": 0, "opens": "07:30", "closes": "15:30"},
                {"day": 1, "opens": "07:30", "closes": "17:00"},
                {"day": 2, "opens": "07:30", "closes": "15:30"},
                {"day": 3, "opens": "07:30", "closes": "15:30"},
                {"day": 4, "opens": "07:30", "closes": "15:30"},
            ],
        },
    },
    {
        "slug": "jedrzejow",
        "name": "Ekonomia społeczna w powiecie jędrzejowskim",
        "kind": "county",
        # Tri-sector partnership of the county, organised by ROPS (Urząd Marszałkowski
        # Województwa Świętokrzyskiego) and the Świętokrzyski OWES.
        "teryt_code": "2602",
        "served_units": ["2602"],
        "contact": {"city": "Jędrzejów"},
    },
    {
        "slug": "bydgoszcz",
        "name": "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych",
        "kind": "association",
        "teryt_code": "0461011",
        "served_units": ["04"],
        "contact": {
            # Biuro Projektu "Od wykluczenia do zatrudnienia"
            "street": "ul. Piotrowskiego 3/2",
            "postal_code": "85-098",
            "city": "Bydgoszcz",
            "phones": ["52 349 54 77"],
            "website": "http://www.spoldzielnie.org",
        },
    },
]
