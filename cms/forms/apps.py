from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "cms.forms"
    label = "cms_forms"
    verbose_name = "Formularze i zgłoszenia"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.forms.builtin import register_builtin_handlers

        register_builtin_handlers()
