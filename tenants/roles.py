"""The ready-made roles of every tenant, as Django groups an administrator assigns to editors.

* "Redaktor": pages, news, events, images and documents;
* "Moderator": submissions of the public forms;
* "Baza organizacji": the register of organisations, its imports, partnerships and projects;
* "Administrator": everything the other roles may do, plus the tenant's users and settings.

The foundation names the roles; each app grants its own permissions to them through the
``roles`` extension point (``tenants.extensions``), so a new app plugs in without editing this
module. :func:`roles_sync` runs in the template schema (every clone inherits the groups) and
after every migration of a tenant schema (tenants created before a role or a permission existed
get it on the next ``migrate_schemas``). It only adds: permissions an administrator granted by
hand stay, and nothing is taken from a group that has members.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name

from tenants import extensions

log = logging.getLogger(__name__)

EDITOR = "Redaktor"
MODERATOR = "Moderator"
REGISTRY = "Baza organizacji"
ADMINISTRATOR = "Administrator"
ROLES = (EDITOR, MODERATOR, REGISTRY, ADMINISTRATOR)

# Wagtail's migrations create two English groups of their own; a tenant gets the roles above
# instead (the English ones are removed while nobody is in them).
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")

MODEL_ACTIONS = ("add", "change", "delete", "view")


@dataclass
class RoleGrants:
    """What an app's grant function gets: the role groups of the current schema."""

    groups: dict[str, Group]
    granted: dict[str, set[int]] = field(default_factory=dict)

    def group(self, role: str) -> Group:
        try:
            return self.groups[role]
        except KeyError:
            raise ImproperlyConfigured(
                f"Unknown role {role!r}; roles: {', '.join(ROLES)}"
            ) from None

    def permissions(self, role: str, *names: str) -> None:
        """Grant permissions named ``app_label.codename`` (all must exist)."""
        wanted = {tuple(name.split(".", 1)) for name in names}
        found = {
            (p.content_type.app_label, p.codename): p.pk
            for p in Permission.objects.filter(
                codename__in={codename for _, codename in wanted}
            ).select_related("content_type")
        }
        missing = sorted(f"{a}.{c}" for a, c in wanted if (a, c) not in found)
        if missing:
            raise ImproperlyConfigured(f"Role {role!r}: no such permission: {', '.join(missing)}")
        ids = {found[key] for key in wanted}  # type: ignore[index]
        self.group(role).permissions.add(*ids)
        self.granted.setdefault(role, set()).update(ids)

    def model_permissions(
        self, role: str, app_label: str, actions: tuple[str, ...] = MODEL_ACTIONS
    ) -> None:
        """Grant ``actions`` on every model of an app (new models join on the next sync)."""
        names = [
            f"{app_label}.{action}_{model._meta.model_name}"
            for model in apps.get_app_config(app_label).get_models()
            for action in actions
            if action in model._meta.default_permissions
        ]
        self.permissions(role, *names)


def _ensure_permissions() -> None:
    """Content types and permissions of every app exist (post_migrate creates them one app at a
    time, so some may not yet when the roles are synced)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create the roles in the current schema and let every app grant to them; returns the
    number of permissions each role has. Idempotent."""
    _ensure_permissions()
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    grants = RoleGrants(groups)
    for entry in extensions.roles:
        entry.func(grants)
    # The administrator may do whatever any other role may.
    others = set().union(*(ids for role, ids in grants.granted.items() if role != ADMINISTRATOR))
    groups[ADMINISTRATOR].permissions.add(*others)
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()
    return {name: group.permissions.count() for name, group in groups.items()}


def roles_sync_after_migrate(sender: Any, **kwargs: Any) -> None:
    """``post_migrate`` (sent once per app; acted on for this app only): in a tenant or the
    template schema, never in the public one (the platform has no editors)."""
    if getattr(connection, "schema_name", None) in (None, get_public_schema_name()):
        return
    roles_sync()
