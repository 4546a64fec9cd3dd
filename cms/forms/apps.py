from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "cms.forms"
    label = "cms_forms"
    verbose_name = "Formularze i zgłoszenia"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.forms.builtin import register_builtin_handlers

        register_builtin_handlers()

        from cms.forms import privacy
        from tenants import extensions

        extensions.personal_data.register("cms_forms", privacy.submissions_find, order=20)
