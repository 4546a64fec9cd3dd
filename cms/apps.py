from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Serwis (strony)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms import signals

        signals.connect()

        from cms import services
        from tenants import extensions

        extensions.restore_setup.register("cms_sites", services.site_rehost, order=10)
