"""``migrate`` is ``migrate_schemas`` here (public schema, template schema, every tenant)."""

from tenants.management.commands.migrate_schemas import Command  # noqa: F401
