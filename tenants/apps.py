from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Najemcy (samorządy i ośrodki)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tenants import observability, routing, schema_cache

        schema_cache.install_schema_keyed_contenttype_cache()
        routing.connect_invalidation_signals()
        observability.connect_celery_signals()
