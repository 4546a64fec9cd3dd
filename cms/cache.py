"""Whole-page cache for anonymous visitors, per tenant, invalidated on publish.

Cache keys carry the tenant schema (``django_tenants.cache.make_key``), the host and the path;
a per-tenant version number is part of the key prefix, and publishing, unpublishing, moving or
deleting a page (or saving site settings) bumps it, so every cached page of that tenant — and
only of that tenant — is dropped at once.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.middleware.cache import CacheMiddleware

VERSION_KEY = "cms:page-cache-version"


def page_cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY) or 1
    return int(version)


def page_cache_bump(**kwargs) -> None:
    """Drop every cached page of the current tenant (signal receiver)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cached_for_anonymous(view):
    """Serve GET/HEAD of anonymous visitors from the cache (Django's cache middleware logic:
    responses varying on cookies or setting cookies on a cookie-less request are not shared)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        timeout = settings.PAGE_CACHE_SECONDS
        if (
            timeout <= 0
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return view(request, *args, **kwargs)
        middleware = CacheMiddleware(
            lambda req: view(req, *args, **kwargs),
            page_timeout=timeout,
            key_prefix=f"page:{page_cache_version()}",
        )
        return middleware(request)

    return wrapped
