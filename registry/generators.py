"""Realistic fake organisations with valid NIP/REGON/KRS, for tests and benchmarks.

Deterministic for a given seed. Generated identifiers pass python-stdnum's checksums but are
random numbers: they are never presented as belonging to a real organisation.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from stdnum.pl import regon as stdnum_regon

from registry.models import LegalForm

_NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)

CITIES = [
    ("Częstochowa", "42-200", "2464011", 50.8118, 19.1203),
    ("Kłobuck", "42-100", "2406034", 50.9044, 18.9352),
    ("Myszków", "42-300", "2409011", 50.5752, 19.3221),
    ("Jędrzejów", "28-300", "2602034", 50.6389, 20.3036),
    ("Bydgoszcz", "85-001", "0461011", 53.1235, 18.0084),
    ("Kramsk", "62-511", "3010062", 52.2656, 18.4306),
    ("Kielce", "25-001", "2661011", 50.8661, 20.6286),
]
STREETS = ["Focha", "Legionów", "Śląska", "Piotrowskiego", "Kościuszki", "Żeromskiego", "Łąkowa"]
PREFIX = {
    LegalForm.FOUNDATION: "Fundacja",
    LegalForm.ASSOCIATION: "Stowarzyszenie",
    LegalForm.OSP: "Ochotnicza Straż Pożarna w",
    LegalForm.OSP_UNION: "Związek Ochotniczych Straży Pożarnych",
    LegalForm.SPORTS_CLUB: "Klub Sportowy",
    LegalForm.PUPILS_SPORTS_CLUB: "Uczniowski Klub Sportowy",
    LegalForm.SOCIAL_COOPERATIVE: "Spółdzielnia Socjalna",
    LegalForm.CIS: "Centrum Integracji Społecznej",
    LegalForm.KIS: "Klub Integracji Społecznej",
    LegalForm.ZAZ: "Zakład Aktywności Zawodowej",
    LegalForm.WTZ: "Warsztat Terapii Zajęciowej",
    LegalForm.NONPROFIT_COMPANY: "Spółka non-profit",
    LegalForm.OTHER: "Inicjatywa",
}
WORDS = [
    "Razem",
    "Nadzieja",
    "Światło",
    "Źródło",
    "Przyszłość",
    "Uśmiech",
    "Wspólna Droga",
    "Żółty Dom",
    "Zielona Łąka",
    "Pomocna Dłoń",
    "Orzeł",
    "Sokół",
    "Jurajska Przystań",
]


def make_nip(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = sum(w * d for w, d in zip(_NIP_WEIGHTS, digits, strict=True)) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def make_regon(rng: random.Random, *, long: bool = False) -> str:
    base = "".join(str(rng.randint(0, 9)) for _ in range(8))
    if long:
        nine = base + stdnum_regon.calc_check_digit(base)
        base = nine + "".join(str(rng.randint(0, 9)) for _ in range(4))
    return base + stdnum_regon.calc_check_digit(base)


def make_krs(rng: random.Random) -> str:
    return str(rng.randint(1, 999_999)).zfill(10)


def generate_organisations(n: int, *, seed: int = 2026, start: int = 0) -> Iterator[dict[str, Any]]:
    """Yield ``n`` dicts of organisation fields with unique, valid identifiers.

    Identifier uniqueness across the batch comes from embedding the running number: the KRS is
    the number itself, and NIP/REGON retry on collision.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible fake data, not security
    forms = list(LegalForm.values)
    seen_nip: set[str] = set()
    seen_regon: set[str] = set()
    for i in range(start, start + n):
        form = forms[i % len(forms)]
        city, postal, teryt, lat, lon = CITIES[rng.randrange(len(CITIES))]
        nip = make_nip(rng)
        while nip in seen_nip:
            nip = make_nip(rng)
        seen_nip.add(nip)
        regon = make_regon(rng, long=rng.random() < 0.1)
        while regon in seen_regon:
            regon = make_regon(rng)
        seen_regon.add(regon)
        word = WORDS[rng.randrange(len(WORDS))]
        yield {
            "name": f"{PREFIX[LegalForm(form)]} {word} {city} nr {i + 1}",
            "legal_form": form,
            "krs": str(i + 1).zfill(10),
            "nip": nip,
            "regon": regon,
            "is_opp": rng.random() < 0.1,
            "street": f"ul. {STREETS[rng.randrange(len(STREETS))]} {rng.randint(1, 120)}",
            "postal_code": postal,
            "city": city,
            "teryt": teryt,
            "latitude": f"{lat + rng.uniform(-0.03, 0.03):.6f}",
            "longitude": f"{lon + rng.uniform(-0.03, 0.03):.6f}",
            "employees": rng.randint(0, 40),
        }
