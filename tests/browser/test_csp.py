"""The Content-Security-Policy in Chromium: no public page breaks it (first and cached load),
it really blocks injected inline code, and the map (Leaflet) and the font-size / contrast
switches still work under it; the admins work under their own policy."""

from __future__ import annotations

import base64

import pytest
from django.db import connection
from django_tenants.utils import tenant_context
from wagtail.models import Site

from registry.models import Organisation
from registry.services import organisation_create
from tenants.models import Tenant
from tests.browser.test_accessibility import site_urls  # noqa: F401  (module fixture)
from tests.conftest import ADMIN_PASSWORD, host_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Collects every violation from the first script on; "securitypolicyviolation" also fires for
# blocked inline code and blocked loads that leave no console trace.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
    (e.sourceFile || "") + ":" + e.lineNumber);
});
"""
# A 1×1 transparent PNG for every map tile: the test has no Internet access.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


@pytest.fixture(scope="module")
def organisations(django_db_setup, django_db_blocker):
    """Two published organisations with coordinates, committed for the live server."""
    with django_db_blocker.unblock():
        tenant = Tenant.objects.get(slug="czestochowa")
        with tenant_context(tenant):
            orgs = [
                organisation_create(
                    status="published",
                    name="Fundacja Oczami Brata",
                    legal_form="fundacja",
                    street="ul. Focha 19/21",
                    postal_code="42-217",
                    city="Częstochowa",
                    latitude="50.8118",
                    longitude="19.1203",
                ),
                organisation_create(
                    status="published",
                    name="Spółdzielnia Socjalna „Jasne, że bus”",
                    legal_form="spoldzielnia_socjalna",
                    city="Częstochowa",
                    latitude="50.8050",
                    longitude="19.1300",
                ),
            ]
        connection.set_schema_to_public()
        yield orgs
        with tenant_context(tenant):
            Organisation.all_objects.filter(pk__in=[o.pk for o in orgs]).delete()
        connection.set_schema_to_public()


@pytest.fixture
def tab(page):
    page.add_init_script(LISTEN)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.route(
        "https://tile.openstreetmap.org/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=TILE),
    )
    page.csp_console = console
    return page


def violations(tab) -> list[str]:
    return tab.evaluate("window.__csp") + tab.csp_console


def _public_urls(site_urls, organisations) -> dict[str, str]:  # noqa: F811
    org = organisations[0]
    return {
        **site_urls,
        "search": "/szukaj/?q=fundacja",
        "directory": "/organizacje/",
        "organisation": f"/organizacje/{org.pk}/",
        "map": "/organizacje/mapa/",
        "statistics": "/organizacje/statystyki/",
        "not found": "/nie-ma-takiej-strony/",
    }


def test_public_pages_have_no_csp_violations_first_and_cached(
    live_url,
    site_urls,  # noqa: F811
    organisations,
    tab,
):
    base = live_url.format(slug="czestochowa")
    found = {}
    for name, path in _public_urls(site_urls, organisations).items():
        for load in ("first", "cached"):
            response = tab.goto(base + path)
            assert response.status in (200, 404), (name, response.status)
            policy = response.headers["content-security-policy"]
            assert "script-src 'self'" in policy  # and the nonce where the page has inline code
            assert "unsafe" not in policy
            tab.wait_for_load_state("load")
            if violations(tab):
                found[f"{name} ({load})"] = violations(tab)
    assert found == {}


def test_platform_pages_have_no_csp_violations(live_url, tab):
    base = live_url.format(slug="czestochowa").replace("czestochowa.", "")
    for path in ("/", "/operator/login/", "/nie-ma/"):
        tab.goto(base + path)
        tab.wait_for_load_state("load")
        assert violations(tab) == [], path


def test_injected_inline_code_is_blocked(live_url, site_urls, tab):  # noqa: F811
    tab.goto(live_url.format(slug="czestochowa") + "/")

    ran = tab.evaluate(
        """() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true;";
      document.head.appendChild(script);
      const image = document.createElement("img");
      image.setAttribute("onerror", "window.__handler = true;");
      image.src = "data:,";
      document.body.appendChild(image);
      return new Promise((done) => setTimeout(
        () => done([window.__injected === true, window.__handler === true]), 200));
    }"""
    )

    assert ran == [False, False]
    assert any(v.startswith("script-src-elem inline") for v in violations(tab))
    assert any(v.startswith("script-src-attr inline") for v in violations(tab))


def test_map_shows_the_markers_and_tiles(live_url, organisations, tab):
    tab.goto(live_url.format(slug="czestochowa") + "/organizacje/mapa/")

    markers = tab.locator(".leaflet-marker-icon")
    markers.first.wait_for()
    assert markers.count() == 2
    assert tab.locator("[data-registry-map]").is_visible()
    tab.locator(".leaflet-tile-loaded").first.wait_for()
    markers.first.click()
    tab.locator(".leaflet-popup-content a").wait_for()
    assert tab.locator(".leaflet-popup-content a").inner_text() in {o.name for o in organisations}
    assert violations(tab) == []


def test_font_size_and_contrast_switches_work_under_the_policy(live_url, site_urls, tab):  # noqa: F811
    base = live_url.format(slug="czestochowa")
    tab.goto(base + "/")
    size = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    background = "getComputedStyle(document.body).backgroundColor"

    tab.get_by_role("button", name="większa czcionka").click()
    tab.get_by_role("button", name="wersja kontrastowa").click()
    assert tab.evaluate(size) == 18.0
    assert tab.evaluate(background) == "rgb(0, 0, 0)"

    # The early inline script (nonce) applies the choice before the first paint, also on a
    # page the page cache serves: checked at DOMContentLoaded, before site.js (deferred) runs.
    tab.add_init_script(
        "document.addEventListener('readystatechange', function () {"
        " if (document.readyState === 'interactive' && !window.__early) {"
        " window.__early = document.documentElement.className; } });"
    )
    for _ in range(2):
        tab.goto(base + site_urls["contact"])
        assert "fs-1" in tab.evaluate("window.__early").split()
        assert "hc" in tab.evaluate("window.__early").split()
        assert tab.evaluate(size) == 18.0
    assert violations(tab) == []


def _sign_in(tab, base: str) -> None:
    tab.goto(base + "/admin/login/")
    tab.fill("#id_username", "admin@czestochowa.example.pl")
    tab.fill("#id_password", ADMIN_PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(base + "/admin/")


def test_wagtail_admin_works_under_its_policy(live_url, site_urls, organisations, tab):  # noqa: F811
    base = live_url.format(slug="czestochowa")
    _sign_in(tab, base)
    with tenant_context(Tenant.objects.get(slug="czestochowa")):
        home = Site.objects.get(hostname=host_of("czestochowa")).root_page_id
        organisation = Organisation.objects.order_by("pk").first().pk
    connection.set_schema_to_public()

    for path in (
        "/admin/",
        f"/admin/pages/{home}/",
        "/admin/registry/organisations/",
        f"/admin/registry/organisations/edit/{organisation}/",
        "/admin/zgloszenia/",
        f"/admin/pages/{home}/edit/",
    ):
        tab.goto(base + path)
        tab.wait_for_load_state("load")
    # The editor's side panels: live preview (an iframe of the page) and the content checks
    # (axe-core, which needs neither eval nor inline code).
    for panel in ("checks", "preview"):
        tab.locator(f"[data-side-panel-toggle='{panel}']").first.click()
    tab.frame_locator("iframe").first.locator("h1").first.wait_for()
    assert violations(tab) == []


def test_editors_userbar_works_on_public_pages_under_the_strict_policy(
    live_url,
    site_urls,  # noqa: F811
    tab,
):
    base = live_url.format(slug="czestochowa")
    _sign_in(tab, base)

    tab.goto(base + site_urls["contact"])
    userbar = tab.locator("wagtail-userbar")
    userbar.locator("button.w-userbar-trigger").click()

    # Its accessibility checker has run and counted the problems it found.
    checker = userbar.locator("[role=menuitem]", has_text="Odnalezione problemy")
    checker.wait_for()
    assert checker.inner_text().split() == ["Odnalezione", "problemy", "0", "Kontrole"]
    assert violations(tab) == []
