from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from registry.handlers import register_organisation_handler

        register_organisation_handler()

        from registry import privacy
        from tenants import extensions

        extensions.personal_data.register("registry", privacy.organisations_find, order=40)
