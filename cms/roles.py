"""What the site's roles may do (``tenants.roles``): pages, images and documents for the
"Redaktor", form submissions for the "Moderator", settings and personal-data requests for the
"Administrator". Page and collection permissions are Wagtail's own, granted on the root of the
page tree and of the collections, so they cover everything below."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from tenants.roles import ADMINISTRATOR, EDITOR, MODERATOR, REGISTRY, RoleGrants

PAGE_EDITING = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
PAGE_ADMINISTRATION = (*PAGE_EDITING, "bulk_delete_page")
MEDIA = tuple(
    f"{app}.{action}_{model}"
    for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
    for action in ("add", "change", "delete", "choose")
)


def _page_permissions(group: Group, codenames: tuple[str, ...]) -> None:
    root = Page.get_first_root_node()
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=codenames
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def _collection_permissions(group: Group, names: tuple[str, ...]) -> None:
    root = Collection.get_first_root_node()
    for name in names:
        app_label, codename = name.split(".", 1)
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def cms_roles_grant(grants: RoleGrants) -> None:
    for role in (EDITOR, MODERATOR, REGISTRY, ADMINISTRATOR):
        grants.permissions(role, "wagtailadmin.access_admin")
    _page_permissions(grants.group(EDITOR), PAGE_EDITING)
    _collection_permissions(grants.group(EDITOR), MEDIA)
    grants.permissions(MODERATOR, "cms_forms.view_submission", "cms_forms.moderate_submission")
    _page_permissions(grants.group(ADMINISTRATOR), PAGE_ADMINISTRATION)
    _collection_permissions(grants.group(ADMINISTRATOR), MEDIA)
    grants.permissions(
        ADMINISTRATOR,
        "cms.change_sitesettings",
        "cms_privacy.handle_privacy_request",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.view_user",
        "auth.view_group",
    )
