from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from wagtail.models import Site

from cms.cache import page_cache_version


class SiteLookupCacheMiddleware:
    """Remember which Wagtail Site answers a host, per tenant.

    Wagtail looks the Site up with a query on every request (``Site.find_for_request``); the
    answer only changes when a Site or a page's slug changes, which bumps the tenant's page
    cache version, so the key carries that version. Keys carry the tenant schema too (the
    default cache's key function), so one tenant's Site is never handed to another.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if tenant is not None and not tenant.is_public:
            key = f"cms:site:{page_cache_version()}:{request.get_host()}"
            site = cache.get(key)
            if site is None:
                site = Site._find_for_request(request)
                if site is not None:
                    cache.set(key, site, 3600)
            request._wagtail_site = site  # type: ignore[attr-defined]
        return self.get_response(request)
