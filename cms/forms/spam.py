"""Spam protection of public forms: hashed client address, per-page rate limit, time check.

The raw IP address is never stored: it is reduced to an HMAC keyed with the secret key and
the tenant schema, so the same visitor cannot be linked across tenants and the address
cannot be recovered from the database.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

# At most RATE_LIMIT submissions per page from one address in RATE_WINDOW_SECONDS.
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 10 * 60
# A human needs longer than this to fill a form; faster posts are asked to resend.
MIN_FILL_SECONDS = 3
# A form left open longer than this must be sent again (with the input kept).
MAX_FILL_SECONDS = 24 * 60 * 60

_STARTED_SALT = "cms_forms.started"


def client_ip(request: HttpRequest) -> str:
    """The visitor's address.

    ``X-Forwarded-For`` is trusted only for as many proxies as the optional setting
    ``CMS_FORMS_TRUSTED_PROXIES`` says (the ingress in production); otherwise a client could
    pick its own address and evade the rate limit.
    """
    trusted = int(getattr(settings, "CMS_FORMS_TRUSTED_PROXIES", 0))
    if trusted > 0:
        chain = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [p for p in chain if p]
        if len(chain) >= trusted:
            return chain[-trusted]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


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


def started_token(*, page_id: int, issued_at: float | None = None) -> str:
    """A signed note of when (and for which page) the form was shown."""
    issued = int(time.time() if issued_at is None else issued_at)
    return signing.dumps({"p": page_id, "t": issued}, salt=_STARTED_SALT, compress=True)


def started_token_age(token: str, *, page_id: int) -> float | None:
    """Seconds since the token was issued, or None if it is missing, forged or for another page."""
    if not token:
        return None
    try:
        payload = signing.loads(token, salt=_STARTED_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("p") != page_id:
        return None
    issued = payload.get("t")
    if not isinstance(issued, int):
        return None
    return time.time() - issued
