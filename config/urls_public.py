"""URLs of the platform's own site (public schema, PLATFORM_DOMAIN)."""

from django.contrib import admin
from django.urls import path

from tenants import views

urlpatterns = [
    path("", views.platform_home, name="platform-home"),
    path("operator/", admin.site.urls),
]
