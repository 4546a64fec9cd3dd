"""A cloned schema must equal a schema built by running every migration."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from tenants.services import tenant_provision

pytestmark = pytest.mark.django_db


_CASTS = re.compile(r"::[a-z ]+(\[\])?|[()]")


def _normalized(definition: str) -> str:
    """Deparsed expressions re-parsed by PostgreSQL may print with other casts and
    parentheses (``ANY (ARRAY[...]::text[])`` vs ``ANY (ARRAY[...::text])``); compare without."""
    return "".join(_CASTS.sub(" ", definition).split())


def _catalog(schema: str) -> dict[str, object]:
    """Everything that must match, with the schema's own name taken out of definitions."""
    strip = re.compile(r"\b" + re.escape(schema) + r"\.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, row_number() OVER (PARTITION BY c.relname ORDER BY a.attnum),"
            " a.attname, format_type(a.atttypid, a.atttypmod),"
            " a.attnotnull, a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid)"
            " FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid"
            " LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum"
            " WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r'"
            " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2",
            [schema],
        )
        columns = [tuple(strip.sub("", str(v)) for v in row) for row in cursor.fetchall()]
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE c.relnamespace = %s::regnamespace ORDER BY 1",
            [schema],
        )
        indexes = [(n, _normalized(strip.sub("", d))) for n, d in cursor.fetchall()]
        cursor.execute(
            "SELECT r.relname, c.conname, c.contype, pg_get_constraintdef(c.oid)"
            " FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid"
            " WHERE r.relnamespace = %s::regnamespace ORDER BY 1, 2",
            [schema],
        )
        constraints = [(t, n, k, _normalized(strip.sub("", d))) for t, n, k, d in cursor.fetchall()]
        cursor.execute(
            "SELECT sequencename, data_type::text, start_value, increment_by, max_value,"
            " min_value, cycle FROM pg_sequences WHERE schemaname = %s ORDER BY 1",
            [schema],
        )
        sequences = cursor.fetchall()
        cursor.execute(
            f"SELECT app, name FROM {connection.ops.quote_name(schema)}.django_migrations"
            " ORDER BY app, name"
        )
        migrations = cursor.fetchall()
        cursor.execute(
            f"SELECT id, app_label, model FROM {connection.ops.quote_name(schema)}"
            ".django_content_type ORDER BY id"
        )
        content_types = cursor.fetchall()
    return {
        "columns": columns,
        "indexes": indexes,
        "constraints": constraints,
        "sequences": sequences,
        "migrations": migrations,
        "content_types": content_types,
    }


@pytest.fixture(scope="session")
def migrated_tenant(django_db_setup, django_db_blocker):
    """A tenant provisioned by running every migration (outside any test transaction:
    Wagtail's migrations cannot run inside one)."""
    with django_db_blocker.unblock():
        return tenant_provision(
            name="Zmigrowany",
            slug="migrated",
            kind="county",
            teryt_code="2602",
            admin_email="a@example.pl",
            schema_method="migrate",
        ).tenant


def test_clone_equals_a_migrated_schema(migrated_tenant):
    migrated = migrated_tenant
    cloned = tenant_provision(
        name="Sklonowany",
        slug="cloned",
        kind="county",
        teryt_code="2602",
        admin_email="a@example.pl",
    ).tenant

    expected = _catalog(migrated.schema_name)
    actual = _catalog(cloned.schema_name)

    for part in expected:
        assert actual[part] == expected[part], part
    assert len(expected["columns"]) > 300  # a real Wagtail schema, not an empty one


def test_template_is_fully_migrated():
    """The template holds every tenant migration there is (so clones lack none).

    The test database starts empty and is built by ``migrate``: the template schema exists
    here only because our migrate command creates and migrates it."""
    loader = MigrationLoader(connection)
    labels = {app.label for app in apps.get_app_configs() if app.name in settings.TENANT_APPS}
    expected = {key for key in loader.disk_migrations if key[0] in labels}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app, name FROM {settings.TENANT_TEMPLATE_SCHEMA}.django_migrations")
        applied = set(cursor.fetchall())
    missing = expected - applied
    assert not missing, sorted(missing)


def test_stock_clone_baseline_provisions_the_same_tenant(migrated_tenant):
    """The benchmark's baseline (django-tenants' own ``clone_schema`` and ``migrate --fake``)
    must build a working tenant too, or its figure would compare against nothing."""
    from django_tenants.utils import schema_context
    from wagtail.models import Site

    from cms.models import HomePage

    stock = tenant_provision(
        name="Sklonowany po staremu",
        slug="stock",
        kind="county",
        teryt_code="2602",
        admin_email="a@example.pl",
        schema_method="stock_clone",
    ).tenant

    with schema_context(stock.schema_name):
        assert list(Site.objects.values_list("hostname", "site_name")) == [
            ("stock.test.localhost", "Sklonowany po staremu")
        ]
        assert HomePage.objects.get().title == "Sklonowany po staremu"
    expected = _catalog(migrated_tenant.schema_name)
    actual = _catalog(stock.schema_name)
    assert actual["columns"] == expected["columns"]
    assert actual["migrations"] == expected["migrations"]
