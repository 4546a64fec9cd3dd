"""URLs of the platform's own site (public schema, PLATFORM_DOMAIN)."""

from django.conf import settings
from django.contrib import admin
from django.urls import path

from tenants import views


def _operator_admin_prune() -> None:
    """Keep in the operator admin only models whose tables the public schema has: apps that
    are tenant-only (Wagtail's documents, taggit...) register themselves with Django's admin
    too, and their pages were 500s on the platform host."""
    for model in list(admin.site._registry):
        if model._meta.app_config.name not in settings.SHARED_APPS:
            admin.site.unregister(model)


_operator_admin_prune()

urlpatterns = [
    path("", views.platform_home, name="platform-home"),
    path("operator/", admin.site.urls),
]
