"""Whole-page cache for anonymous visitors, per tenant, invalidated on publish.

Cache keys carry the tenant schema (``django_tenants.cache.make_key``), the host and the path;
a per-tenant version number is part of the key prefix, and publishing, unpublishing, moving or
deleting a page, changing a page's or a collection's view restrictions (or saving site
settings) bumps it, so every cached page of that tenant — and only of that tenant — is dropped
at once.

Who gets the cached page is decided by the session, not by a cookie's name: a visitor whose
session is signed in, or holds a page password they entered, is served a fresh render; any
other request — a made-up ``sessionid`` included — is anonymous and gets the shared copy.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.middleware.cache import CacheMiddleware
from wagtail.models import PageViewRestriction

from tenants.security import csp_header_set

VERSION_KEY = "cms:page-cache-version"


def page_cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY) or 1
    return int(version)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def page_cache_bump(**kwargs) -> None:
    """Drop every cached page of the current tenant (signal receiver).

    Bumped now (this transaction's own later reads) and again once the change is committed: a
    page rendered by another request between the two still saw the old rows and was stored
    under the version in between, which the second bump leaves behind."""
    _bump()
    transaction.on_commit(_bump)


def bypasses_page_cache(request) -> bool:
    """A request the shared anonymous copy must not answer: a signed-in user, or a session
    that unlocked a password-protected page. Costs nothing without a session cookie; with one,
    the session is read once (the tenant's session guard reads it anyway)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    return bool(session and session.get(PageViewRestriction.passed_view_restrictions_session_key))


def cached_for_anonymous(view):
    """Serve GET/HEAD of anonymous visitors from the cache (Django's cache middleware logic:
    responses marked private, varying on cookies or setting cookies on a cookie-less request
    are not shared)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        timeout = settings.PAGE_CACHE_SECONDS
        if timeout <= 0 or request.method not in ("GET", "HEAD") or bypasses_page_cache(request):
            return view(request, *args, **kwargs)
        # The page is cached with its Content-Security-Policy header, whose nonce its body uses.
        middleware = CacheMiddleware(
            lambda req: csp_header_set(req, view(req, *args, **kwargs)),
            page_timeout=timeout,
            key_prefix=f"page:{page_cache_version()}",
        )
        return middleware(request)

    return wrapped
