"""Spam protection of public forms: hashed client address, per-page rate limit, time check.

The raw IP address is never stored: it is reduced to an HMAC keyed with the secret key and
the tenant schema, so the same visitor cannot be linked across tenants and the address
cannot be recovered from the database.

The start token says when and for which page (of which tenant) the form was shown, and is good
for one post: its random nonce is recorded in the (tenant-scoped) cache on first use, so a
captured post cannot be replayed. A form shown again after a post gets a fresh token with the
same start time.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.utils.crypto import salted_hmac

from tenants.security import client_ip

__all__ = ["client_ip"]  # the visitor's address, shared with the login lockout

# At most RATE_LIMIT submissions per page from one address in RATE_WINDOW_SECONDS.
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 10 * 60
# A human needs longer than this to fill a form; faster posts are asked to resend.
MIN_FILL_SECONDS = 3
# A form left open longer than this must be sent again (with the input kept).
MAX_FILL_SECONDS = 24 * 60 * 60

_STARTED_SALT = "cms_forms.started"


def ip_hash(ip: str) -> str:
    """A keyed, tenant-specific, one-way hash of an IP address (64 hex characters)."""
    return salted_hmac(
        f"cms_forms.ip:{connection.schema_name}",  # type: ignore[attr-defined]
        ip,
        algorithm="sha256",
    ).hexdigest()


def _rate_key(page_id: int, hashed_ip: str) -> str:
    # The default cache's key function adds the tenant schema to every key.
    return f"cms_forms:rate:{page_id}:{hashed_ip}"


def rate_limit_exceeded(*, page_id: int, hashed_ip: str) -> bool:
    return int(cache.get(_rate_key(page_id, hashed_ip), 0)) >= RATE_LIMIT


def rate_limit_hit(*, page_id: int, hashed_ip: str) -> int:
    """Count one submission; the window starts with the first one."""
    key = _rate_key(page_id, hashed_ip)
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        return 1


@dataclass(frozen=True)
class StartedToken:
    page_id: int
    issued: int  # Unix time the form was first shown
    nonce: str

    @property
    def age(self) -> float:
        return time.time() - self.issued


def _started_salt() -> str:
    # Per tenant: page ids repeat across schemas, a token must not.
    return f"{_STARTED_SALT}:{connection.schema_name}"  # type: ignore[attr-defined]


def started_token(*, page_id: int, issued_at: float | None = None) -> str:
    """A signed, single-use note of when (and for which page) the form was shown."""
    issued = int(time.time() if issued_at is None else issued_at)
    payload = {"p": page_id, "t": issued, "n": secrets.token_urlsafe(16)}
    return signing.dumps(payload, salt=_started_salt(), compress=True)


def started_token_read(token: str, *, page_id: int) -> StartedToken | None:
    """The token's content, or None if it is missing, forged, or for another page or tenant."""
    if not token:
        return None
    try:
        payload = signing.loads(token, salt=_started_salt())
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("p") != page_id:
        return None
    issued, nonce = payload.get("t"), payload.get("n")
    if not isinstance(issued, int) or not isinstance(nonce, str) or not nonce:
        return None
    return StartedToken(page_id=page_id, issued=issued, nonce=nonce)


def started_token_age(token: str, *, page_id: int) -> float | None:
    """Seconds since the token was issued, or None if it is missing, forged or for another page."""
    started = started_token_read(token, page_id=page_id)
    return None if started is None else started.age


def started_token_use(started: StartedToken) -> bool:
    """Record the token as used; False if it was used before (a replayed post)."""
    # The default cache's key function adds the tenant schema; the key outlives the token.
    key = f"cms_forms:started-used:{started.nonce}"
    return cache.add(key, 1, timeout=MAX_FILL_SECONDS + 3600)
