"""Each tenant has its own users: an account of one tenant cannot sign in on another."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def _login(client: Client, username: str):
    return client.post(LOGIN, {"username": username, "password": ADMIN_PASSWORD})


def test_admin_signs_in_on_its_own_tenant(client_a):
    response = _login(client_a, "admin@czestochowa.example.pl")

    assert response.status_code == 302
    assert client_a.get("/admin/").status_code == 200


def test_admin_of_one_tenant_cannot_sign_in_on_another(client_b):
    response = _login(client_b, "admin@czestochowa.example.pl")

    assert response.status_code == 200  # the form again, with an error
    assert (
        settings.SESSION_COOKIE_NAME not in response.cookies
        or not response.cookies[settings.SESSION_COOKIE_NAME].value
    )
    assert client_b.get("/admin/").status_code == 302  # still anonymous


def test_session_cookie_carried_to_another_host_is_not_signed_in(client_a, client_b):
    assert _login(client_a, "admin@czestochowa.example.pl").status_code == 302
    session_id = client_a.cookies[settings.SESSION_COOKIE_NAME].value

    client_b.cookies[settings.SESSION_COOKIE_NAME] = session_id
    response = client_b.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    # The session still works where it was issued.
    assert client_a.get("/admin/").status_code == 200


def test_tenant_admin_cannot_reach_the_platform_operator_admin(client_a):
    assert _login(client_a, "admin@czestochowa.example.pl").status_code == 302
    platform = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    platform.cookies[settings.SESSION_COOKIE_NAME] = client_a.cookies[
        settings.SESSION_COOKIE_NAME
    ].value

    response = platform.get("/operator/")

    assert response.status_code == 302
    assert "/operator/login/" in response["Location"]


def test_session_guard_logs_out_a_session_bound_to_another_schema(client_a):
    """Defence in depth if sessions ever move to a shared store."""
    assert _login(client_a, "admin@czestochowa.example.pl").status_code == 302
    session = client_a.session
    session["_tenant_schema"] = "t_bydgoszcz"
    session.save()

    response = client_a.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
