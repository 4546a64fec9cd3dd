"""Demo events of the demo tenants, from the seed pages (/work/shared/seeds/).

Run by the lead inside the tenant's schema: ``seed_demo_content(tenant)``. Idempotent: the
calendar is found (or created) under the home page and an event whose slug already exists is
left as it is. Where a seed gives no date, time or place, the value chosen here is marked as
approximate in the event's text (and explained in a comment), never presented as a fact.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from cms.events.choices import RepeatFrequency, Weekday, WeekdayOrdinal
from cms.events.models import EventIndexPage, EventPage
from cms.events.services import default_page_create, event_page_create

FOCHA = "ul. Focha 19/21, 42-217 Częstochowa"
JOWES_POINT = "Mobilny punkt JOWES – Częstochowskie Centrum Organizacji Pozarządowych"
JOWES = "Jurajski Ośrodek Wsparcia Ekonomii Społecznej"
UM_CZESTOCHOWA = "Gmina Miasto Częstochowa – Wydział Polityki Społecznej"
APPROXIMATE = "Termin orientacyjny — źródło nie podaje dokładnej daty."


def _paragraph(text: str) -> list[dict[str, Any]]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


DEMO_EVENTS: dict[str, list[dict[str, Any]]] = {
    "jowes": [
        {
            # Seed 000: "W każdy trzeci czwartek miesiąca", 16:30–18:30, three dated sessions.
            "slug": "czestochowska-akcja-liderow",
            "title": "Częstochowska Akcja Liderów (CAL)",
            "lead": "Comiesięczne dwugodzinne spotkania z przedstawicielami częstochowskich "
            "organizacji pozarządowych.",
            "body": _paragraph(
                "W każdy trzeci czwartek miesiąca jeden z pracowników JOWES zaprezentuje "
                "szkoleniowo konkretną formę pracy z własnej dziedziny."
            ),
            "start_date": date(2016, 1, 21),
            "start_time": time(16, 30),
            "end_time": time(18, 30),
            "place_name": JOWES_POINT,
            "place_address": FOCHA,
            "organiser": JOWES,
            "repeat_frequency": RepeatFrequency.MONTHLY,
            "repeat_ordinal": WeekdayOrdinal.THIRD,
            "repeat_weekday": Weekday.TH,
            "repeat_until": date(2016, 3, 31),
            "notes": [
                {
                    "date": date(2016, 1, 21),
                    "topic": "Jak przeprowadzić szkolenie?",
                    "speaker": "animator Justyna Całusińska",
                },
                {
                    "date": date(2016, 2, 18),
                    "topic": "Skuteczny newsletter w NGO",
                    "speaker": "doradca specjalistyczny ds. marketingu Zbyszko Kabziński",
                },
                {
                    "date": date(2016, 3, 17),
                    "topic": "Role w zespole zadaniowym",
                    "speaker": "animator Adam Morzyk",
                },
            ],
        },
        {
            # Seed 000: "Grupy spotykają się w pierwszym tygodniu każdego miesiąca", no day or
            # hour given. "First week of the month" is expressed as the first Tuesday (the
            # point is open until 17:00 on Tuesdays), i.e. FREQ=MONTHLY;BYDAY=+1TU — the same
            # days as FREQ=MONTHLY;BYMONTHDAY=1,...,7;BYDAY=TU. Hours and the end of the series
            # (June 2016) are assumptions, stated in the text.
            "slug": "grupy-wsparcia-tematycznego",
            "title": "Grupy wsparcia tematycznego",
            "lead": "Spotkania z moderatorem poświęcone tematyce jednej grupy docelowej "
            "częstochowskich organizacji pozarządowych.",
            "body": _paragraph(
                "Każda grupa spotyka się jeden raz w miesiącu, w pierwszym tygodniu miesiąca, "
                "by rozmawiać o sprawach swojego obszaru działań. Dzień tygodnia i godziny "
                "są orientacyjne — szczegóły w punkcie JOWES."
            ),
            "start_date": date(2016, 1, 5),
            "start_time": time(15, 0),
            "end_time": time(17, 0),
            "place_name": JOWES_POINT,
            "place_address": FOCHA,
            "organiser": JOWES,
            "repeat_frequency": RepeatFrequency.MONTHLY,
            "repeat_ordinal": WeekdayOrdinal.FIRST,
            "repeat_weekday": Weekday.TU,
            "repeat_until": date(2016, 6, 30),
        },
    ],
    "czestochowa": [
        # Seed 001 names these events but gives no dates: the dates below are plausible
        # choices (a June picnic, an autumn gala and forum) and each text says so. The European
        # Mobility Week really runs 16–22 September every year.
        {
            "slug": "rodzinny-piknik-organizacji-pozarzadowych",
            "title": "Rodzinny Piknik Organizacji Pozarządowych",
            "lead": "Promocja działań częstochowskich organizacji pozarządowych: bezpośredni "
            "kontakt liderów NGO z mieszkańcami miasta.",
            "body": _paragraph(
                "Piknik odbywa się co roku. " + APPROXIMATE + " Przyjęto pierwszą sobotę czerwca."
            ),
            "start_date": date(2019, 6, 1),
            "start_time": time(12, 0),
            "end_time": time(18, 0),
            "organiser": UM_CZESTOCHOWA,
            "repeat_frequency": RepeatFrequency.YEARLY,
            "repeat_ordinal": WeekdayOrdinal.FIRST,
            "repeat_weekday": Weekday.SA,
        },
        {
            "slug": "gala-ekonomii-spolecznej",
            "title": "Gala Ekonomii Społecznej",
            "lead": "Wręczenie nagród za działalność w organizacjach pozarządowych.",
            "body": _paragraph(APPROXIMATE),
            "start_date": date(2019, 11, 28),
            "start_time": time(17, 0),
            "end_time": time(20, 0),
            "organiser": UM_CZESTOCHOWA,
        },
        {
            "slug": "mini-forum-organizacji-pozarzadowych",
            "title": "Mini forum organizacji pozarządowych",
            "lead": "Omówienie sprawozdania z rocznego programu współpracy, wymiana "
            "doświadczeń, nowe pomysły i uwagi do pracy na rzecz organizacji.",
            "body": _paragraph(APPROXIMATE),
            "start_date": date(2019, 10, 17),
            "start_time": time(10, 0),
            "end_time": time(13, 0),
            "place_name": "Częstochowskie Centrum Organizacji Pozarządowych",
            "place_address": FOCHA,
            "organiser": UM_CZESTOCHOWA,
        },
        {
            "slug": "europejski-tydzien-zrownowazonego-transportu",
            "title": "Europejski Tydzień Zrównoważonego Transportu",
            "lead": "Coroczna kampania promująca transport przyjazny dla mieszkańców.",
            "body": _paragraph("Kampania trwa co roku od 16 do 22 września."),
            "start_date": date(2019, 9, 16),
            "end_date": date(2019, 9, 22),
            "all_day": True,
            "organiser": UM_CZESTOCHOWA,
            "repeat_frequency": RepeatFrequency.YEARLY,
        },
    ],
    "bydgoszcz": [
        # Seed 003 (published 2013-05-29): "Odbyły się już trzy pierwsze seminaria … w Nakle,
        # Inowrocławiu i Brodnicy" — no dates. The dates below are approximate (May 2013,
        # before the 29th) and the text of each event says so.
        {
            "slug": f"seminarium-{town_slug}",
            "title": f"Seminarium „Od wykluczenia do zatrudnienia” – {town}",
            "lead": "Seminarium promujące rozwiązania Projektu Współpracy Ponadnarodowej "
            "„Od wykluczenia do zatrudnienia – adaptacja zawodowa osób w trudnej sytuacji "
            "życiowej”: model samorządowej spółdzielni socjalnej i dobre praktyki.",
            "body": _paragraph(
                "Data przybliżona — w materiałach źródłowych podano jedynie, że seminarium "
                "odbyło się przed 29 maja 2013 r. Szczegóły w Biurze Projektu, "
                "ul. Piotrowskiego 3/2, 85-098 Bydgoszcz, tel./fax 52 349 54 77."
            ),
            "start_date": day,
            "start_time": time(10, 0),
            "end_time": time(14, 0),
            "place_name": town,
            "organiser": "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych, Stowarzyszenie na "
            "rzecz Rozwoju Kobiet Gineka",
        }
        for town, town_slug, day in (
            ("Nakło nad Notecią", "naklo", date(2013, 5, 14)),
            ("Inowrocław", "inowroclaw", date(2013, 5, 21)),
            ("Brodnica", "brodnica", date(2013, 5, 27)),
        )
    ],
    "jedrzejow": [
        {
            # Seed 002: "5 kwietnia br." — the page is from 2017 (the partner project starts
            # on 1 June of the same year under RPO WŚ 2014-2020). No hours given: all day.
            "slug": "pierwsze-spotkanie-sygnatariuszy-porozumienia",
            "title": "Pierwsze spotkanie sygnatariuszy porozumienia trójsektorowego",
            "lead": "Spotkanie sygnatariuszy trójsektorowego porozumienia na rzecz rozwoju "
            "ekonomii społecznej w powiecie jędrzejowskim: diagnoza problemów społecznych "
            "i projekt partnerski.",
            "body": _paragraph(
                "Spotkali się przedstawiciele trzech sektorów: samorządowego, pozarządowego "
                "i biznesowego. Zaprezentowano projekt „Powiat jędrzejowski realizatorem "
                "innowacyjnych i wysokospecjalistycznych usług społecznych”."
            ),
            "start_date": date(2017, 4, 5),
            "all_day": True,
            "place_name": "Starostwo Powiatowe w Jędrzejowie",
            "organiser": "Regionalny Ośrodek Polityki Społecznej Urzędu Marszałkowskiego "
            "Województwa Świętokrzyskiego, Świętokrzyski Ośrodek Wsparcia Ekonomii Społecznej",
        },
        {
            # Seed 002: "Zaplanowano kolejne spotkanie" — no date; two months later is a guess.
            "slug": "kolejne-spotkanie-sygnatariuszy-porozumienia",
            "title": "Kolejne spotkanie sygnatariuszy porozumienia trójsektorowego",
            "lead": "Omówienie problemów społecznych powiatu jędrzejowskiego i możliwości "
            "ich rozwiązania.",
            "body": _paragraph(APPROXIMATE + " Termin zostanie potwierdzony przez organizatorów."),
            "start_date": date(2017, 6, 7),
            "all_day": True,
            "place_name": "Starostwo Powiatowe w Jędrzejowie",
            "organiser": "Regionalny Ośrodek Polityki Społecznej Urzędu Marszałkowskiego "
            "Województwa Świętokrzyskiego, Świętokrzyski Ośrodek Wsparcia Ekonomii Społecznej",
        },
    ],
}


def _calendar_for_site() -> EventIndexPage | None:
    from cms.models import HomePage

    home = HomePage.objects.order_by("path").first()
    if home is None:
        return None
    return EventIndexPage.objects.descendant_of(home).order_by(
        "path"
    ).first() or default_page_create(parent=home)


def seed_demo_content(tenant: Any) -> None:
    """Create the calendar and the demo events of ``tenant`` (run in its schema)."""
    specs = DEMO_EVENTS.get(tenant.slug)
    if not specs:
        return
    index = _calendar_for_site()
    if index is None:
        return
    existing = set(EventPage.objects.child_of(index).values_list("slug", flat=True))
    for spec in specs:
        if spec["slug"] in existing:
            continue
        event_page_create(index=index, **spec)
