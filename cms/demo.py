"""Demo content of the tenant sites, from the seed pages (../shared/seeds/). Idempotent.

Photos of the seed pages are not part of the seeds; the Jędrzejów gallery uses generated
illustrations, marked as such in their alt texts.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.images import ImageFile
from wagtail.models import Collection

from cms.models import CustomImage, GalleryImage, GalleryPage, HomePage, NewsIndexPage, NewsPage


def _p(*paragraphs: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


NEWS: dict[str, list[dict]] = {
    "czestochowa": [
        {
            "title": "Częstochowa – społecznie odpowiedzialny samorząd",
            "slug": "czestochowa-spolecznie-odpowiedzialny-samorzad",
            "date": dt.date(2020, 12, 15),
            "lead": "Miasto Częstochowa oraz 2 częstochowskie podmioty ekonomii społecznej zdobyły "
            "certyfikaty Znak Jakości Ekonomii Społecznej i Solidarnej 2020.",
            "body": _p(
                "Gmina Miasto Częstochowa zdobyło certyfikat w kategorii „Społecznie odpowiedzialny "
                "samorząd”, a Fundacja Oczami Brata zdobyła certyfikat w kategorii „Najlepszy "
                "Pracodawca” oraz Sztab Ratownictwa i Łączności w Częstochowie RESCUE TEAM "
                "w kategorii „Sukces Rynkowy”.",
                "W Częstochowie zarejestrowanych jest 931 (stan na dzień 22.10.2019) podmiotów "
                "ekonomii społecznej, status organizacji pożytku publicznego posiada 78 organizacji.",
                "Miasto jest współzałożycielem 5 spółdzielni socjalnych „Jasne, że…”; współpraca "
                "z JOWES zaowocowała utworzeniem 36 dotacyjnych miejsc pracy.",
            ),
        },
    ],
    "jowes": [
        {
            "title": "Mobilny punkt JOWES w Częstochowskim Centrum Organizacji Pozarządowych",
            "slug": "mobilny-punkt-jowes",
            "date": dt.date(2016, 1, 12),
            "lead": "Agencja Rozwoju Regionalnego oraz Urząd Miasta Częstochowy zawarły porozumienie "
            "w sprawie wspólnego utworzenia mobilnego punktu JOWES przy ul. Focha 19/21.",
            "body": [
                *_p(
                    "Zakres pomocy JOWES, oprócz usług doradczych i szkoleniowych, obejmuje wsparcie "
                    "finansowe dla przedsiębiorstw ekonomii społecznej.",
                    "Tych miejsc pracy w subregionie w spółdzielniach socjalnych ma powstać do "
                    "lipca 2018 r. 96 (w samym mieście 45).",
                ),
                (
                    "quote",
                    {
                        "quote": "Dla nas kluczowym i sztandarowym przedsięwzięciem jest tworzenie "
                        "miejsc pracy w podmiotach ekonomii społecznej.",
                        "author": "Marta Leżańska, kierownik JOWES",
                    },
                ),
            ],
        },
    ],
    "jedrzejow": [
        {
            "title": "Rozwijamy ekonomię społeczną w powiecie jędrzejowskim",
            "slug": "rozwijamy-ekonomie-spoleczna",
            "date": dt.date(2017, 4, 6),
            "lead": "5 kwietnia w Jędrzejowie odbyło się pierwsze spotkanie sygnatariuszy "
            "trójsektorowego porozumienia na rzecz rozwoju ekonomii społecznej.",
            "body": _p(
                "W siedzibie Starostwa Powiatowego w Jędrzejowie spotkali się przedstawiciele trzech "
                "sektorów: samorządowego, pozarządowego i biznesowego.",
                "Zaprezentowano projekt partnerski „Powiat jędrzejowski realizatorem innowacyjnych "
                "i wysokospecjalistycznych usług społecznych”, realizowany od 1 czerwca, którego "
                "liderem jest Fundacja Perspektywy i Rozwój.",
            ),
        },
    ],
    "bydgoszcz": [
        {
            "title": "Projekt Współpracy Ponadnarodowej „Od wykluczenia do zatrudnienia” rusza "
            "pełną parą!",
            "slug": "od-wykluczenia-do-zatrudnienia",
            "date": dt.date(2013, 5, 29),
            "lead": "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych wraz ze Stowarzyszeniem na rzecz "
            "Rozwoju Kobiet Gineka rozpoczęło kolejny projekt skierowany do osób długotrwale "
            "bezrobotnych.",
            "body": _p(
                "Partnerem ponadnarodowym projektu jest Federazione Trentina della Cooperazione.",
                "Odbyły się już trzy pierwsze seminaria w Nakle, Inowrocławiu i Brodnicy.",
            ),
        },
    ],
}


def _illustration(title: str, colour: tuple[int, int, int]) -> CustomImage:
    from PIL import Image as PILImage

    existing = CustomImage.objects.filter(title=title).first()
    if existing is not None:
        return existing
    buffer = io.BytesIO()
    PILImage.new("RGB", (960, 640), colour).save(buffer, format="PNG")
    image = CustomImage(
        title=title,
        description=f"{title} (ilustracja zastępcza – zdjęcia nie są częścią danych demonstracyjnych)",
        collection=Collection.get_first_root_node(),
    )
    image.file = ImageFile(
        io.BytesIO(buffer.getvalue()), name=f"{title.lower().replace(' ', '-')}.png"
    )
    image.save()
    return image


def seed_demo_content(tenant) -> None:
    """Add the seed news (and the Jędrzejów gallery) to the current tenant's site."""
    index = NewsIndexPage.objects.first()
    if index is None:
        return
    for spec in NEWS.get(tenant.slug, []):
        if NewsPage.objects.filter(slug=spec["slug"]).exists():
            continue
        page = NewsPage(**spec)
        index.add_child(instance=page)
        page.save_revision().publish()
    if tenant.slug == "jedrzejow" and not GalleryPage.objects.exists():
        home = HomePage.objects.first()
        gallery = GalleryPage(
            title="Galeria zdjęć: spotkanie partnerstwa",
            slug="galeria",
            intro="<p>Uczestnicy pierwszego spotkania sygnatariuszy porozumienia, 5 kwietnia.</p>",
            show_in_menus=True,
        )
        for i, colour in enumerate([(29, 79, 145), (138, 44, 13), (38, 38, 38)], start=1):
            gallery.gallery_images.add(
                GalleryImage(
                    image=_illustration(f"Uczestnicy spotkania {i}", colour),
                    caption="Uczestnicy spotkania",
                    sort_order=i,
                )
            )
        home.add_child(instance=gallery)
        gallery.save_revision().publish()
