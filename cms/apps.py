from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Serwis (strony)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms import signals

        signals.connect()
