from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import schema_context, schema_exists
from wagtail.models import Site

from cms.models import HomePage
from tenants.models import Domain, Tenant
from tenants.services import tenant_provision

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Jurajski Ośrodek Wsparcia Ekonomii Społecznej",
    "slug": "jowes",
    "kind": "regional_centre",
    "teryt_code": "2464",
    "served_units": ["2464", "2404", "2409", "2406"],
    "admin_email": "kierownik@jowes.example.pl",
}


def _counts():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 't\\_%%'")
        schemas = cursor.fetchone()[0]
    return Tenant.objects.count(), Domain.objects.count(), schemas


def test_provision_creates_schema_site_home_and_admin():
    result = tenant_provision(**GOOD)

    tenant = result.tenant
    assert result.created is True
    assert tenant.schema_name == "t_jowes"
    assert tenant.voivodeship == "24"
    assert tenant.served_units == ["2464", "2404", "2409", "2406"]
    assert schema_exists("t_jowes")
    assert list(tenant.domains.values_list("domain", "is_primary")) == [
        ("jowes.test.localhost", True)
    ]
    assert result.admin_setup_url.startswith(
        "http://jowes.test.localhost/admin/password_reset/confirm/"
    )
    with schema_context("t_jowes"):
        sites = list(Site.objects.values_list("hostname", "is_default_site", "site_name"))
        assert sites == [("jowes.test.localhost", False, GOOD["name"])]
        home = HomePage.objects.get()
        assert home.title == GOOD["name"]
        assert home.live is True
        assert "Witamy w serwisie" in home.intro
        admin = get_user_model().objects.get()
        assert (admin.email, admin.is_superuser, admin.has_usable_password()) == (
            GOOD["admin_email"],
            True,
            False,
        )
    # The administrator exists only in the tenant's own schema.
    assert not get_user_model().objects.filter(email=GOOD["admin_email"]).exists()
    with schema_context("t_czestochowa"):
        assert not get_user_model().objects.filter(email=GOOD["admin_email"]).exists()


def test_provision_is_idempotent():
    first = tenant_provision(**GOOD)
    before = _counts()

    again = tenant_provision(**GOOD)

    assert again.created is False
    assert again.tenant.pk == first.tenant.pk
    assert _counts() == before
    with schema_context("t_jowes"):
        assert get_user_model().objects.count() == 1
        assert HomePage.objects.count() == 1


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"slug": "Częstochowa"}, "slug", "małe litery"),
        ({"slug": "ab"}, "slug", "od 3 do 40 znaków"),
        ({"slug": "x" * 41}, "slug", "od 3 do 40 znaków"),
        ({"slug": "public"}, "slug", "zarezerwowany"),
        ({"slug": "a; DROP SCHEMA public"}, "slug", "małe litery"),
        ({"name": ""}, "name", "To pole nie może być puste"),
        ({"kind": "kingdom"}, "kind", "nie jest poprawnym wyborem"),
        ({"kind": "platform"}, "kind", "Nie można utworzyć drugiej platformy"),
        ({"teryt_code": "99"}, "teryt_code", "nieistniejącego kodu województwa"),
        ({"teryt_code": "24x"}, "teryt_code", "niepoprawny"),
        ({"teryt_code": "2400"}, "teryt_code", "kod powiatu nie może być 00"),
        ({"teryt_code": "2464", "voivodeship": "26"}, "teryt_code", "nie należy do wybranego"),
        ({"served_units": ["2464", "77"]}, "served_units", "nieistniejącego kodu województwa"),
        ({"admin_email": "nie-email"}, "admin_email", "poprawny adres e-mail"),
        ({"admin_password": "123"}, "admin_password", "za krótkie"),
        ({"domain": "zła domena.pl"}, "domain", "Niepoprawna nazwa domeny"),
        ({"domain": "czestochowa.test.localhost"}, "domain", "należy już do innego najemcy"),
        ({"contact": {"postal_code": "42217"}}, "postal_code", "00-000"),
        (
            {"contact": {"office_hours": [{"day": 1, "opens": "17:00", "closes": "07:30"}]}},
            "office_hours",
            "późniejsza niż otwarcia",
        ),
        ({"contact": {"salary": 1}}, "salary", "Nieznane pole"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_creates_nothing(override, field, message):
    before = _counts()

    with pytest.raises(ValidationError) as excinfo:
        tenant_provision(**{**GOOD, **override})

    errors = excinfo.value.message_dict
    assert field in errors, errors
    assert any(message in m for m in errors[field]), errors[field]
    assert _counts() == before
    assert not schema_exists("t_jowes")


def test_failure_half_way_leaves_no_half_made_tenant(monkeypatch):
    before = _counts()

    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("cms.services.site_bootstrap", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        tenant_provision(**GOOD)

    assert _counts() == before
    assert not schema_exists("t_jowes")
    assert not Domain.objects.filter(domain="jowes.test.localhost").exists()


def test_schema_name_is_generated_and_checked_by_the_database():
    # A raw insert that bypasses validation is still refused by the check constraint.
    with pytest.raises(IntegrityError), transaction.atomic():
        Tenant(schema_name='x"; drop', slug="evil", name="Evil", kind="association").save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Tenant(schema_name="pg_evil", slug="evil", name="Evil", kind="association").save()


def test_create_tenant_command_reports_success_and_is_idempotent(capsys):
    args = [
        "--slug=jowes",
        f"--name={GOOD['name']}",
        "--kind=regional_centre",
        "--teryt=2464",
        "--serves",
        "2464",
        "2404",
        "--admin-email=kierownik@jowes.example.pl",
    ]
    call_command("create_tenant", *args)
    out = capsys.readouterr().out
    assert "utworzono — http://jowes.test.localhost/" in out
    assert "Link do ustawienia hasła administratora: http://jowes.test.localhost/admin/" in out

    call_command("create_tenant", *args)
    assert "już istniał" in capsys.readouterr().out
    assert Tenant.objects.filter(slug="jowes").count() == 1


def test_create_tenant_command_lists_every_problem():
    before = _counts()
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "create_tenant",
            "--slug=Zła Nazwa",
            "--name=X",
            "--kind=county",
            "--teryt=99",
            "--admin-email=nope",
        )
    text = str(excinfo.value)
    assert text.startswith("Nie utworzono najemcy:")
    assert "slug:" in text
    assert "teryt_code:" in text
    assert "admin_email:" in text
    assert _counts() == before


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo", "--admin-password=Hasło-demo-2026")
    first = _counts()
    assert set(Tenant.objects.values_list("slug", flat=True)) >= {
        "czestochowa",
        "jowes",
        "jedrzejow",
        "bydgoszcz",
    }
    jowes = Tenant.objects.get(slug="jowes")
    assert jowes.phones == ["34 370 74 80", "34 370 74 97"]
    assert jowes.office_hours_display()[1] == ("wtorek", "07:30", "17:00")
    assert jowes.office_hours_display()[0] == ("poniedziałek", "07:30", "15:30")

    call_command("seed_demo", "--admin-password=Hasło-demo-2026")
    assert _counts() == first
    assert "bez zmian" in capsys.readouterr().out
