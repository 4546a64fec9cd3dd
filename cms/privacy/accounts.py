"""Personal data of the tenant's editors (its users): exporter and eraser for ``cms.privacy``.

An editor's account is never deleted: pages, revisions, moderation decisions and registry
history point at it. Erasure deactivates it and strips everything that names the person; the
last active administrator of a site cannot be erased (nobody could administer it afterwards),
nor can the editor carrying out the request erase their own account.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower, Trim
from django_tenants.utils import schema_context
from wagtail.users.models import UserProfile

from tenants.extensions import ErasureContext, PersonalDataItem, PersonQuery

CATEGORY = "Konta redaktorów serwisu"
MSG_LAST_ADMIN = (
    "Nie można usunąć danych konta nr %(pk)s: to ostatni aktywny administrator serwisu. "
    "Najpierw nadaj uprawnienia administratora innej osobie."
)
MSG_OWN_ACCOUNT = (
    "Nie można usunąć danych własnego konta (nr %(pk)s). Poproś o to innego redaktora "
    "z uprawnieniem do obsługi wniosków RODO."
)


def _yes_no(value: bool) -> str:
    return "tak" if value else "nie"


def editor_accounts_find(person: PersonQuery) -> Iterator[PersonalDataItem]:
    """Accounts whose e-mail address or login is the person's address, or (when a name is
    given) whose first and last name are the person's name."""
    User = get_user_model()
    condition = Q(email__iexact=person.email) | Q(username__iexact=person.email)
    users = User.objects.annotate(
        full_name=Lower(Trim(Concat("first_name", Value(" "), "last_name")))
    )
    if person.name:
        condition |= Q(full_name=person.name.lower())
    for user in users.filter(condition).prefetch_related("groups").order_by("pk"):
        matched = []
        if person.matches_email(user.email) or person.matches_email(user.username):
            matched.append("e-mail")
        if person.matches_name(f"{user.first_name} {user.last_name}"):
            matched.append("imię i nazwisko")
        profile = UserProfile.objects.filter(user=user).first()
        yield PersonalDataItem(
            category=CATEGORY,
            reference=f"Konto nr {user.pk}",
            data={
                "Nazwa użytkownika (login)": user.username,
                "E-mail": user.email,
                "Imię": user.first_name,
                "Nazwisko": user.last_name,
                "Konto aktywne": _yes_no(user.is_active),
                "Administrator serwisu": _yes_no(user.is_superuser),
                "Grupy": sorted(group.name for group in user.groups.all()),
                "Data założenia konta": user.date_joined.isoformat(),
                "Ostatnie logowanie": user.last_login.isoformat() if user.last_login else None,
                "Zdjęcie profilowe": _yes_no(bool(profile and profile.avatar)),
            },
            matched=tuple(matched),
            erase=partial(_editor_account_erase, user.pk),
        )


def _editor_account_erase(user_id: int, context: ErasureContext) -> str:
    User = get_user_model()
    # Lock every active administrator: two erasures running at once cannot each leave the
    # other as the "remaining" administrator and end with none.
    admins = set(
        User.objects.select_for_update()
        .filter(is_superuser=True, is_active=True)
        .values_list("pk", flat=True)
    )
    user = User.objects.select_for_update().get(pk=user_id)
    editor: Any = context.editor
    if editor is not None and editor.pk == user.pk:
        raise ValidationError(MSG_OWN_ACCOUNT, code="own_account", params={"pk": user.pk})
    if user.pk in admins and len(admins) == 1:
        raise ValidationError(MSG_LAST_ADMIN, code="last_admin", params={"pk": user.pk})
    user.username = f"usuniete-konto-{user.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    profile = UserProfile.objects.filter(user=user).first()
    if profile is not None and profile.avatar:
        storage, name, schema = profile.avatar.storage, profile.avatar.name, connection.schema_name  # type: ignore[attr-defined]
        profile.avatar = ""
        profile.save(update_fields=["avatar"])

        def delete_file() -> None:
            # The tenant's storage resolves paths from the current schema: name it again.
            with schema_context(schema):
                storage.delete(name)

        # Files are not transactional: delete only once the whole erasure has committed.
        transaction.on_commit(delete_file)
    return "konto wyłączone, dane osobowe usunięte"
