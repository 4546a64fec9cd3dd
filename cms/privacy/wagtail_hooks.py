from __future__ import annotations

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
