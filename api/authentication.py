"""``Authorization: Bearer <key>`` for partner systems.

Every failure with a key (malformed, unknown, another tenant's, wrong secret, revoked,
expired) raises the same error with the same body: a caller learns nothing about which keys
exist where. Keys live in the tenant's schema, so another tenant's key is simply unknown.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from api.keys import key_parse, secret_matches
from api.models import ApiClient, ApiKey
from api.services import api_client_touch

MSG_INVALID_KEY = "Nieprawidłowy, nieważny lub unieważniony klucz API."
MSG_NO_KEY = "Brak klucza API: wyślij nagłówek „Authorization: Bearer <klucz>”."


class InvalidKey(exceptions.AuthenticationFailed):
    default_detail = MSG_INVALID_KEY
    default_code = "invalid_key"


class ApiKeyAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[ApiClient, ApiKey] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        scheme, _, credentials = header.partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise InvalidKey()
        parsed = key_parse(credentials.strip())
        if parsed is None:
            raise InvalidKey()
        prefix, secret = parsed
        key = ApiKey.objects.select_related("client").filter(prefix=prefix).first()
        if key is None or not secret_matches(secret, key.secret_sha256):
            raise InvalidKey()
        now = timezone.now()
        if not key.is_active_at(now) or not key.client.is_active_at(now):
            raise InvalidKey()
        api_client_touch(client=key.client, now=now)
        return key.client, key

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


def request_client(request: Any) -> ApiClient | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, ApiClient) else None
