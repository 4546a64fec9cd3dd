"""Swagger UI and Redoc render in Chromium from local assets with no CSP violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, live_url  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture(scope="module")
def docs_browser():
    """A Chromium tab of this module's own Playwright, closed when the module ends (before
    tests/browser starts its session-wide one: two sync Playwrights cannot run at once)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context = instance.new_context(locale="pl-PL")
        try:
            yield context
        finally:
            context.close()
            instance.close()


@pytest.mark.parametrize(
    ("path", "rendered"),
    [
        ("/api/v1/docs/", "#swagger-ui .opblock-tag"),
        ("/api/v1/docs/redoc/", "#redoc-container h1"),
    ],
)
def test_api_docs_render_without_csp_violations(path, rendered, live_url, docs_browser):  # noqa: F811
    page = docs_browser.new_page()
    console: list[str] = []
    outside: list[str] = []
    page.add_init_script(LISTEN)
    page.on("console", lambda m: console.append(m.text) if "Content Security" in m.text else None)
    base = live_url.format(slug="czestochowa")
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.goto(base + path)
    page.wait_for_selector(rendered, timeout=20000)
    page.wait_for_timeout(500)
    # Redoc always shows the Redocly logo from its CDN; the policy blocks it (it is never
    # fetched) and Redoc then hides it. Nothing else may be refused.
    refused = [v for v in page.evaluate("window.__csp") if v != f"img-src {REDOCLY_LOGO}"]
    assert refused == []
    assert [m for m in console if REDOCLY_LOGO not in m] == []
    # The logo request is announced, then refused by the policy (reported above).
    assert [u for u in outside if not u.startswith(("data:", "blob:")) and u != REDOCLY_LOGO] == []
    assert "Organisations" in page.content() or "organisations" in page.content()
