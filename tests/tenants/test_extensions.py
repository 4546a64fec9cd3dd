"""The foundation's extension points: what the apps register runs where and when it should."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists, tenant_context
from wagtail.models import Site

from tenants import extensions
from tenants.models import Domain, Tenant
from tenants.services import domain_add, tenant_provision

pytestmark = pytest.mark.django_db

NEW_TENANT = {
    "name": "Gmina Miasto Gniezno",
    "slug": "gniezno",
    "kind": "municipality",
    "teryt_code": "3003011",
    "admin_email": "sekretariat@gniezno.example.pl",
}


@pytest.fixture
def plug_in() -> Iterator[Callable[..., None]]:
    """Register a test entry on a registry for one test, and take it out again."""
    added: list[tuple[extensions.ExtensionRegistry, str]] = []

    def _plug(registry: extensions.ExtensionRegistry, name: str, func: Any, **kw: Any) -> None:
        registry.register(name, func, **kw)
        added.append((registry, name))

    yield _plug
    for registry, name in added:
        registry.unregister(name)


def _tenant_state(slug: str, domain: str) -> tuple[bool, bool, bool]:
    return (
        Tenant.objects.filter(slug=slug).exists(),
        schema_exists(f"t_{slug}"),
        Domain.objects.filter(domain=domain).exists(),
    )


def test_the_apps_register_their_entries_from_ready():
    assert extensions.template_content.names() == ["cms.site", "tenants.roles"]
    assert extensions.roles.names() == ["cms", "registry", "partnerships", "api"]
    assert extensions.tenant_setup.names() == ["cms.site"]
    assert extensions.domain_setup.names() == ["cms.site"]
    # seed_demo's order: pages first, then what the registry and partnerships link to them.
    assert extensions.demo_content.names() == [
        "cms",
        "cms.events",
        "cms.forms",
        "registry",
        "partnerships",
    ]
    assert extensions.tenant_metrics.names() == ["cms", "partnerships", "registry"]


def test_registering_again_is_a_no_op_and_a_clash_is_refused():
    registry: extensions.ExtensionRegistry = extensions.ExtensionRegistry("test")

    def first() -> None: ...

    def second() -> None: ...

    registry.register("app", first, order=5)
    registry.register("app", first, order=5)
    assert [(e.name, e.func, e.order) for e in registry] == [("app", first, 5)]
    with pytest.raises(ImproperlyConfigured, match="another function is already registered"):
        registry.register("app", second, order=5)
    with pytest.raises(ImproperlyConfigured):
        registry.register("app", first, order=6)


def test_entries_run_in_declared_order_then_by_name():
    registry: extensions.ExtensionRegistry = extensions.ExtensionRegistry("test")
    for name, order in (("zeta", 10), ("beta", 30), ("alpha", 30), ("omega", 1)):
        registry.register(name, print, order=order)
    assert registry.names() == ["omega", "zeta", "alpha", "beta"]


def test_an_apps_setup_step_runs_in_the_new_schema_inside_the_provisioning(plug_in):
    seen: list[dict[str, Any]] = []

    def step(context: extensions.ProvisioningContext) -> None:
        seen.append(
            {
                "schema": connection.schema_name,
                "tenant": connection.tenant.slug,
                "context": (context.tenant.slug, context.domain, context.admin_email),
                "in_transaction": connection.in_atomic_block,
                # cms's step (order 100) has run before this one (order 200).
                "sites": list(Site.objects.values_list("hostname", flat=True)),
            }
        )
        context.progress("krok testowy: gotowe")

    plug_in(extensions.tenant_setup, "test.step", step, order=200, label="krok testowy")
    messages: list[str] = []

    tenant_provision(**NEW_TENANT, progress=messages.append)

    assert seen == [
        {
            "schema": "t_gniezno",
            "tenant": "gniezno",
            "context": ("gniezno", "gniezno.test.localhost", NEW_TENANT["admin_email"]),
            "in_transaction": True,
            "sites": ["gniezno.test.localhost"],
        }
    ]
    assert "gniezno: strona główna i serwis Wagtail" in messages
    assert messages.index("gniezno: krok testowy") < messages.index("krok testowy: gotowe")


def test_a_failing_step_rolls_back_the_whole_provisioning(plug_in, mailoutbox):
    def explode(context: extensions.ProvisioningContext) -> None:
        # By now the tenant row, its schema (with the Wagtail site) and its domain exist.
        assert Site.objects.filter(hostname=context.domain).exists()
        raise RuntimeError("disk full")

    plug_in(extensions.tenant_setup, "test.explode", explode, order=200)
    assert _tenant_state("gniezno", "gniezno.test.localhost") == (False, False, False)

    with pytest.raises(RuntimeError, match="disk full"):
        tenant_provision(**NEW_TENANT)

    assert _tenant_state("gniezno", "gniezno.test.localhost") == (False, False, False)
    assert mailoutbox == []  # no invitation for an administrator that does not exist
    # Nothing blocks a second attempt once the failing step is gone.
    extensions.tenant_setup.unregister("test.explode")
    result = tenant_provision(**NEW_TENANT)
    assert result.created is True
    assert _tenant_state("gniezno", "gniezno.test.localhost") == (True, True, True)


def test_domain_add_runs_the_domain_steps_in_the_tenants_schema(tenant_a, plug_in):
    seen: list[tuple[str, str]] = []
    plug_in(
        extensions.domain_setup,
        "test.record",
        lambda *, hostname: seen.append((connection.schema_name, hostname)),
    )

    domain_add(tenant=tenant_a, domain="ES.Czestochowa.pl")

    assert seen == [("t_czestochowa", "es.czestochowa.pl")]
    with tenant_context(tenant_a):
        site = Site.objects.get(hostname="es.czestochowa.pl")
        assert (
            site.root_page_id
            == Site.objects.get(hostname="czestochowa.test.localhost").root_page_id
        )


def test_a_failing_domain_step_leaves_no_domain(tenant_a, plug_in):
    def refuse(*, hostname: str) -> None:
        raise ValidationError({"domain": "Certyfikat dla tej domeny nie jest gotowy."})

    plug_in(extensions.domain_setup, "test.refuse", refuse, order=200)

    with pytest.raises(ValidationError, match="Certyfikat"):
        domain_add(tenant=tenant_a, domain="es.czestochowa.pl")

    assert not Domain.objects.filter(domain="es.czestochowa.pl").exists()
    with tenant_context(tenant_a):
        assert not Site.objects.filter(hostname="es.czestochowa.pl").exists()


def test_migrate_schemas_fills_the_template_with_the_registered_content(plug_in):
    seen: list[str] = []
    plug_in(extensions.template_content, "test.record", lambda: seen.append(connection.schema_name))

    call_command(
        "migrate_schemas",
        schema_name=settings.TENANT_TEMPLATE_SCHEMA,
        interactive=False,
        verbosity=0,
    )

    assert seen == [settings.TENANT_TEMPLATE_SCHEMA]
    assert connection.schema_name == "public"
    with schema_context(settings.TENANT_TEMPLATE_SCHEMA):
        # cms's content is there (and still once: the entries are idempotent), with no Site.
        from cms.models import HomePage, NewsIndexPage

        assert HomePage.objects.count() == 1
        assert NewsIndexPage.objects.count() == 1
        assert not Site.objects.exists()


def test_seed_demo_runs_the_registered_demo_entries_in_order(monkeypatch, tenant_b):
    calls: list[tuple[str, str, str]] = []

    def entry(name: str) -> Callable[[Tenant], None]:
        return lambda tenant: calls.append((name, tenant.slug, connection.schema_name))

    registry: extensions.ExtensionRegistry = extensions.ExtensionRegistry("demo content")
    registry.register("last", entry("last"), order=90)
    registry.register("first", entry("first"), order=10)
    registry.register("middle", entry("middle"), order=50)
    monkeypatch.setattr(extensions, "demo_content", registry)
    spec = {
        "slug": "bydgoszcz",
        "name": tenant_b.name,
        "kind": tenant_b.kind,
        "teryt_code": tenant_b.teryt_code,
        "served_units": tenant_b.served_units,
        "contact": {},
    }
    monkeypatch.setattr("tenants.management.commands.seed_demo.DEMO_TENANTS", [spec])

    call_command("seed_demo", "--admin-password=Hasło-demo-2026")

    assert calls == [
        ("first", "bydgoszcz", "t_bydgoszcz"),
        ("middle", "bydgoszcz", "t_bydgoszcz"),
        ("last", "bydgoszcz", "t_bydgoszcz"),
    ]
