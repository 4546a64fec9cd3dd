"""What the public may see of a tenant's pages: the one rule every public read goes through.

Lists, feeds, calendars, site search, the sitemap and menus ask :func:`public_pages`; a URL
that names one page (the page itself, its feed or its ``.ics`` file) is answered through
:func:`serve_page`, which applies Wagtail's own privacy checks (the password form, the login
redirect) exactly as Wagtail's page view does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from cms.cache import page_cache_version

QS = TypeVar("QS", bound=PageQuerySet)
# Changes to restrictions bump the page cache version, which is part of the key; the timeout
# only bounds how long a change made behind the signals' back (bulk SQL) can go unseen, as
# for the cached pages themselves.
RESTRICTED_PATHS_SECONDS = 300


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of the pages that carry a view restriction; each hides its whole subtree.

    Wagtail's ``public()`` reads every restriction on each call; this list is read once per
    change of the tenant's page cache version, so the rule costs no query on most requests."""
    key = f"cms:restricted-paths:{page_cache_version()}"
    paths = cache.get(key)
    if paths is None:
        paths = tuple(sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True))))
        cache.set(key, paths, RESTRICTED_PATHS_SECONDS)
    return paths


def _not_expired() -> Q:
    # Wagtail flips ``live`` off at ``expire_at`` only when ``publish_scheduled`` runs; until
    # then an expired page must already be gone from every public read.
    return Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())


def reachable_pages(queryset: QS | None = None) -> QS:
    """Pages a URL may lead to: live and not expired. Their view restrictions are enforced
    when they are served (:func:`serve_page`), not by leaving them out."""
    qs = Page.objects.all() if queryset is None else queryset
    return qs.live().filter(_not_expired())


def public_pages(queryset: QS | None = None) -> QS:
    """Pages the public may find in lists, feeds, calendars, search and the sitemap: live, not
    expired, and outside every view-restricted subtree (a password, login or group restriction
    on the page or any ancestor), as Wagtail's ``live().public()`` but with the restrictions
    read from the cache. A page's tree path starts with the path of each of its ancestors."""
    qs: QS = reachable_pages(queryset)
    hidden = Q()
    for path in restricted_paths():
        hidden |= Q(path__startswith=path)
    return qs.exclude(hidden) if hidden else qs


def page_is_expired(page: Page) -> bool:
    return page.expire_at is not None and page.expire_at <= timezone.now()


def serve_page(
    page: Page, request: HttpRequest, respond: Callable[[HttpRequest], HttpResponse]
) -> HttpResponse:
    """Answer ``request`` for ``page`` with ``respond`` behind Wagtail's page hooks, as
    ``wagtail.views.serve`` does: ``on_serve_page`` (which holds the view restriction checks in
    Wagtail 8) wraps the response, ``before_serve_page`` may answer first."""

    def chain(page, request, serve_args, serve_kwargs):
        return respond(request)

    for fn in reversed(hooks.get_hooks("on_serve_page")):
        chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, (), {})
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, (), {})
