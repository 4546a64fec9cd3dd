"""Throttling per API client (rate in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_client"]``).

The cache key carries the tenant schema (the default cache's key function), so two tenants'
clients with the same id never share a bucket."""

from __future__ import annotations

from typing import Any

from rest_framework.throttling import SimpleRateThrottle

from api.authentication import request_client


class ApiClientRateThrottle(SimpleRateThrottle):
    scope = "api_client"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        client = request_client(request)
        ident = f"client:{client.pk}" if client is not None else f"ip:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
