from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "cms.privacy"
    label = "cms_privacy"
    verbose_name = "Dane osobowe (RODO)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.privacy import accounts
        from tenants import extensions

        extensions.personal_data.register("editors", accounts.editor_accounts_find, order=90)
