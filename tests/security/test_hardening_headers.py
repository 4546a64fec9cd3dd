"""Security headers: a strict nonce-based Content-Security-Policy on the public sites (also for
pages served from the page cache), a looser one for the admins, Permissions-Policy,
Referrer-Policy and X-Content-Type-Options on every host."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.cms_forms.conftest import logged_in

pytestmark = pytest.mark.django_db

PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>", re.IGNORECASE)
_INLINE_STYLE = re.compile(r"<style([^>]*)>", re.IGNORECASE)


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def nonce_of(response) -> str:
    found = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9+/=]+)'", directives(response)["script-src"])
    assert found, directives(response)["script-src"]
    return found.group(1)


def assert_inline_code_carries(html: str, nonce: str) -> None:
    """Every executable inline script and every style element carries the response's nonce
    (JSON-LD is a data block: browsers neither run it nor check it against script-src)."""
    scripts = [a for a in _INLINE_SCRIPT.findall(html) if "application/ld+json" not in a]
    styles = _INLINE_STYLE.findall(html)
    assert scripts, "the page has its early font-size/contrast script"
    assert styles, "the page has its tenant colours"
    for attributes in scripts + styles:
        assert f'nonce="{nonce}"' in attributes, attributes


def test_public_page_has_a_strict_policy_with_a_fresh_nonce(client_a):
    response = client_a.get("/kontakt/")

    assert response.status_code == 200
    policy = directives(response)
    assert policy == {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce_of(response)}'",
        "style-src": f"'self' 'nonce-{nonce_of(response)}'",
        "img-src": "'self' data: https://tile.openstreetmap.org",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'self'",
    }
    assert "unsafe" not in response["Content-Security-Policy"]
    assert_inline_code_carries(response.content.decode(), nonce_of(response))
    assert nonce_of(client_a.get("/szukaj/?q=fundacja")) != nonce_of(response)


def test_page_served_from_the_page_cache_keeps_the_nonce_its_body_uses(client_a, tenant_a):
    first = client_a.get("/")
    again = Client(HTTP_HOST=first.wsgi_request.get_host()).get("/")  # another visitor

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.content == first.content  # the cached copy
    assert nonce_of(again) == nonce_of(first)
    assert_inline_code_carries(again.content.decode(), nonce_of(again))


def test_admin_gets_the_admin_policy_without_a_nonce(client_a):
    admin = logged_in("czestochowa", "admin@czestochowa.example.pl")

    for response in (client_a.get("/admin/login/"), admin.get("/admin/")):
        assert response.status_code == 200
        policy = directives(response)
        assert policy["script-src"] == "'self' 'unsafe-inline'"
        assert policy["style-src"] == "'self' 'unsafe-inline'"
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'self'"
        assert "nonce-" not in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("host", "path", "status"),
    [
        ("czestochowa", "/", 200),
        ("czestochowa", "/organizacje/", 200),
        ("czestochowa", "/nie-ma/", 404),
        ("czestochowa", "/szukaj/?q=%00", 400),
        ("platform", "/", 200),
        ("platform", "/favicon.ico", 404),
        ("platform", "/operator/login/", 200),
    ],
)
def test_every_host_sends_the_security_headers(tenant_a, host, path, status):
    hostname = (
        settings.PLATFORM_DOMAIN if host == "platform" else f"{host}.{settings.PLATFORM_DOMAIN}"
    )

    response = Client(HTTP_HOST=hostname).get(path)

    assert response.status_code == status
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_platform_home_has_the_strict_policy(tenant_a):
    response = Client(HTTP_HOST=settings.PLATFORM_DOMAIN).get("/")

    # No inline code on the platform's pages: no nonce either.
    assert directives(response)["script-src"] == "'self'"
    assert directives(response)["style-src"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]
