from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from partnerships import demo, metrics, roles
        from tenants import extensions

        extensions.demo_content.register(
            "partnerships",
            demo.seed_demo_content,
            order=50,
            label="partnerstwa, projekty i wskaźniki",
        )
        extensions.tenant_metrics.register("partnerships", metrics.partnerships_metrics)
        extensions.roles.register("partnerships", roles.partnerships_roles_grant, order=50)
