from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Najemcy (samorządy i ośrodki)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from tenants import (  # noqa: F401 (checks registers the system checks)
            checks,
            extensions,
            observability,
            roles,
            routing,
            schema_cache,
        )

        schema_cache.install_schema_keyed_contenttype_cache()
        routing.connect_invalidation_signals()
        observability.connect_celery_signals()
        extensions.template_content.register(
            "tenants.roles", roles.roles_sync, order=200, label="role redaktorów"
        )
        post_migrate.connect(roles.roles_sync_after_migrate, sender=self, dispatch_uid="roles")
