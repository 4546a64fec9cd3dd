"""Issue 15: ready-made roles per tenant. The foundation names them, each app grants its own
permissions through the ``roles`` extension point; every tenant (cloned from the template) has
them in Polish, Wagtail's English groups are gone, and each role reaches only its own screens."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal
from django.test import Client
from django_tenants.utils import tenant_context
from wagtail.models import Page

from tenants import extensions
from tenants.roles import ADMINISTRATOR, EDITOR, MODERATOR, REGISTRY, ROLES, roles_sync
from tests.conftest import ADMIN_PASSWORD, host_of, logged_in

pytestmark = pytest.mark.django_db

SCREENS = {
    "pages": "/admin/pages/{home}/edit/",
    "submissions": "/admin/zgloszenia/",
    "imports": "/admin/registry/imports/",
    "organisations": "/admin/registry/organisations/",
    "partnerships": "/admin/partnerships/partnerships/",
    "privacy": "/admin/dane-osobowe/",
    "users": "/admin/users/",
}
# Who reaches which screen (a role not listed for a screen is turned away).
ALLOWED = {
    EDITOR: {"pages"},
    MODERATOR: {"submissions", "organisations"},
    REGISTRY: {"imports", "organisations", "partnerships"},
    ADMINISTRATOR: set(SCREENS),
}


def _member_of(tenant, role: str):
    with tenant_context(tenant):
        user = get_user_model().objects.create_user(
            username=f"{role}@example.pl", email=f"{role}@example.pl", password=ADMIN_PASSWORD
        )
        user.groups.add(Group.objects.get(name=role))
        home = Page.objects.get(slug="strona-glowna").pk
    client = logged_in(tenant.slug, user.username)
    client.home = home  # type: ignore[attr-defined]
    return client


def test_every_tenant_has_the_polish_roles_and_not_wagtails_english_groups(tenant_a, tenant_b):
    for tenant in (tenant_a, tenant_b):
        with tenant_context(tenant):
            names = set(Group.objects.values_list("name", flat=True))
        assert set(ROLES) <= names
        assert not names & {"Editors", "Moderators"}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_its_own_screens_only(tenant_a, role):
    client = _member_of(tenant_a, role)
    reached = set()
    for screen, url in SCREENS.items():
        response = client.get(url.format(home=client.home))  # type: ignore[attr-defined]
        assert response.status_code in (200, 302, 403), (screen, response.status_code)
        if response.status_code == 200:
            reached.add(screen)
    assert reached == ALLOWED[role]


def test_sync_is_idempotent_and_keeps_what_an_administrator_granted(tenant_a):
    with tenant_context(tenant_a):
        first = roles_sync()
        editor = Group.objects.get(name=EDITOR)
        extra = Permission.objects.get(codename="view_organisation")
        editor.permissions.add(extra)
        second = roles_sync()
        assert editor.permissions.filter(pk=extra.pk).exists()
    assert second == {**first, EDITOR: first[EDITOR] + 1}
    # The administrator may do what any other role may.
    with tenant_context(tenant_a):
        admin = set(Group.objects.get(name=ADMINISTRATOR).permissions.all())
        for role in (MODERATOR, REGISTRY):
            assert set(Group.objects.get(name=role).permissions.all()) <= admin


def test_a_migration_gives_an_older_tenant_the_roles_it_lacks(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        Group.objects.filter(name=REGISTRY).delete()
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        group = Group.objects.get(name=REGISTRY)
        assert group.permissions.filter(codename="add_organisation").exists()
        assert group.permissions.filter(codename="change_partnership").exists()


def test_a_new_app_plugs_its_grant_in_and_a_change_stays_in_its_tenant(tenant_a, tenant_b):
    def grant(grants):
        grants.permissions(EDITOR, "registry.view_organisation")

    extensions.roles.register("test-app", grant, order=300)
    try:
        with tenant_context(tenant_a):
            roles_sync()
            assert (
                Group.objects.get(name=EDITOR)
                .permissions.filter(codename="view_organisation")
                .exists()
            )
    finally:
        extensions.roles.unregister("test-app")
    with tenant_context(tenant_b):  # canary: the other tenant's role is untouched
        assert (
            not Group.objects.get(name=EDITOR)
            .permissions.filter(codename="view_organisation")
            .exists()
        )


def test_an_unknown_permission_is_a_configuration_error(tenant_a):
    from django.core.exceptions import ImproperlyConfigured

    def grant(grants):
        grants.permissions(EDITOR, "registry.fly_organisation")

    extensions.roles.register("broken-app", grant, order=300)
    try:
        with (
            tenant_context(tenant_a),
            pytest.raises(ImproperlyConfigured, match="fly_organisation"),
        ):
            roles_sync()
    finally:
        extensions.roles.unregister("broken-app")


def test_an_administrator_invites_an_editor_who_sets_a_password_from_the_link(
    tenant_a, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    admin = _member_of(tenant_a, ADMINISTRATOR)
    with tenant_context(tenant_a):
        editor_group = Group.objects.get(name=EDITOR).pk
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/admin/users/new/",
            {
                "username": "redakcja@czestochowa.example.pl",
                "email": "redakcja@czestochowa.example.pl",
                "first_name": "Ewa",
                "last_name": "Redaktorska",
                "password1": "",
                "password2": "",
                "groups": [editor_group],
                "is_active": "on",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(tenant_a):
        user = get_user_model().objects.get(email="redakcja@czestochowa.example.pl")
        assert not user.has_usable_password()
        assert list(user.groups.values_list("name", flat=True)) == [EDITOR]
    (mail,) = mailoutbox
    assert mail.to == ["redakcja@czestochowa.example.pl"]
    assert "role: Redaktor" in mail.body
    link = re.search(r"http://czestochowa\.test\.localhost(/admin/password_reset/\S+)", mail.body)
    assert link is not None

    editor = Client(HTTP_HOST=host_of("czestochowa"))
    form_url = editor.get(link.group(1), follow=True).redirect_chain[-1][0]
    done = editor.post(
        form_url, {"new_password1": "Nowe-hasło-2026!", "new_password2": "Nowe-hasło-2026!"}
    )
    assert done.status_code == 302
    signed_in = Client(HTTP_HOST=host_of("czestochowa"))
    assert (
        signed_in.post(
            "/admin/login/",
            {"username": "redakcja@czestochowa.example.pl", "password": "Nowe-hasło-2026!"},
        ).status_code
        == 302
    )
    with tenant_context(tenant_a):
        home = Page.objects.get(slug="strona-glowna").pk
    assert signed_in.get(f"/admin/pages/{home}/edit/").status_code == 200


def test_an_administrator_cannot_make_or_take_over_a_superuser(tenant_a):
    """Wagtail's user form lets whoever may add users tick "Administrator" (superuser): the
    role "Administrator" must not escalate to it, nor edit or delete a superuser's account."""
    admin = _member_of(tenant_a, ADMINISTRATOR)
    with tenant_context(tenant_a):
        first_admin = get_user_model().objects.get(is_superuser=True)
    payload = {
        "username": "przejecie@example.pl",
        "email": "przejecie@example.pl",
        "first_name": "Jan",
        "last_name": "Przejęty",
        "is_superuser": "on",
        "is_active": "on",
    }

    created = admin.post("/admin/users/new/", payload)
    edited = admin.post(f"/admin/users/edit/{first_admin.pk}/", {**payload, "is_superuser": ""})
    deleted = admin.post(f"/admin/users/delete/{first_admin.pk}/")

    for response in (created, edited):
        assert response.status_code == 403
        assert "Tylko administrator główny" in response.text
    # Deleting a superuser is refused by Wagtail itself (back to the dashboard).
    assert (deleted.status_code, deleted.url) == (302, "/admin/")
    with tenant_context(tenant_a):
        assert not get_user_model().objects.filter(email="przejecie@example.pl").exists()
        first_admin.refresh_from_db()
        assert first_admin.is_superuser
        assert first_admin.email == "admin@czestochowa.example.pl"
    # Editors without the flag are still the administrator's to add.
    payload.pop("is_superuser")
    assert admin.post("/admin/users/new/", payload).status_code == 302
