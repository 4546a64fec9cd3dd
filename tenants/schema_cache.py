"""Process-level caches that must be keyed by tenant schema, not only by database alias.

Django caches ContentType rows per database alias. With one schema per tenant the same alias
serves every tenant, and content type ids are only guaranteed equal across schemas that were
cloned from the same template; a schema migrated on its own (or a template migrated in another
order) may number them differently. Keying the cache by (alias, schema) keeps a tenant from ever
reading another schema's ids.
"""

from __future__ import annotations

from typing import Any

from django.db import connections


class SchemaKeyedCache(dict):
    """A dict whose keys (database aliases) are widened to (alias, current schema)."""

    @staticmethod
    def _key(alias):
        schema = (
            getattr(connections[alias], "schema_name", None) if isinstance(alias, str) else None
        )
        return (alias, schema)

    def __getitem__(self, alias):
        return super().__getitem__(self._key(alias))

    def __setitem__(self, alias, value):
        super().__setitem__(self._key(alias), value)

    def __contains__(self, alias):
        return super().__contains__(self._key(alias))

    def get(self, alias, default=None):
        return super().get(self._key(alias), default)

    def setdefault(self, alias, default=None):
        return super().setdefault(self._key(alias), default)

    def pop(self, alias, *default):
        return super().pop(self._key(alias), *default)


def install_schema_keyed_contenttype_cache() -> None:
    from django.contrib.contenttypes.models import ContentType

    manager: Any = ContentType.objects  # its per-process ``_cache`` is not part of the stubs
    if not isinstance(manager._cache, SchemaKeyedCache):
        manager._cache = SchemaKeyedCache()
