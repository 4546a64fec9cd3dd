"""Every write of the api app: clients, keys, rotation, revocation, last use."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from api.keys import key_generate
from api.models import SCOPES, ApiClient, ApiKey

# last_used_at is written at most this often per client (a full sync is many requests).
LAST_USED_RESOLUTION = timedelta(minutes=5)
DEFAULT_ROTATION_OVERLAP = timedelta(days=7)


def _validate_scopes(scopes: Iterable[str]) -> list[str]:
    values = sorted(set(scopes))
    unknown = [s for s in values if s not in SCOPES]
    if unknown:
        raise ValidationError(
            {"scopes": f"Nieznane uprawnienia: {', '.join(unknown)}."}, code="invalid_scope"
        )
    return values


def _key_add(client: ApiClient) -> str:
    new = key_generate()
    ApiKey.objects.create(client=client, prefix=new.prefix, secret_sha256=new.secret_sha256)
    return new.key


@transaction.atomic
def api_client_create(
    *,
    name: str,
    contact_email: str,
    scopes: Iterable[str],
    expires_at: datetime | None = None,
    created_by: Any = None,
) -> tuple[ApiClient, str]:
    """A new client and its first key; the key (returned) is never stored nor shown again."""
    client = ApiClient(
        name=name.strip(),
        contact_email=contact_email.strip(),
        scopes=_validate_scopes(scopes),
        expires_at=expires_at,
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError(
            {"expires_at": "Data ważności musi być w przyszłości."}, code="expired"
        )
    client.full_clean()
    client.save()
    return client, _key_add(client)


@transaction.atomic
def api_client_rotate(*, client: ApiClient, overlap: timedelta = DEFAULT_ROTATION_OVERLAP) -> str:
    """A new key for ``client``; its current keys keep working for ``overlap``, then expire."""
    if client.revoked_at is not None:
        raise ValidationError("Nie można zmienić klucza unieważnionej integracji.", code="revoked")
    end = timezone.now() + overlap
    for key in ApiKey.objects.select_for_update().filter(client=client, revoked_at__isnull=True):
        if key.expires_at is None or key.expires_at > end:
            key.expires_at = end
            key.save(update_fields=["expires_at"])
    return _key_add(client)


@transaction.atomic
def api_client_revoke(*, client: ApiClient) -> ApiClient:
    """Revoke the client and every key of it at once (idempotent)."""
    now = timezone.now()
    if client.revoked_at is None:
        client.revoked_at = now
        client.save(update_fields=["revoked_at"])
    ApiKey.objects.filter(client=client, revoked_at__isnull=True).update(revoked_at=now)
    return client


def api_client_touch(*, client: ApiClient, now: datetime | None = None) -> None:
    """Record the client's last use, at most once per ``LAST_USED_RESOLUTION``."""
    now = now or timezone.now()
    if client.last_used_at is not None and now - client.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    client.last_used_at = now
