"""URLs of every tenant's site (the tenant's schema)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents.views import serve as wagtail_documents

from cms import views as cms_views
from cms.sitemaps import PublicPagesSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document URLs (same names), the file view wrapped with its download headers.
    re_path(r"^documents/(\d+)/(.*)$", cms_views.document_serve, name="wagtaildocs_serve"),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        wagtail_documents.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("media/<path:path>", cms_views.media_serve, name="tenant-media"),
    path("szukaj/", cms_views.search, name="search"),
    path("organizacje/", include("registry.urls")),
    path("api/v1/", include(("api.urls", "api"), namespace="v1")),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PublicPagesSitemap}}, name="sitemap"),
    path("robots.txt", cms_views.robots_txt, name="robots"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# Wagtail's page serving, behind the per-tenant page cache for anonymous visitors.
urlpatterns += [
    # iCal files (kalendarz.ics, wydarzenie.ics): Wagtail's router takes only "segment/" paths.
    path("", include("cms.events.urls")),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "_util/login/",
        auth_views.LoginView.as_view(template_name="wagtailcore/login.html"),
        name="wagtailcore_login",
    ),
    re_path(r"^((?:[\w\-]+/)*)$", cms_views.serve, name="wagtail_serve"),
]
