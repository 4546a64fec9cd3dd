from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from api import roles
        from tenants import extensions

        extensions.roles.register("api", roles.api_roles_grant, order=60)
