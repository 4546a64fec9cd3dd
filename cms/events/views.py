"""iCal files of calendar and event pages (``<page>/kalendarz.ics``, ``<page>/wydarzenie.ics``).

Wagtail's page router serves only paths made of ``[\\w-]+/`` segments, so these URLs have their
own pattern; the page is found by its path on the requesting site, with Wagtail's
``before_serve_page`` hooks (privacy, passwords) applied as for the page itself.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.models import Site

from cms.cache import cached_for_anonymous
from cms.events.models import EVENT_ICAL_NAME, INDEX_ICAL_NAME, EventIndexPage, EventPage

FEEDS = {INDEX_ICAL_NAME: EventIndexPage, EVENT_ICAL_NAME: EventPage}


@cached_for_anonymous  # calendar programs poll feeds; the cache is dropped on every publish
def ical_file(request: HttpRequest, page_path: str, filename: str) -> HttpResponse:
    model = FEEDS.get(filename)
    site = Site.find_for_request(request)
    if model is None or site is None:
        raise Http404("Nie ma takiego kalendarza.")
    root_path = site.root_page.url_path
    page = model.objects.live().filter(url_path=root_path + page_path).first()
    if page is None:
        raise Http404("Nie ma takiego kalendarza.")
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, (), {})
        if isinstance(result, HttpResponse):
            return result
    return page.ical_response(request)
