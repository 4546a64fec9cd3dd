from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.privacy.views import PERMISSION, privacy_view


@hooks.register("register_admin_urls")
def privacy_admin_urls():
    return [path("dane-osobowe/", privacy_view, name="privacy_requests")]


class PrivacyMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def privacy_menu_item():
    return PrivacyMenuItem(
        "Dane osobowe (RODO)", reverse("privacy_requests"), icon_name="lock", order=950
    )


@hooks.register("register_permissions")
def privacy_permissions():
    """Lets administrators grant the permission to a group in Wagtail's own screens."""
    return Permission.objects.filter(
        content_type__app_label="cms_privacy", codename="handle_privacy_request"
    )
