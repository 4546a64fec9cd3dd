from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Serwis (strony)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms import demo, metrics, roles, services, signals
        from tenants import extensions

        signals.connect()
        extensions.template_content.register(
            "cms.site", services.template_site_content_ensure, label="strony wspólne serwisu"
        )
        extensions.tenant_setup.register(
            "cms.site", services.site_provision, label="strona główna i serwis Wagtail"
        )
        extensions.domain_setup.register("cms.site", services.site_bind_hostname)
        extensions.restore_setup.register("cms_sites", services.site_rehost, order=10)
        extensions.demo_content.register(
            "cms", demo.seed_demo_content, order=10, label="aktualności i galeria"
        )
        extensions.tenant_metrics.register("cms", metrics.cms_metrics)
        extensions.roles.register("cms", roles.cms_roles_grant, order=10)
