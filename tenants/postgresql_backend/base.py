"""django-tenants' PostgreSQL backend with two per-request costs removed.

* ``set_tenant`` forgets the session's search_path every time it is called, so each request
  (routing switches to public, then to the tenant) issued ``SET search_path`` again even on a
  persistent connection already set to that tenant. Here the wrapper remembers what the
  session really has (``applied_search_path``) and only issues SET when it differs.
* ``set_tenant`` also cleared the whole ContentType cache on every switch, because content
  type ids may differ between schemas. ``tenants.schema_cache`` keys that cache by schema, so
  clearing it is no longer needed and each request no longer re-reads content types.

Whatever can change the session's search_path (close, rollback, rollback to a savepoint, or
``set_config`` in ``tenants.schema_clone``) calls ``forget_search_path()``.
"""

from __future__ import annotations

from django_tenants.postgresql_backend import base as tenants_base


class DatabaseWrapper(tenants_base.DatabaseWrapper):
    applied_search_path: list[str] | None = None

    def set_tenant(self, tenant, include_public=True):
        self.tenant = tenant
        self.schema_name = tenant.schema_name
        self.include_public_schema = include_public
        self.set_settings_schema(self.schema_name)
        if tenants_base.EXTRA_SET_TENANT_METHOD:
            tenants_base.EXTRA_SET_TENANT_METHOD(self, tenant)
        wanted = list(self._get_cursor_search_paths())
        self.search_path_set_schemas = wanted if self.applied_search_path == wanted else None

    def _handle_search_path(self, cursor=None):
        super()._handle_search_path(cursor)
        if self.search_path_set_schemas is not None:
            self.applied_search_path = list(self.search_path_set_schemas)

    def forget_search_path(self) -> None:
        self.search_path_set_schemas = None
        self.applied_search_path = None

    def close(self):
        self.applied_search_path = None
        super().close()

    def rollback(self):
        self.applied_search_path = None
        super().rollback()

    def savepoint_rollback(self, sid):
        self.applied_search_path = None
        super().savepoint_rollback(sid)
