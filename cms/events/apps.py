from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cms.events"
    label = "cms_events"
    verbose_name = "Wydarzenia"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.events import demo
        from tenants import extensions

        extensions.demo_content.register(
            "cms.events", demo.seed_demo_content, order=20, label="wydarzenia"
        )
