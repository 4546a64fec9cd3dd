"""Deny by default: an authenticated client with the view's resource scope."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from api.authentication import request_client


class HasResourceScope(BasePermission):
    """``<view.resource>:read`` for safe methods, ``:write`` otherwise. A view without a
    ``resource`` is refused (a forgotten declaration must not open anything)."""

    message = "Klucz API nie ma uprawnienia do tego zasobu."

    def has_permission(self, request: Request, view: Any) -> bool:
        client = request_client(request)
        if client is None:
            return False
        resource = getattr(view, "resource", None)
        if not resource:
            return False
        level = "read" if request.method in SAFE_METHODS else "write"
        return client.has_scope(resource, level)


class AnyReadScope(BasePermission):
    """The changes feed: any read scope (entries are filtered by the client's scopes)."""

    message = HasResourceScope.message

    def has_permission(self, request: Request, view: Any) -> bool:
        client = request_client(request)
        if client is None or request.method not in SAFE_METHODS:
            return False
        return any(scope.endswith(":read") for scope in client.scopes)
