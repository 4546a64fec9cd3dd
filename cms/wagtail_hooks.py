from __future__ import annotations

from django.http import Http404
from wagtail import hooks

from cms.visibility import page_is_expired


@hooks.register("before_serve_page")
def hide_expired_pages(page, request, serve_args, serve_kwargs):
    """An expired page is not found, as it is missing from every list (cms.visibility),
    whether or not ``publish_scheduled`` has run since it expired."""
    if page_is_expired(page):
        raise Http404("Nie znaleziono strony.")
