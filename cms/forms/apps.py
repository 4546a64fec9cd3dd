from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "cms.forms"
    label = "cms_forms"
    verbose_name = "Formularze i zgłoszenia"
    default_auto_field = "django.db.models.BigAutoField"
