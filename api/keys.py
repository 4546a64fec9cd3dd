"""Key format, generation and hashing (no database access)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

KEY_PREFIX = "pes"
_KEY_RE = re.compile(r"^pes_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$")


@dataclass(frozen=True)
class NewKey:
    prefix: str
    secret_sha256: str
    key: str  # shown once, never stored


def secret_hash(secret: str) -> str:
    # The secret has 256 random bits: a fast hash is enough (no dictionary to attack).
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def key_generate() -> NewKey:
    prefix = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(12))
    secret = secrets.token_urlsafe(32)
    return NewKey(prefix=prefix, secret_sha256=secret_hash(secret), key=f"pes_{prefix}_{secret}")


def key_parse(key: str) -> tuple[str, str] | None:
    """(prefix, secret) of a well-formed key, else None."""
    match = _KEY_RE.match(key)
    return (match.group(1), match.group(2)) if match else None


def secret_matches(secret: str, stored_sha256: str) -> bool:
    return hmac.compare_digest(secret_hash(secret), stored_sha256)
