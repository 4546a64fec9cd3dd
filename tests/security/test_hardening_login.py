"""Login throttling (django-axes): a user name is locked after AXES_FAILURE_LIMIT wrong
passwords from one address, with a Polish message, until the cool-off has passed; per tenant.

The probe: 20 wrong passwords in a row were all answered with the login form again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from tests.conftest import ADMIN_PASSWORD, host_of

pytestmark = pytest.mark.django_db

USER = "admin@czestochowa.example.pl"
WRONG = "Złe-hasło-2026"
ADDRESS = "203.0.113.10"
LOCKED_FOR = (
    "Zbyt wiele nieudanych prób logowania. Ze względów bezpieczeństwa logowanie na to konto "
    "z Twojego adresu jest zablokowane na {minutes} min. Spróbuj ponownie później albo "
    "skontaktuj się z administratorem serwisu."
)
LOCKED = LOCKED_FOR.format(minutes=15)


def access_attempts():
    from axes.models import AccessAttempt

    return AccessAttempt.objects


def attempt(client: Client, url: str, password: str, *, username: str = USER, ip: str = ADDRESS):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


@pytest.mark.parametrize("login_url", ["/admin/login/", "/_util/login/"])
def test_tenant_login_is_locked_after_five_wrong_passwords(client_a, tenant_a, login_url):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client_a, login_url, WRONG)
        assert response.status_code == 200  # the form again, with its error
        assert LOCKED not in response.content.decode()

    locked = attempt(client_a, login_url, WRONG)

    assert locked.status_code == 429
    html = locked.content.decode()
    assert '<html lang="pl">' in html
    assert LOCKED in html
    # The right password does not help until the cool-off has passed.
    right = attempt(client_a, login_url, ADMIN_PASSWORD)
    assert right.status_code == 429
    assert LOCKED in right.content.decode()
    assert not signed_in(client_a)
    with tenant_context(tenant_a):
        [record] = access_attempts().all()
    assert (record.username, record.ip_address, record.failures_since_start) == (
        USER,
        ADDRESS,
        settings.AXES_FAILURE_LIMIT + 1,
    )


def test_lockout_ends_after_the_cool_off(client_a, tenant_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client_a, "/admin/login/", WRONG)
    assert attempt(client_a, "/admin/login/", ADMIN_PASSWORD).status_code == 429

    with tenant_context(tenant_a):
        access_attempts().update(
            attempt_time=access_attempts().get().attempt_time
            - settings.AXES_COOLOFF_TIME
            - timedelta(seconds=1)
        )
    response = attempt(client_a, "/admin/login/", ADMIN_PASSWORD)

    assert response.status_code == 302
    assert signed_in(client_a)
    with tenant_context(tenant_a):
        assert not access_attempts().exists()  # reset on success


def test_lockout_is_by_user_name_and_address(client_a, tenant_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client_a, "/admin/login/", WRONG)

    # The same user from another address, and another user from the same address, still can.
    assert attempt(client_a, "/admin/login/", ADMIN_PASSWORD, ip="198.51.100.20").status_code == 302
    other = Client(HTTP_HOST=host_of("czestochowa"))
    with tenant_context(tenant_a):
        get_user_model().objects.create_user(
            username="redaktor@czestochowa.example.pl", password=ADMIN_PASSWORD, is_staff=True
        )
    assert (
        attempt(
            other, "/admin/login/", ADMIN_PASSWORD, username="redaktor@czestochowa.example.pl"
        ).status_code
        == 302
    )


def test_lockout_in_one_tenant_does_not_lock_the_same_name_in_another(
    client_a, client_b, tenant_a, tenant_b
):
    with tenant_context(tenant_b):
        # The same user name exists in B: a different person, with an account of B's own.
        get_user_model().objects.create_user(
            username=USER, email=USER, password=ADMIN_PASSWORD, is_staff=True, is_superuser=True
        )
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client_a, "/admin/login/", WRONG)
    assert attempt(client_a, "/admin/login/", ADMIN_PASSWORD).status_code == 429

    response = attempt(client_b, "/admin/login/", ADMIN_PASSWORD)

    assert response.status_code == 302
    assert signed_in(client_b)
    with tenant_context(tenant_b):
        assert not access_attempts().exists()
    with tenant_context(tenant_a):
        assert access_attempts().get().username == USER  # the canary: A's record stays in A


def test_the_limit_and_cool_off_are_settings(client_a, tenant_a, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=90)

    assert attempt(client_a, "/admin/login/", WRONG).status_code == 200
    locked = attempt(client_a, "/admin/login/", WRONG)

    assert locked.status_code == 429
    assert LOCKED_FOR.format(minutes=90) in locked.content.decode()


def test_platform_operator_login_is_locked_too(tenant_a):
    with schema_context("public"):
        get_user_model().objects.create_superuser(
            username="operator", email="operator@example.pl", password=ADMIN_PASSWORD
        )
    operator = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    url = "/operator/login/"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(operator, url, WRONG, username="operator").status_code == 200

    locked = attempt(operator, url, WRONG, username="operator")

    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    assert attempt(operator, url, ADMIN_PASSWORD, username="operator").status_code == 429
    connection.set_schema_to_public()
    assert access_attempts().get().username == "operator"
