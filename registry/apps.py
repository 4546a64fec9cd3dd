from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from registry import demo, metrics, privacy, roles
        from registry.handlers import register_organisation_handler
        from tenants import extensions

        register_organisation_handler()
        extensions.personal_data.register("registry", privacy.organisations_find, order=40)
        extensions.demo_content.register(
            "registry", demo.seed_demo_content, order=40, label="baza organizacji"
        )
        extensions.tenant_metrics.register("registry", metrics.registry_metrics)
        extensions.roles.register("registry", roles.registry_roles_grant, order=40)
