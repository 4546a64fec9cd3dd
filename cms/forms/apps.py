from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "cms.forms"
    label = "cms_forms"
    verbose_name = "Formularze i zgłoszenia"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.forms import demo, privacy
        from cms.forms.builtin import register_builtin_handlers
        from tenants import extensions

        register_builtin_handlers()
        extensions.personal_data.register("cms_forms", privacy.submissions_find, order=20)
        extensions.demo_content.register(
            "cms.forms", demo.seed_demo_content, order=30, label="formularze i zgłoszenia"
        )
