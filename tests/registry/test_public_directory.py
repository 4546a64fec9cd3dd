"""The public organisation directory over HTTP: list, filters, search, detail, map and GeoJSON,
statistics, the 1.5% page; bad input, tenant isolation and pinned query counts.

The lead mounts ``registry.urls`` at "organizacje/" in config/urls_tenants.py; these tests use
config/urls_tenants.py, which mounts it before Wagtail's catch-all.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django_tenants.utils import tenant_context

from registry.models import Organisation, OrganisationStatus
from registry.selectors import organisation_statistics, organisation_statistics_sentence
from registry.services import organisation_delete

pytestmark = pytest.mark.django_db

P, S, A = OrganisationStatus.PUBLISHED, OrganisationStatus.SUBMITTED, OrganisationStatus.ARCHIVED
PUBLIC_URLS = [
    "/organizacje/",
    "/organizacje/?q=czestochowa",
    "/organizacje/mapa/",
    "/organizacje/mapa.geojson",
    "/organizacje/statystyki/",
    "/organizacje/1-5-procent/",
]


@pytest.fixture
def orgs(tenant_a, make_org) -> dict[str, Organisation]:
    """Tenant A's register: four published organisations and three that must never show."""
    made = {
        "oczami": make_org(
            tenant_a,
            name="Fundacja Oczami Brata",
            legal_form="fundacja",
            krs="0000411111",
            nip="7251801126",
            is_opp=True,
            opp_since=date(2015, 3, 1),
            street="ul. Focha 19/21",
            postal_code="42-217",
            city="Częstochowa",
            latitude="50.811800",
            longitude="19.120300",
            email="biuro@oczamibrata.example.pl",
            employees=12,
            areas=["rynek-pracy-sprawy-spoleczne"],
            certificates=[
                {
                    "name": "Znak Jakości Ekonomii Społecznej i Solidarnej",
                    "category": "Najlepszy Pracodawca",
                    "year": 2020,
                }
            ],
        ),
        "laczy": make_org(
            tenant_a,
            name="Stowarzyszenie Łączy Nas Sport",
            legal_form="stowarzyszenie",
            krs="0000422222",
            is_opp=True,
            city="Kłobuck",
            areas=["sport-turystyka-rekreacja-hobby"],
        ),
        "bus": make_org(
            tenant_a,
            name="Spółdzielnia Socjalna „Jasne, że bus”",
            legal_form="spoldzielnia_socjalna",
            city="Częstochowa",
            street="ul. Wręczycka 1",
            postal_code="42-200",
            latitude="50.820000",
            longitude="19.100000",
            founders="Gmina Miasto Częstochowa (współzałożyciel)",
            subsidised_jobs=6,
            areas=["gospodarka", "rynek-pracy-sprawy-spoleczne"],
            certificates=[{"name": "Zielony Certyfikat", "year": 2019}],
        ),
        "uks": make_org(
            tenant_a,
            name="Ćwiczymy Razem UKS",
            legal_form="uks",
            is_opp=True,  # an OPP without a KRS number: not on the 1.5% page
            city="Mykanów",
            latitude="50.900000",
            longitude="19.200000",
            areas=["sport-turystyka-rekreacja-hobby"],
        ),
        "submitted": make_org(
            tenant_a,
            status=S,
            name="Fundacja Zgłoszona Częstochowa",
            legal_form="fundacja",
            krs="0000433333",
            is_opp=True,
            city="Częstochowa",
            latitude="50.8",
            longitude="19.1",
        ),
        "archived": make_org(
            tenant_a,
            status=A,
            name="Fundacja Zarchiwizowana Częstochowa",
            legal_form="fundacja",
            krs="0000444444",
            is_opp=True,
            city="Częstochowa",
            latitude="50.8",
            longitude="19.1",
        ),
        "deleted": make_org(
            tenant_a,
            name="Fundacja Usunięta Częstochowa",
            legal_form="fundacja",
            krs="0000455555",
            is_opp=True,
            city="Częstochowa",
            latitude="50.8",
            longitude="19.1",
            certificates=[{"name": "Usunięty certyfikat", "year": 2020}],
        ),
    }
    with tenant_context(tenant_a):
        organisation_delete(organisation=made["deleted"])
    return made


HIDDEN = ("Zgłoszona", "Zarchiwizowana", "Usunięta", "Kanarek")


def _names(html: str) -> list[str]:
    """Organisation names in the result cards, in page order."""
    return re.findall(r'<h3><a href="/organizacje/\d+-[\w-]+/">([^<]+)</a></h3>', html)


def _status(html: str) -> str:
    match = re.search(r'<p role="status" class="registry-count">([^<]+)</p>', html)
    assert match, "no role=status count"
    return match.group(1)


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


# --- list, filters, search -------------------------------------------------------------


def test_list_shows_published_organisations_in_polish_folded_order(client_a, orgs, canary_b):
    response = client_a.get("/organizacje/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert [_unescape(n) for n in _names(html)] == [
        "Ćwiczymy Razem UKS",
        "Fundacja Oczami Brata",
        "Spółdzielnia Socjalna „Jasne, że bus”",
        "Stowarzyszenie Łączy Nas Sport",
    ]
    assert _status(html) == "Znaleziono: 4 organizacje."
    for hidden in HIDDEN:
        assert hidden not in html
    # The filter form: labelled fields, fieldsets with legends, GET.
    assert 'method="get"' in html
    assert '<label for="id_q">Szukaj organizacji</label>' in html
    assert "<legend>Forma prawna</legend>" in html
    assert "<legend>Obszar działalności</legend>" in html
    assert '<label for="id_legal_form_0">fundacja</label>' in html
    assert '<label for="id_opp">Organizacja pożytku publicznego (OPP)</label>' in html
    # Exports are for editors only.
    assert "eksport" not in html.lower()
    # Every provisioned site has the "Zgłoś organizację" form page; the list links to it.
    assert '<a href="/zglos-organizacje/">Zgłoś organizację</a>' in html
    assert "/admin/" not in html.replace('href="/admin/"', "")


@pytest.mark.parametrize(
    ("params", "expected", "count"),
    [
        ({"legal_form": "fundacja"}, ["Fundacja Oczami Brata"], "1 organizacja"),
        (
            {"legal_form": ["fundacja", "stowarzyszenie"]},
            ["Fundacja Oczami Brata", "Stowarzyszenie Łączy Nas Sport"],
            "2 organizacje",
        ),
        (
            {"area": "sport-turystyka-rekreacja-hobby"},
            ["Ćwiczymy Razem UKS", "Stowarzyszenie Łączy Nas Sport"],
            "2 organizacje",
        ),
        (
            {"opp": "tak"},
            ["Ćwiczymy Razem UKS", "Fundacja Oczami Brata", "Stowarzyszenie Łączy Nas Sport"],
            "3 organizacje",
        ),
        ({"opp": "nie"}, ["Spółdzielnia Socjalna „Jasne, że bus”"], "1 organizacja"),
        (
            {"certified": "tak"},
            ["Fundacja Oczami Brata", "Spółdzielnia Socjalna „Jasne, że bus”"],
            "2 organizacje",
        ),
        (
            {"certified": "nie"},
            ["Ćwiczymy Razem UKS", "Stowarzyszenie Łączy Nas Sport"],
            "2 organizacje",
        ),
        (
            {"area": "rynek-pracy-sprawy-spoleczne", "certified": "tak", "opp": "tak"},
            ["Fundacja Oczami Brata"],
            "1 organizacja",
        ),
        ({"legal_form": "cis"}, [], "0 organizacji"),
    ],
)
def test_filters_give_exact_results(client_a, orgs, canary_b, params, expected, count):
    response = client_a.get("/organizacje/", params)

    html = response.content.decode()
    assert response.status_code == 200
    assert [_unescape(n) for n in _names(html)] == expected
    assert _status(html) == f"Znaleziono: {count}."
    assert "registry-problems" not in html


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("czestochowa", ["Fundacja Oczami Brata", "Spółdzielnia Socjalna „Jasne, że bus”"]),
        ("CZĘSTOCHOWA", ["Fundacja Oczami Brata", "Spółdzielnia Socjalna „Jasne, że bus”"]),
        ("laczy", ["Stowarzyszenie Łączy Nas Sport"]),
        ("Łączy sport", ["Stowarzyszenie Łączy Nas Sport"]),
        ("cwicz", ["Ćwiczymy Razem UKS"]),
        ("jasne ze", ["Spółdzielnia Socjalna „Jasne, że bus”"]),
        ("0000422222", ["Stowarzyszenie Łączy Nas Sport"]),
        ("7251801126", ["Fundacja Oczami Brata"]),
        ("kanarek", []),
        ("zgloszona", []),
    ],
)
def test_search_folds_polish_diacritics(client_a, orgs, canary_b, q, expected):
    response = client_a.get("/organizacje/", {"q": q})

    html = response.content.decode()
    assert [_unescape(n) for n in _names(html)] == expected
    assert f'name="q" id="id_q" value="{q}"' in _unescape(html)


def test_search_and_filters_combine_and_links_keep_them(client_a, orgs):
    response = client_a.get("/organizacje/", {"q": "czestochowa", "certified": "tak", "opp": "nie"})

    html = _unescape(response.content.decode())
    assert _names(html) == ["Spółdzielnia Socjalna „Jasne, że bus”"]
    assert 'href="/organizacje/mapa/?q=czestochowa&opp=nie&certified=tak"' in html
    assert '<option value="tak" selected>tak</option>' in html


def test_pagination_keeps_filters_and_counts_everything(client_a, tenant_a, make_org):
    for i in range(23):
        make_org(tenant_a, name=f"Fundacja Numer {i:02d}", legal_form="fundacja", city="Blachownia")
    make_org(tenant_a, name="Stowarzyszenie Poza Filtrem", legal_form="stowarzyszenie")

    first = client_a.get("/organizacje/", {"legal_form": "fundacja"}).content.decode()
    second = client_a.get("/organizacje/", {"legal_form": "fundacja", "strona": "2"})
    second_html = second.content.decode()

    assert _status(first) == "Znaleziono: 23 organizacje (strona 1 z 2)."
    assert _names(first) == [f"Fundacja Numer {i:02d}" for i in range(20)]
    assert '<a href="?legal_form=fundacja&amp;strona=2" rel="next">' in first
    assert _names(second_html) == [f"Fundacja Numer {i:02d}" for i in range(20, 23)]
    assert '<a href="?legal_form=fundacja&amp;strona=1" rel="prev">' in second_html


# --- bad input ---------------------------------------------------------------------------


def test_unknown_filter_values_give_a_clear_message_not_an_error(client_a, orgs):
    response = client_a.get(
        "/organizacje/",
        {
            "legal_form": ["fundacja", "xyz"],
            "area": "nie-ma-takiego",
            "opp": "może",
            "certified": "<script>",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    # Known values still narrow the list; the unknown ones are named.
    assert _names(html) == ["Fundacja Oczami Brata"]
    assert 'role="alert"' in html
    text = _unescape(html)
    assert "Nieznana forma prawna: „xyz”." in text
    assert "Nieznany obszar działalności: „nie-ma-takiego”." in text
    assert "Nie wszystkie filtry dało się zastosować – pokazujemy wyniki bez nich:" in text
    assert (
        "Filtr „Organizacja pożytku publicznego (OPP)” przyjmuje wartości „tak” albo „nie” "
        "(podano „może”)."
    ) in text
    assert (
        "Filtr „Ma certyfikat jakości lub nagrodę” przyjmuje wartości „tak” albo „nie” "
        "(podano „<script>”)."
    ) in text
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize(
    ("strona", "names_from", "message"),
    [
        ("abc", 0, "Numer strony „abc” jest niepoprawny – pokazujemy pierwszą stronę."),
        ("-3", 0, "Numer strony „-3” jest niepoprawny – pokazujemy pierwszą stronę."),
        ("0", 0, "Numer strony „0” jest niepoprawny – pokazujemy pierwszą stronę."),
        ("1e9", 0, "Numer strony „1e9” jest niepoprawny – pokazujemy pierwszą stronę."),
        ("99", 20, "Nie ma strony 99: lista ma 2 strony – pokazujemy ostatnią."),
        ("9" * 40, 20, f"Nie ma strony {'9' * 40}: lista ma 2 strony – pokazujemy ostatnią."),
    ],
)
def test_garbled_page_numbers_fall_back_with_a_message(
    client_a, tenant_a, make_org, strona, names_from, message
):
    for i in range(21):
        make_org(tenant_a, name=f"Fundacja Numer {i:02d}", legal_form="fundacja")

    response = client_a.get("/organizacje/", {"strona": strona})

    assert response.status_code == 200
    html = _unescape(response.content.decode())
    assert message in html
    assert _names(html)[0] == f"Fundacja Numer {names_from:02d}"


def test_too_long_query_is_cut_with_a_message(client_a, orgs):
    response = client_a.get("/organizacje/", {"q": "łączy " + "x" * 300})

    assert response.status_code == 200
    html = _unescape(response.content.decode())
    assert (
        "Wyszukiwane słowa są za długie (najwyżej 200 znaków) – szukamy według pierwszych 200."
    ) in html
    assert _names(html) == []


def test_post_is_not_allowed(client_a, orgs):
    assert client_a.post("/organizacje/").status_code == 405
    assert client_a.post("/organizacje/mapa.geojson").status_code == 405


# --- detail ------------------------------------------------------------------------------


def test_detail_page_shows_everything_and_json_ld(client_a, orgs):
    org = orgs["oczami"]
    response = client_a.get(f"/organizacje/{org.pk}-fundacja-oczami-brata/")

    assert response.status_code == 200
    html = response.content.decode()
    text = _unescape(html)
    assert html.count("<h1>") == 1
    assert "<h1>Fundacja Oczami Brata</h1>" in html
    for fragment in [
        "<dt>KRS</dt><dd>0000411111</dd>",
        "<dt>NIP</dt><dd>7251801126</dd>",
        '<dd>tak, od <time datetime="2015-03-01">1 marca 2015</time></dd>',
        "<dt>Liczba zatrudnionych</dt><dd>12</dd>",
        "<li>rynek pracy i sprawy społeczne</li>",
        "<li>Znak Jakości Ekonomii Społecznej i Solidarnej 2020, kategoria "
        "„Najlepszy Pracodawca”</li>",
        "<p>ul. Focha 19/21, 42-217 Częstochowa</p>",
        '<a href="mailto:biuro@oczamibrata.example.pl">',
    ]:
        assert fragment in text
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Fundacja Oczami Brata",
        "url": f"http://czestochowa.test.localhost/organizacje/{org.pk}-fundacja-oczami-brata/",
        "email": "biuro@oczamibrata.example.pl",
        "taxID": "7251801126",
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "PL",
            "streetAddress": "ul. Focha 19/21",
            "postalCode": "42-217",
            "addressLocality": "Częstochowa",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": 50.8118, "longitude": 19.1203},
        "identifier": [
            {"@type": "PropertyValue", "propertyID": "KRS", "value": "0000411111"},
            {"@type": "PropertyValue", "propertyID": "NIP", "value": "7251801126"},
        ],
        "numberOfEmployees": {"@type": "QuantitativeValue", "value": 12},
        "knowsAbout": ["rynek pracy i sprawy społeczne"],
        "award": [
            "Znak Jakości Ekonomii Społecznej i Solidarnej, kategoria „Najlepszy Pracodawca” (2020)"
        ],
    }


def test_detail_json_ld_cannot_break_out_of_the_script(client_a, tenant_a, make_org):
    org = make_org(tenant_a, name="Fundacja </script><script>alert(1)</script>")

    html = client_a.get(f"/organizacje/{org.pk}/", follow=True).content.decode()

    head = html.split("</head>", 1)[0]
    assert "<script>alert(1)" not in head
    assert "\\u003C/script\\u003E" in head


def test_detail_founders_and_jobs(client_a, orgs):
    org = orgs["bus"]
    html = _unescape(client_a.get(f"/organizacje/{org.pk}/", follow=True).content.decode())

    assert "<dt>Założyciele</dt><dd>Gmina Miasto Częstochowa (współzałożyciel)</dd>" in html
    assert "<dt>Utworzone dotowane miejsca pracy</dt><dd>6</dd>" in html


@pytest.mark.parametrize(
    "path",
    ["/organizacje/{pk}/", "/organizacje/{pk}-stara-nazwa/"],
)
def test_detail_redirects_to_the_canonical_address(client_a, orgs, path):
    org = orgs["laczy"]

    response = client_a.get(path.format(pk=org.pk))

    assert response.status_code == 301
    assert response["Location"] == f"/organizacje/{org.pk}-stowarzyszenie-laczy-nas-sport/"


@pytest.mark.parametrize("key", ["submitted", "archived", "deleted"])
def test_detail_is_404_for_organisations_not_public(client_a, orgs, key):
    org = orgs[key]
    assert client_a.get(f"/organizacje/{org.pk}/").status_code == 404
    assert client_a.get(f"/organizacje/{org.pk}-fundacja/").status_code == 404


def test_detail_is_404_for_an_id_known_only_to_another_tenant(
    client_a, client_b, tenant_a, tenant_b, make_org
):
    # Make sure the id is free in tenant A: create in B until its id is above A's highest.
    with tenant_context(tenant_a):
        top_a = Organisation.all_objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    canary = make_org(tenant_b, name="Kanarek Bydgoski", legal_form="fundacja")
    while canary.pk <= top_a:
        canary = make_org(tenant_b, name=f"Kanarek Bydgoski {canary.pk}", legal_form="fundacja")

    response = client_a.get(f"/organizacje/{canary.pk}/")

    assert response.status_code == 404
    assert "Kanarek" not in response.content.decode()
    # The canary's own tenant shows it.
    assert client_b.get(f"/organizacje/{canary.pk}/", follow=True).status_code == 200


# --- map and GeoJSON ---------------------------------------------------------------------


def test_geojson_is_a_valid_feature_collection_of_published_points(client_a, orgs, canary_b):
    response = client_a.get("/organizacje/mapa.geojson")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    oczami, bus, uks = orgs["oczami"], orgs["bus"], orgs["uks"]
    assert data["features"] == [
        {
            "type": "Feature",
            "id": uks.pk,
            "geometry": {"type": "Point", "coordinates": [19.2, 50.9]},
            "properties": {
                "name": "Ćwiczymy Razem UKS",
                "legal_form": "uks",
                "legal_form_label": "uczniowski klub sportowy",
                "address": "Mykanów",
                "url": f"/organizacje/{uks.pk}-cwiczymy-razem-uks/",
            },
        },
        {
            "type": "Feature",
            "id": oczami.pk,
            "geometry": {"type": "Point", "coordinates": [19.1203, 50.8118]},
            "properties": {
                "name": "Fundacja Oczami Brata",
                "legal_form": "fundacja",
                "legal_form_label": "fundacja",
                "address": "ul. Focha 19/21, 42-217 Częstochowa",
                "url": f"/organizacje/{oczami.pk}-fundacja-oczami-brata/",
            },
        },
        {
            "type": "Feature",
            "id": bus.pk,
            "geometry": {"type": "Point", "coordinates": [19.1, 50.82]},
            "properties": {
                "name": "Spółdzielnia Socjalna „Jasne, że bus”",
                "legal_form": "spoldzielnia_socjalna",
                "legal_form_label": "spółdzielnia socjalna",
                "address": "ul. Wręczycka 1, 42-200 Częstochowa",
                "url": f"/organizacje/{bus.pk}-spoldzielnia-socjalna-jasne-ze-bus/",
            },
        },
    ]
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180
        assert -90 <= lat <= 90


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"opp": "tak"}, ["Ćwiczymy Razem UKS", "Fundacja Oczami Brata"]),
        ({"certified": "tak"}, ["Fundacja Oczami Brata", "Spółdzielnia Socjalna „Jasne, że bus”"]),
        ({"legal_form": "spoldzielnia_socjalna"}, ["Spółdzielnia Socjalna „Jasne, że bus”"]),
        ({"area": "sport-turystyka-rekreacja-hobby"}, ["Ćwiczymy Razem UKS"]),
        ({"q": "częstochowa", "opp": "nie"}, ["Spółdzielnia Socjalna „Jasne, że bus”"]),
        ({"q": "kanarek"}, []),
    ],
)
def test_geojson_honours_the_list_filters(client_a, orgs, canary_b, params, expected):
    data = json.loads(client_a.get("/organizacje/mapa.geojson", params).content)

    assert [f["properties"]["name"] for f in data["features"]] == expected


def test_geojson_refuses_unknown_filter_values_with_a_polish_message(client_a, orgs):
    response = client_a.get("/organizacje/mapa.geojson", {"legal_form": "xyz", "opp": "1"})

    assert response.status_code == 400
    assert json.loads(response.content) == {
        "errors": [
            "Nieznana forma prawna: „xyz”.",
            "Filtr „Organizacja pożytku publicznego (OPP)” przyjmuje wartości „tak” albo "
            "„nie” (podano „1”).",
        ]
    }


def test_map_page_works_without_javascript_and_reads_the_tile_settings(client_a, orgs, settings):
    settings.REGISTRY_MAP_TILE_URL = "https://kafelki.example.pl/{z}/{x}/{y}.png"
    settings.REGISTRY_MAP_ATTRIBUTION = "© Kafelki Przykładowe"

    response = client_a.get("/organizacje/mapa/", {"opp": "tak"})

    assert response.status_code == 200
    html = _unescape(response.content.decode())
    assert html.count("<h1>") == 1
    assert 'data-tile-url="https://kafelki.example.pl/{z}/{x}/{y}.png"' in html
    assert 'data-attribution="© Kafelki Przykładowe"' in html
    assert 'data-geojson-url="/organizacje/mapa.geojson?opp=tak"' in html
    # The map is hidden until the script shows it; the table carries the same data.
    assert re.search(r"<section [^>]*hidden data-registry-map", html)
    assert "<caption>Organizacje na mapie (2 organizacje)</caption>" in html
    rows = re.findall(r'<tr><th scope="row"><a href="[^"]+">([^<]+)</a></th>(.*?)</tr>', html)
    assert [name for name, _ in rows] == ["Ćwiczymy Razem UKS", "Fundacja Oczami Brata"]
    assert rows[1][1] == (
        "<td>fundacja</td><td>ul. Focha 19/21, 42-217 Częstochowa</td>"
        "<td>50,811800</td><td>19,120300</td>"
    )
    assert "/static/registry/vendor/leaflet/leaflet.js" in html
    assert "Spółdzielnia" not in html.split("<main", 1)[1]


def test_map_tile_url_has_a_default(client_a, orgs, settings):
    del settings.REGISTRY_MAP_TILE_URL
    del settings.REGISTRY_MAP_ATTRIBUTION

    html = _unescape(client_a.get("/organizacje/mapa/").content.decode())

    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert 'data-attribution="© autorzy OpenStreetMap (licencja ODbL)"' in html


# --- statistics --------------------------------------------------------------------------


def _table(html: str, caption: str) -> list[tuple[str, str, str]]:
    body = html.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]
    return [
        (re.sub(r"<[^>]+>", "", name), count, share)
        for name, count, share in re.findall(
            r'<tr><th scope="row">(.*?)</th><td>(\d+)</td><td>([^<]+)</td></tr>', body
        )
    ]


def test_statistics_match_the_data(client_a, tenant_a, orgs, canary_b):
    response = client_a.get("/organizacje/statystyki/")

    assert response.status_code == 200
    html = _unescape(response.content.decode())
    assert html.count("<h1>") == 1
    assert (
        "4 podmioty: 1 fundacja, 1 stowarzyszenie, 1 uczniowski klub sportowy, "
        "1 spółdzielnia socjalna; 3 z nich mają status organizacji pożytku publicznego, "
        "a 2 mają certyfikat jakości lub nagrodę."
    ) in html
    assert _table(html, "Organizacje w bazie – podsumowanie") == [
        ("Wszystkie organizacje", "4", "100,0%"),
        ("Organizacje pożytku publicznego (OPP)", "3", "75,0%"),
        ("Z certyfikatem jakości lub nagrodą", "2", "50,0%"),
    ]
    by_form = _table(html, "Liczba organizacji według formy prawnej")
    assert len(by_form) == 13
    assert by_form[:7] == [
        ("fundacja", "1", "25,0%"),
        ("stowarzyszenie", "1", "25,0%"),
        ("ochotnicza straż pożarna", "0", "0,0%"),
        ("związek ochotniczych straży pożarnych", "0", "0,0%"),
        ("klub sportowy", "0", "0,0%"),
        ("uczniowski klub sportowy", "1", "25,0%"),
        ("spółdzielnia socjalna", "1", "25,0%"),
    ]
    assert sum(int(count) for _, count, _ in by_form) == 4
    by_area = dict(
        (name, count)
        for name, count, _ in _table(html, "Liczba organizacji według obszaru działalności")
    )
    assert by_area["sport, turystyka, rekreacja i hobby"] == "2"
    assert by_area["rynek pracy i sprawy społeczne"] == "2"
    assert by_area["gospodarka"] == "1"
    assert by_area["kultura i sztuka"] == "0"
    # The page and the selector agree.
    with tenant_context(tenant_a):
        stats = organisation_statistics()
    assert stats["total"] == 4
    assert stats["opp"] == 3
    assert stats["certified"] == 2
    assert 'href="/organizacje/?legal_form=fundacja"' in html


def test_statistics_sentence_of_the_czestochowa_seed():
    counts = {
        "fundacja": 223,
        "stowarzyszenie": 37,
        "osp": 20,
        "zwiazek_osp": 3,
        "klub_sportowy": 47,
        "uks": 73,
        "spoldzielnia_socjalna": 14,
        "inne": 514,
    }
    stats = {
        "total": 931,
        "by_legal_form": [
            {"code": code, "label": code, "count": counts.get(code, 0)}
            for code in [
                "fundacja",
                "stowarzyszenie",
                "osp",
                "zwiazek_osp",
                "klub_sportowy",
                "uks",
                "spoldzielnia_socjalna",
                "cis",
                "kis",
                "zaz",
                "wtz",
                "spolka_non_profit",
                "inne",
            ]
        ],
        "opp": 78,
        "certified": 1,
    }

    assert organisation_statistics_sentence(stats) == (
        "931 podmiotów: 223 fundacje, 37 stowarzyszeń, 20 ochotniczych straży pożarnych, "
        "3 związki ochotniczych straży pożarnych, 47 klubów sportowych, 73 uczniowskie kluby "
        "sportowe, 14 spółdzielni socjalnych, 514 innych podmiotów; 78 z nich ma status "
        "organizacji pożytku publicznego, a 1 ma certyfikat jakości lub nagrodę."
    )


def test_statistics_of_an_empty_register(client_b):
    html = _unescape(client_b.get("/organizacje/statystyki/").content.decode())

    assert '<p class="registry-sentence">0 podmiotów.</p>' in html


# --- 1.5% page ---------------------------------------------------------------------------


def test_tax_page_lists_exactly_the_public_opp_organisations_with_krs(
    client_a, tenant_a, orgs, canary_b, make_org
):
    make_org(
        tenant_a, name="Zakątek Seniora", legal_form="stowarzyszenie", krs="0000466666", is_opp=True
    )
    make_org(tenant_a, name="Apteka Dobra", legal_form="fundacja", krs="0000477777", is_opp=False)
    make_org(tenant_a, name="Lubię Pomagać", legal_form="fundacja", krs="0000488888", is_opp=True)

    response = client_a.get("/organizacje/1-5-procent/")

    assert response.status_code == 200
    html = _unescape(response.content.decode())
    assert html.count("<h1>") == 1
    assert "wpisać numer KRS organizacji" in html
    rows = re.findall(
        r'<tr><th scope="row"><a href="[^"]+">([^<]+)</a></th><td class="registry-krs">(\d+)</td>',
        html,
    )
    # Polish alphabetical order: L < Ł < Z.
    assert rows == [
        ("Fundacja Oczami Brata", "0000411111"),
        ("Lubię Pomagać", "0000488888"),
        ("Stowarzyszenie Łączy Nas Sport", "0000422222"),
        ("Zakątek Seniora", "0000466666"),
    ]
    assert (
        "<caption>Organizacje pożytku publicznego i ich numery KRS (4 organizacje)</caption>"
        in html
    )
    for hidden in (*HIDDEN, "Ćwiczymy", "Apteka"):
        assert hidden not in html


# --- isolation ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_other_tenants_canary_never_shows(client_a, orgs, canary_b, url):
    response = client_a.get(url)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Kanarek" not in body
    assert "0000999999" not in body
    assert "8567346215" not in body


def test_canary_shows_in_its_own_tenant(client_b, canary_b):
    """The isolation tests above would pass for the wrong reason if the canary never showed."""
    list_html = _unescape(client_b.get("/organizacje/").content.decode())
    tax_html = client_b.get("/organizacje/1-5-procent/").content.decode()

    assert _names(list_html) == ["Kanarek Bydgoski Częstochowa"]
    assert "0000999999" in tax_html


# --- query counts ------------------------------------------------------------------------


def _query_count_data(tenant, make_org, n: int) -> Organisation:
    last = None
    for i in range(n):
        last = make_org(
            tenant,
            name=f"Fundacja Liczona {i:02d}",
            legal_form="fundacja",
            krs=f"{5000000 + i:010d}",
            is_opp=True,
            latitude="50.8",
            longitude="19.1",
            areas=["gospodarka", "kultura-i-sztuka"],
            certificates=[{"name": "Znak Jakości", "year": 2020}],
        )
    return last


def test_query_counts_are_pinned(client_a, tenant_a, make_org, django_assert_max_num_queries):
    """25 organisations with areas and certificates (more than a page): no query per row."""
    from tests.registry.test_public_submission import _form_page

    last = _query_count_data(tenant_a, make_org, 25)
    _form_page(tenant_a)  # the list links to the „Zgłoś organizację” page
    client_a.get("/organizacje/")  # warm the routing and site caches

    with django_assert_max_num_queries(9):
        assert client_a.get("/organizacje/", {"q": "fundacja", "opp": "tak"}).status_code == 200
    with django_assert_max_num_queries(6):
        assert client_a.get(f"/organizacje/{last.pk}-fundacja-liczona-24/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client_a.get("/organizacje/mapa.geojson").status_code == 200
    with django_assert_max_num_queries(5):
        assert client_a.get("/organizacje/mapa/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client_a.get("/organizacje/statystyki/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client_a.get("/organizacje/1-5-procent/").status_code == 200
