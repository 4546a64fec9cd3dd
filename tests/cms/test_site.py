"""Tenant sites: default page tree, news and RSS, contact, accessibility statement, search,
sitemap/robots, settings validation, page cache and isolation."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.test import Client
from django_tenants.utils import schema_context
from PIL import Image as PILImage
from wagtail.images.forms import get_image_form
from wagtail.models import Collection, Page, Site

from cms.blocks import OfficeBlock, office_hours_text
from cms.models import (
    AccessibilityStatementPage,
    ContactPage,
    CustomImage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SiteSettings,
)
from cms.text import slugify_pl
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def _news(schema: str, title: str, *, date=dt.date(2020, 12, 15), lead="Zajawka.") -> NewsPage:
    with schema_context(schema):
        index = NewsIndexPage.objects.get()
        page = NewsPage(title=title, slug=slugify_pl(title), date=date, lead=lead)
        index.add_child(instance=page)
        page.save_revision().publish()
        return page


def test_provisioned_site_has_the_default_page_tree(tenant_a):
    with schema_context(tenant_a.schema_name):
        home = HomePage.objects.get()
        children = {p.title: type(p.specific).__name__ for p in home.get_children().live()}
        site = Site.objects.get()
        settings_obj = SiteSettings.for_site(site)

    assert children["Aktualności"] == "NewsIndexPage"
    assert children["Kontakt"] == "ContactPage"
    assert children["Deklaracja dostępności"] == "AccessibilityStatementPage"
    assert site.hostname == "czestochowa.test.localhost"
    assert site.is_default_site is False
    assert settings_obj.address == "ul. Focha 19/21\n42-217 Częstochowa"


def test_news_list_page_and_rss_feed(tenant_a, client_a):
    _news(
        tenant_a.schema_name,
        "Znak Jakości Ekonomii Społecznej i Solidarnej 2020",
        lead="Miasto i dwa podmioty zdobyły certyfikaty.",
    )
    _news(tenant_a.schema_name, "Gala Ekonomii Społecznej", date=dt.date(2021, 1, 10))

    listing = client_a.get("/aktualnosci/")
    assert listing.status_code == 200
    titles = re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', listing.text)
    assert titles == [
        "Gala Ekonomii Społecznej",
        "Znak Jakości Ekonomii Społecznej i Solidarnej 2020",
    ]

    detail = client_a.get("/aktualnosci/znak-jakosci-ekonomii-spolecznej-i-solidarnej-2020/")
    assert detail.status_code == 200
    assert "<h1>Znak Jakości Ekonomii Społecznej i Solidarnej 2020</h1>" in detail.text
    assert '<time datetime="2020-12-15">15 grudnia 2020</time>' in detail.text

    feed = client_a.get("/aktualnosci/rss/")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(feed.content).find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [
        "Gala Ekonomii Społecznej",
        "Znak Jakości Ekonomii Społecznej i Solidarnej 2020",
    ]
    assert items[1].findtext("description") == "Miasto i dwa podmioty zdobyły certyfikaty."
    assert items[1].findtext("link") == (
        "http://czestochowa.test.localhost/aktualnosci/"
        "znak-jakosci-ekonomii-spolecznej-i-solidarnej-2020/"
    )
    assert channel.findtext("language") == "pl"


def test_news_of_another_tenant_never_appear(tenant_a, tenant_b, client_a):
    _news(tenant_b.schema_name, "Kanarek z Bydgoszczy")

    assert "Kanarek" not in client_a.get("/aktualnosci/").text
    assert "Kanarek" not in client_a.get("/aktualnosci/rss/").text
    assert client_a.get("/aktualnosci/kanarek-z-bydgoszczy/").status_code == 404
    assert "Kanarek" not in client_a.get("/szukaj/?q=kanarek").text


def test_page_query_counts_are_pinned(tenant_a, client_a, django_assert_max_num_queries, settings):
    """Rendering cost without the page cache (the cached path is pinned below)."""
    settings.PAGE_CACHE_SECONDS = 0
    _news(tenant_a.schema_name, "Aktualność do liczenia zapytań")
    client_a.get("/")  # routing cache warm
    for url, limit in (
        ("/", 12),
        ("/aktualnosci/", 15),
        ("/aktualnosci/aktualnosc-do-liczenia-zapytan/", 16),
    ):
        with django_assert_max_num_queries(limit):
            assert client_a.get(url, HTTP_COOKIE="").status_code == 200


def test_anonymous_pages_are_cached_per_tenant_and_dropped_on_publish(
    tenant_a, client_a, client_b, django_assert_max_num_queries
):
    assert client_a.get("/aktualnosci/").status_code == 200
    with django_assert_max_num_queries(1):  # served from the cache
        cached = client_a.get("/aktualnosci/")
    assert cached.status_code == 200
    assert "Czestochowa" not in client_b.get("/aktualnosci/").text  # B has its own entry

    _news(tenant_a.schema_name, "Świeża aktualność")

    assert "Świeża aktualność" in client_a.get("/aktualnosci/").text


def test_contact_page_shows_grouped_office_hours_and_schema_org(tenant_a, client_a):
    with schema_context(tenant_a.schema_name):
        page = ContactPage.objects.get()
        page.offices = [
            (
                "office",
                {
                    "name": "Wydział Polityki Społecznej",
                    "street": "ul. Focha 19/21",
                    "postal_code": "42-217",
                    "city": "Częstochowa",
                    "phones": ["34 370 74 80", "34 370 74 97"],
                    "emails": ["ngo@czestochowa.um.gov.pl"],
                    "hours": [
                        {
                            "day": d,
                            "opens": dt.time(7, 30),
                            "closes": dt.time(17 if d == "1" else 15, 30 if d != "1" else 0),
                        }
                        for d in ("0", "1", "2", "3", "4")
                    ],
                    "note": "",
                },
            )
        ]
        page.save_revision().publish()

    response = client_a.get("/kontakt/")

    assert response.status_code == 200
    text = re.sub(r"\s+", " ", response.text)
    assert "<dt>poniedziałek, środa, czwartek, piątek</dt><dd>7:30–15:30</dd>" in text
    assert "<dt>wtorek</dt><dd>7:30–17:00</dd>" in text
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S).group(
            1
        )
    )
    assert data[0]["address"]["postalCode"] == "42-217"
    assert data[0]["telephone"] == ["34 370 74 80", "34 370 74 97"]
    assert data[0]["openingHoursSpecification"][1] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Tuesday",
        "opens": "07:30",
        "closes": "17:00",
    }


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"postal_code": "42217"}, "00-000"),
        (
            {"hours": [{"day": "0", "opens": dt.time(15, 30), "closes": dt.time(7, 30)}]},
            "po otwarciu",
        ),
        (
            {"hours": [{"day": "0", "opens": dt.time(7), "closes": dt.time(8)}] * 2},
            "tylko raz",
        ),
    ],
)
def test_office_block_refuses_bad_input(override, message):
    block = OfficeBlock()
    value = {
        "name": "Biuro",
        "street": "ul. Piotrowskiego 3/2",
        "postal_code": "85-098",
        "city": "Bydgoszcz",
        "phones": [],
        "emails": [],
        "hours": [],
        "note": "",
    }
    value.update(override)
    with pytest.raises(ValidationError) as excinfo:
        block.clean(block.to_python(block.get_prep_value(block.to_python(value))))
    assert message in json.dumps(excinfo.value.as_json_data(), ensure_ascii=False)


def test_office_hours_text_groups_days():
    hours = [
        {"day": str(d), "opens": dt.time(7, 30), "closes": dt.time(15, 30)} for d in (0, 2, 3, 4)
    ]
    hours.append({"day": "1", "opens": dt.time(7, 30), "closes": dt.time(17, 0)})
    assert office_hours_text(hours) == [
        ("poniedziałek, środa, czwartek, piątek", "7:30–15:30"),
        ("wtorek", "7:30–17:00"),
    ]


def test_accessibility_statement_has_the_required_structure(client_a):
    response = client_a.get("/deklaracja-dostepnosci/")

    assert response.status_code == 200
    for element_id in (
        "a11y-wstep",
        "a11y-podmiot",
        "a11y-url",
        "a11y-data-publikacja",
        "a11y-data-aktualizacja",
        "a11y-status",
        "a11y-data-sporzadzenie",
        "a11y-kontakt",
        "a11y-email",
        "a11y-procedura",
    ):
        assert f'id="{element_id}"' in response.text, element_id
    assert "Częstochowa – społecznie odpowiedzialny samorząd" in response.text
    assert "częściowo zgodna" in response.text


def test_accessibility_statement_validation(tenant_a):
    with schema_context(tenant_a.schema_name):
        page = AccessibilityStatementPage.objects.get()
        page.updated_on = page.published_on - dt.timedelta(days=1)
        page.non_accessible_content = ""
        with pytest.raises(ValidationError) as excinfo:
            page.full_clean()
    errors = excinfo.value.message_dict
    assert errors["updated_on"] == ["Aktualizacja nie może być wcześniejsza niż publikacja strony."]
    assert "wymień treści niedostępne" in errors["non_accessible_content"][0]


@pytest.mark.parametrize(
    ("field", "colour", "message"),
    [
        ("primary_colour", "#ffff00", "Za mały kontrast z białym tekstem"),
        ("accent_colour", "#aaaaaa", "Za mały kontrast z białym tłem"),
        ("primary_colour", "zielony", "#RRGGBB"),
    ],
)
def test_site_colours_are_checked_for_contrast(tenant_a, field, colour, message):
    with schema_context(tenant_a.schema_name):
        obj = SiteSettings.for_site(Site.objects.get())
        setattr(obj, field, colour)
        with pytest.raises(ValidationError) as excinfo:
            obj.full_clean()
    assert any(message in m for m in excinfo.value.message_dict[field])


def test_images_require_alt_text(tenant_a):
    with schema_context(tenant_a.schema_name):
        form_class = get_image_form(CustomImage)
        form = form_class(
            data={"title": "Zdjęcie", "collection": Collection.get_first_root_node().pk},
            files={"file": _png_upload()},
        )
        assert not form.is_valid()
        assert "description" in form.errors


def _png_upload(name="uczestnicy.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (29, 79, 145)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_an_image_of_one_tenant_is_not_served_by_another(tenant_a, client_a, client_b):
    with schema_context(tenant_a.schema_name):
        image = CustomImage(
            title="Uczestnicy spotkania",
            description="Uczestnicy spotkania",
            collection=Collection.get_first_root_node(),
        )
        image.file = ImageFile(_png_upload(), name="uczestnicy.png")
        image.save()
        url = image.file.url

    assert url.startswith("/media/t_czestochowa/original_images/")
    assert client_a.get(url).status_code == 200
    assert client_b.get(url).status_code == 404
    assert client_b.get(url.replace("t_czestochowa", "t_bydgoszcz")).status_code == 404


def test_site_search_folds_polish_diacritics(tenant_a, client_a):
    _news(
        tenant_a.schema_name,
        "Częstochowska Akcja Liderów",
        lead="Spotkania w każdy trzeci czwartek.",
    )

    for query in ("czestochowska", "CZĘSTOCHOWSKA", "czestoch lider", "Częstochowska Akcja"):
        response = client_a.get("/szukaj/", {"q": query})
        assert response.status_code == 200
        assert "Częstochowska Akcja Liderów</a>" in response.text, query
    assert "Znaleziono: 0" in client_a.get("/szukaj/", {"q": "zzzyyy"}).text


@pytest.mark.parametrize("query", ["!!!", "a & b | !c", "x" * 500, "'; DROP TABLE x; --"])
def test_site_search_survives_bad_input(client_a, query):
    response = client_a.get("/szukaj/", {"q": query})
    assert response.status_code == 200
    if len(query) > 200:
        assert "Zapytanie jest za długie" in response.text


def test_unpublished_pages_leave_the_search_index(tenant_a, client_a):
    page = _news(tenant_a.schema_name, "Piknik Organizacji Pozarządowych")
    assert "Piknik Organizacji" in client_a.get("/szukaj/", {"q": "piknik"}).text
    with schema_context(tenant_a.schema_name):
        Page.objects.get(pk=page.pk).specific.unpublish()
    assert "Piknik Organizacji" not in client_a.get("/szukaj/", {"q": "piknik"}).text


def test_sitemap_and_robots_are_per_tenant(client_a, client_b):
    sitemap = client_a.get("/sitemap.xml")
    assert sitemap.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap.content.decode())
    assert "http://czestochowa.test.localhost/kontakt/" in locations
    assert all(loc.startswith("http://czestochowa.test.localhost/") for loc in locations)

    robots = client_b.get("/robots.txt")
    assert robots.status_code == 200
    assert "Sitemap: http://bydgoszcz.test.localhost/sitemap.xml" in robots.text
    assert "Disallow: /admin/" in robots.text


def test_editors_cannot_open_another_tenants_admin(client_a):
    from tests.conftest import ADMIN_PASSWORD

    assert (
        client_a.post(
            "/admin/login/",
            {"username": "admin@czestochowa.example.pl", "password": ADMIN_PASSWORD},
        ).status_code
        == 302
    )
    other = Client(HTTP_HOST=host_of("bydgoszcz"))
    other.cookies = client_a.cookies
    response = other.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_document_of_one_tenant_is_not_served_by_another(tenant_a, client_a, client_b):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    with schema_context(tenant_a.schema_name):
        document = get_document_model().objects.create(
            title="Porozumienie ARR i UM Częstochowy",
            file=ContentFile(b"%PDF-1.4 porozumienie", name="porozumienie.pdf"),
            collection=Collection.get_first_root_node(),
        )
        url = document.url

    own = client_a.get(url)
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == b"%PDF-1.4 porozumienie"
    assert client_b.get(url).status_code == 404


def test_cached_pages_never_cross_tenants(tenant_a, client_a, client_b):
    _news(tenant_a.schema_name, "Tylko w Częstochowie")
    assert "Tylko w Częstochowie" in client_a.get("/aktualnosci/").text  # cached for A
    assert "Tylko w Częstochowie" in client_a.get("/aktualnosci/").text  # from the cache

    response = client_b.get("/aktualnosci/")  # same path, other tenant

    assert response.status_code == 200
    assert "Tylko w Częstochowie" not in response.text
    assert "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych" in response.text
