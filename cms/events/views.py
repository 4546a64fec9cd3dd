"""iCal files of calendar and event pages (``<page>/kalendarz.ics``, ``<page>/wydarzenie.ics``).

Wagtail's page router serves only paths made of ``[\\w-]+/`` segments, so these URLs have their
own pattern; the page is found by its path on the requesting site and answered behind the same
page hooks as the page itself (:func:`cms.visibility.serve_page`): a view-restricted event's
file gives Wagtail's password form or login redirect, never the event.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from wagtail.models import Page, Site

from cms.cache import cached_for_anonymous
from cms.events.models import EVENT_ICAL_NAME, INDEX_ICAL_NAME, EventIndexPage, EventPage
from cms.visibility import reachable_pages, serve_page

FEEDS: dict[str, type[Page]] = {INDEX_ICAL_NAME: EventIndexPage, EVENT_ICAL_NAME: EventPage}


@cached_for_anonymous  # calendar programs poll feeds; the cache is dropped on every publish
def ical_file(request: HttpRequest, page_path: str, filename: str) -> HttpResponse:
    model = FEEDS.get(filename)
    site = Site.find_for_request(request)
    if model is None or site is None:
        raise Http404("Nie ma takiego kalendarza.")
    root_path = site.root_page.url_path
    page = reachable_pages(model.objects.filter(url_path=root_path + page_path)).first()
    if page is None:
        raise Http404("Nie ma takiego kalendarza.")
    return serve_page(page, request, page.ical_response)
