"""Swagger UI and Redoc render in Chromium from local assets with no CSP violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import browser, live_url, page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.mark.parametrize(
    ("path", "rendered"),
    [
        ("/api/v1/docs/", "#swagger-ui .opblock-tag"),
        ("/api/v1/docs/redoc/", "redoc .api-content h1, [role=navigation] label"),
    ],
)
def test_api_docs_render_without_csp_violations(path, rendered, live_url, page):  # noqa: F811
    console: list[str] = []
    outside: list[str] = []
    page.add_init_script(LISTEN)
    page.on("console", lambda m: console.append(m.text) if "Content Security" in m.text else None)
    base = live_url.format(slug="czestochowa")
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.goto(base + path)
    page.wait_for_selector(rendered, timeout=20000)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__csp") == []
    assert console == []
    assert [u for u in outside if not u.startswith(("data:", "blob:"))] == []
    assert "Organisations" in page.content() or "organisations" in page.content()
