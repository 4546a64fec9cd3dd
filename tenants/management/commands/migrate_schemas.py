"""``migrate_schemas`` that also keeps the tenant template schema migrated.

django-tenants never creates or migrates the template it clones from; if the template fell
behind, every tenant cloned from it would get migrations recorded as applied that never ran.
Here migrating "all tenants" always includes the template (created if missing), first, so a
tenant provisioned during a rollout is cloned from an up-to-date template. After migrating it,
the apps' ``template_content`` entries (``tenants.extensions``) fill it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand
from django_tenants.migration_executors import get_executor
from django_tenants.utils import schema_context, schema_exists

from tenants import extensions


class Command(MigrateSchemasCommand):
    def handle(self, *args, **options):
        template = settings.TENANT_TEMPLATE_SCHEMA
        schema = options.get("schema_name")
        if schema == template:
            self._migrate_template(template, options)
            return
        all_tenants = not schema and (options.get("tenant") or not options.get("shared"))
        if not all_tenants:
            super().handle(*args, **options)
            return
        # Order: public schema (it holds the tenant table), template, then every tenant.
        if not options.get("tenant"):
            super().handle(*args, **{**options, "shared": True, "tenant": False})
        self._migrate_template(template, options)
        super().handle(*args, **{**options, "shared": False, "tenant": True})

    def _migrate_template(self, template: str, options) -> None:
        if not schema_exists(template):
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE SCHEMA {connection.ops.quote_name(template)}")
        executor = get_executor(codename="standard")(
            [], {**options, "executor": "standard", "schema_name": template}
        )
        executor.run_migrations(tenants=[template])
        # The apps' tenant-independent content (e.g. the generic pages of a site) lives in the
        # template too, so that each clone has it without creating (and indexing) it again.
        with schema_context(template):
            for entry in extensions.template_content:
                entry.func()
        connection.set_schema_to_public()  # type: ignore[attr-defined]
