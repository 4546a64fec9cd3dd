"""Opaque cursors, query parameters and the commit-safe sync horizon.

List cursors walk (updated_at, id) with a keyset condition (no OFFSET). The changes feed walks
the *writing transaction* of each row, never past the oldest transaction still in flight:
see ``api.selectors.changes_page`` and docs/api.md ("Synchronizacja przyrostowa").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core import signing
from django.db import connection
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.exceptions import ValidationError

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_POSITION = 2**62

MSG_BAD_CURSOR = "Nieprawidłowy kursor: użyj wartości z pola „next_cursor” odpowiedzi."
MSG_BAD_LIMIT = f"Parametr „limit” musi być liczbą całkowitą od 1 do {MAX_LIMIT}."
MSG_BAD_DATETIME = (
    "Podaj datę i czas w formacie ISO 8601 ze strefą czasową, np. 2026-01-31T12:00:00Z."
)
MSG_BAD_DATE = "Podaj datę w formacie RRRR-MM-DD, np. 2026-01-31."


def _invalid(field: str, message: str, code: str = "invalid") -> ValidationError:
    from rest_framework.exceptions import ErrorDetail

    return ValidationError({field: [ErrorDetail(message, code=code)]})


def parse_limit(params: Any) -> int:
    raw = params.get("limit")
    if raw in (None, ""):
        return DEFAULT_LIMIT
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise _invalid("limit", MSG_BAD_LIMIT) from None
    if not 1 <= value <= MAX_LIMIT:
        raise _invalid("limit", MSG_BAD_LIMIT, "out_of_range")
    return value


def parse_aware_datetime(params: Any, name: str) -> datetime | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = parse_datetime(str(raw).strip().replace(" ", "+"))
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise _invalid(name, MSG_BAD_DATETIME)
    return value


def parse_day(params: Any, name: str):
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = parse_date(str(raw).strip())
    except ValueError:
        value = None
    if value is None:
        raise _invalid(name, MSG_BAD_DATE)
    return value


# --- list cursors: (updated_at, id) and the sync horizon of the walk ------------------------


@dataclass(frozen=True)
class ListCursor:
    updated_at: datetime
    id: int
    horizon: int  # snapshot xmin when the walk started (for the sync token)


def _signer(salt: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=salt)


def list_cursor_encode(resource: str, cursor: ListCursor) -> str:
    payload = f"{cursor.updated_at.timestamp():.6f}:{cursor.id}:{cursor.horizon}"
    return signing.Signer(salt=f"api.list.{resource}").sign(payload)


def list_cursor_decode(resource: str, raw: str | None) -> ListCursor | None:
    if raw in (None, ""):
        return None
    try:
        payload = signing.Signer(salt=f"api.list.{resource}").unsign(str(raw))
        stamp, ident, horizon = payload.split(":")
        return ListCursor(
            updated_at=datetime.fromtimestamp(float(stamp), tz=UTC),
            id=int(ident),
            horizon=int(horizon),
        )
    except (signing.BadSignature, ValueError, OverflowError, OSError):
        raise _invalid("cursor", MSG_BAD_CURSOR) from None


# --- changes cursors: (transaction, resource, id) ------------------------------------------


@dataclass(frozen=True)
class ChangesPosition:
    xid: int
    resource: int
    id: int

    def as_tuple(self) -> tuple[int, int, int]:
        return (self.xid, self.resource, self.id)


START = ChangesPosition(0, 0, 0)


def changes_cursor_encode(position: ChangesPosition) -> str:
    return signing.Signer(salt="api.changes").sign(
        f"{position.xid}:{position.resource}:{position.id}"
    )


def changes_cursor_decode(raw: str | None) -> ChangesPosition:
    if raw in (None, ""):
        return START
    try:
        payload = signing.Signer(salt="api.changes").unsign(str(raw))
        xid, resource, ident = (int(part) for part in payload.split(":"))
    except (signing.BadSignature, ValueError):
        raise _invalid("cursor", MSG_BAD_CURSOR) from None
    if min(xid, resource, ident) < 0:
        raise _invalid("cursor", MSG_BAD_CURSOR)
    return ChangesPosition(xid, resource, ident)


def sync_horizon() -> int:
    """The oldest transaction still in flight (snapshot xmin, 64-bit): everything written by
    an older transaction is committed (or rolled back) and visible now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        return int(cursor.fetchone()[0])


def sync_token_for(horizon: int) -> str:
    """A changes-feed cursor that replays every change of transaction ``horizon`` or later."""
    return changes_cursor_encode(ChangesPosition(max(horizon - 1, 0), MAX_POSITION, MAX_POSITION))
