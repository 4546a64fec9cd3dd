"""``manage.py api_client``, the "Integracje" admin, and the OpenAPI schema and its docs."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_tenants.utils import tenant_context

from api.models import ApiClient, ApiKey
from tests.api.conftest import api_get, make_key
from tests.conftest import ADMIN_PASSWORD, host_of

pytestmark = pytest.mark.django_db


def _cli(*args: str) -> list[str]:
    out = StringIO()
    call_command("api_client", *args, stdout=out)
    return out.getvalue().strip().splitlines()


# --- the command ---------------------------------------------------------------------------


def test_create_prints_the_key_alone_on_the_last_line_and_it_works(tenant_a):
    lines = _cli(
        "create",
        "--tenant",
        "czestochowa",
        "--name",
        "Obserwatorium ROPS",
        "--email",
        "rops@example.pl",
        "--scope",
        "organisations:read",
        "--expires-days",
        "30",
    )
    key = lines[-1]
    assert key.startswith("pes_")
    assert " " not in key
    assert api_get("czestochowa", "organisations/", key).status_code == 200
    assert api_get("czestochowa", "projects/", key).status_code == 403
    assert api_get("bydgoszcz", "organisations/", key).status_code == 401
    with tenant_context(tenant_a):
        client = ApiClient.objects.get(name="Obserwatorium ROPS")
        assert client.scopes == ["organisations:read"]
        assert client.expires_at is not None


def test_list_revoke_and_rotate(tenant_a, tenant_b):
    made = make_key(tenant_a, name="System CRM")
    make_key(tenant_b, name="Kanarek z Bydgoszczy")
    listing = "\n".join(_cli("list", "--tenant", "czestochowa"))
    assert "System CRM" in listing
    assert "Kanarek z Bydgoszczy" not in listing
    rotated = _cli("rotate", "--tenant", "czestochowa", str(made.client.pk))[-1]
    assert api_get("czestochowa", "activity-areas/", rotated).status_code == 200
    assert api_get("czestochowa", "activity-areas/", made.key).status_code == 200  # overlap
    _cli("revoke", "--tenant", "czestochowa", str(made.client.pk))
    assert api_get("czestochowa", "activity-areas/", made.key).status_code == 401
    assert api_get("czestochowa", "activity-areas/", rotated).status_code == 401
    assert "nieaktywna" in "\n".join(_cli("list", "--tenant", "czestochowa"))


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--tenant", "nie-ma-takiego"],
        ["list", "--tenant", "public"],
        ["revoke", "--tenant", "czestochowa", "999999"],
        [
            "create",
            "--tenant",
            "czestochowa",
            "--name",
            "X",
            "--email",
            "x@example.pl",
            "--scope",
            "wszystko:read",
        ],
        ["create", "--tenant", "czestochowa", "--name", "X", "--email", "nie-email"],
        [
            "create",
            "--tenant",
            "czestochowa",
            "--name",
            "X",
            "--email",
            "x@example.pl",
            "--expires-days",
            "0",
        ],
    ],
)
def test_bad_command_input_is_a_polish_error(args, tenant_a):
    with pytest.raises(CommandError) as error:
        _cli(*args)
    assert str(error.value)


def test_revoking_a_client_of_the_other_tenant_is_not_found(tenant_b):
    other = make_key(tenant_b)
    if other.client.pk:
        with tenant_context(tenant_b):
            ApiClient.objects.filter(pk=other.client.pk).update(name="Kanarek")
    with pytest.raises(CommandError):
        _cli("revoke", "--tenant", "czestochowa", str(other.client.pk + 100000))
    assert api_get("bydgoszcz", "activity-areas/", other.key).status_code == 200


# --- the admin ("Integracje") ---------------------------------------------------------------


def _login(client: Client, slug: str) -> Client:
    # Through the login view (django-axes' force_login hook needs a client address).
    response = client.post(
        "/admin/login/", {"username": f"admin@{slug}.example.pl", "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def admin_a(tenant_a, client_a):
    return _login(client_a, "czestochowa")


def test_menu_and_list(admin_a, tenant_a, tenant_b):
    make_key(tenant_a, name="Generator wniosków")
    make_key(tenant_b, name="Kanarek Bydgoski")
    home = admin_a.get("/admin/")
    assert "Integracje" in home.content.decode()
    listing = admin_a.get("/admin/integracje/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Generator wniosków" in body
    assert "Kanarek Bydgoski" not in body


def test_create_shows_the_key_once_and_stores_its_hash(admin_a, tenant_a):
    form = admin_a.get("/admin/integracje/dodaj/")
    assert form.status_code == 200
    assert "Uprawnienia" in form.content.decode()
    response = admin_a.post(
        "/admin/integracje/dodaj/",
        {
            "name": "CRM gminy",
            "contact_email": "crm@example.pl",
            "scopes": ["organisations:read", "events:read"],
            "expires_at": "",
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "nie będzie już pokazany" in body
    key = body.split('id="api-key" type="text" readonly value="')[1].split('"')[0]
    assert key.startswith("pes_")
    assert api_get("czestochowa", "organisations/", key).status_code == 200
    with tenant_context(tenant_a):
        client = ApiClient.objects.get(name="CRM gminy")
        assert client.created_by.username == "admin@czestochowa.example.pl"
        assert sorted(client.scopes) == ["events:read", "organisations:read"]
        assert key not in str(list(ApiKey.objects.values()))
    inspect = admin_a.get(f"/admin/integracje/{client.pk}/")
    assert inspect.status_code == 200
    assert key not in inspect.content.decode()
    assert key.split("_")[1] in inspect.content.decode()  # the prefix identifies it


def test_create_with_bad_input_shows_polish_errors(admin_a, tenant_a):
    response = admin_a.post(
        "/admin/integracje/dodaj/",
        {
            "name": "",
            "contact_email": "nie-email",
            "scopes": ["nieznane"],
            "expires_at": "2000-01-01 00:00",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "To pole jest wymagane" in body or "Pole nie może być puste" in body or "wymagane" in body
    )
    assert "Data ważności musi być w przyszłości." in body
    with tenant_context(tenant_a):
        assert not ApiClient.objects.exists()


def test_revoke_and_rotate_in_the_admin(admin_a, tenant_a):
    made = make_key(tenant_a, name="Do unieważnienia")
    url = f"/admin/integracje/{made.client.pk}/"
    rotated = admin_a.post(url, {"action": "rotate", "overlap_hours": "0"})
    assert rotated.status_code == 200
    new_key = rotated.content.decode().split('readonly value="')[1].split('"')[0]
    assert api_get("czestochowa", "activity-areas/", new_key).status_code == 200
    assert api_get("czestochowa", "activity-areas/", made.key).status_code == 401  # no overlap
    revoked = admin_a.post(url, {"action": "revoke"})
    assert revoked.status_code == 302
    assert api_get("czestochowa", "activity-areas/", new_key).status_code == 401
    with tenant_context(tenant_a):
        assert ApiClient.objects.get(pk=made.client.pk).revoked_at is not None


def test_anonymous_and_other_tenant_admins_cannot_reach_it(client_a, tenant_b, tenant_a):
    made = make_key(tenant_a, name="Cudza")
    response = client_a.get("/admin/integracje/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    other = _login(Client(HTTP_HOST=host_of("bydgoszcz")), "bydgoszcz")
    page = other.get(f"/admin/integracje/{made.client.pk}/")
    assert page.status_code == 404
    assert other.post(f"/admin/integracje/{made.client.pk}/", {"action": "revoke"}).status_code in (
        403,
        404,
    )
    with tenant_context(tenant_a):
        assert ApiClient.objects.get(pk=made.client.pk).revoked_at is None


# --- OpenAPI ---------------------------------------------------------------------------------


def test_the_schema_file_matches_the_code():
    out = StringIO()
    call_command("spectacular", "--api-version", "v1", "--validate", stdout=out)
    kept = (Path(settings.BASE_DIR) / "docs" / "openapi.yaml").read_text()
    assert out.getvalue() == kept, (
        "docs/openapi.yaml is out of date: run "
        "`manage.py spectacular --api-version v1 --validate --file docs/openapi.yaml`"
    )


def test_schema_and_docs_are_served_without_a_key_from_local_assets(tenant_a):
    host = Client(HTTP_HOST=host_of("czestochowa"))
    schema = host.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/organisations/" in schema.content
    for path in ("/api/v1/docs/", "/api/v1/docs/redoc/"):
        page = host.get(path)
        assert page.status_code == 200, path
        html = page.content.decode()
        assert "/static/drf_spectacular_sidecar/" in html
        for cdn in ("cdn.", "unpkg", "jsdelivr"):
            assert cdn not in html
        csp = page["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        for cdn in ("unpkg", "jsdelivr", "cdnjs"):
            assert cdn not in csp
    script = host.get("/api/v1/docs/?script=")
    assert script.status_code == 200


@pytest.mark.parametrize(("role", "allowed"), [("Administrator", True), ("Redaktor", False)])
def test_only_the_administrator_role_manages_integrations(role, allowed, tenant_a):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from tests.conftest import logged_in

    username = f"{role.lower()}@czestochowa.example.pl"
    with tenant_context(tenant_a):
        user = get_user_model().objects.create_user(
            username=username, email=username, password=ADMIN_PASSWORD
        )
        user.groups.add(Group.objects.get(name=role))
    client = logged_in("czestochowa", username)
    listing = client.get("/admin/integracje/")
    add = client.post(
        "/admin/integracje/dodaj/",
        {"name": "Od roli", "contact_email": "r@example.pl", "scopes": ["news:read"]},
    )
    if allowed:
        assert listing.status_code == 200
        assert add.status_code == 200
        assert "nie będzie już pokazany" in add.content.decode()
    else:
        assert listing.status_code in (302, 403)
        assert add.status_code in (302, 403)
        with tenant_context(tenant_a):
            assert not ApiClient.objects.filter(name="Od roli").exists()
