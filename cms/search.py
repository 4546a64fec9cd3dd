"""Site search over the pages the public may see, with Polish diacritics folded.

The index holds every live page; what the public may find is decided when searching, by the
one visibility rule (:func:`cms.visibility.public_pages`), so a page made private (or an
expired one) drops out of results at once, its title, description and words included.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F
from django.utils.html import strip_tags
from wagtail.models import Page, Site
from wagtail.search import index

from cms.models.search import PageSearchDocument
from cms.text import fold
from cms.visibility import public_pages

_TOKEN = re.compile(r"[0-9a-z]+")
MAX_TERMS = 8


def page_search_text(page: Page) -> str:
    """Title, description and every SearchField of the specific page, as plain text."""
    specific = page.specific
    parts: list[str] = [page.title, page.search_description or ""]
    for field in specific.get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        value = field.get_value(specific)
        if value is None:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        parts.extend(strip_tags(str(v)) for v in values if v)
    return fold(" ".join(parts))


def search_document_update(*, page: Page) -> None:
    """Index ``page`` if it is live, otherwise drop it from the index."""
    if not page.live:
        PageSearchDocument.objects.filter(page_id=page.pk).delete()
        return
    PageSearchDocument.objects.update_or_create(
        page_id=page.pk,
        defaults={"path": page.path, "title": page.title, "text": page_search_text(page)},
    )


def search_document_delete(*, page_id: int) -> None:
    PageSearchDocument.objects.filter(page_id=page_id).delete()


def search_query(text: str) -> SearchQuery | None:
    """A prefix tsquery from the folded words of ``text`` (no user syntax reaches PostgreSQL)."""
    terms = _TOKEN.findall(fold(text))[:MAX_TERMS]
    if not terms:
        return None
    return SearchQuery(" & ".join(f"{t}:*" for t in terms), search_type="raw", config="simple")


MAX_RESULTS = 200


def site_search(*, site: Site, text: str) -> list[Page]:
    """Pages of ``site`` the public may see matching ``text``, best first."""
    query = search_query(text)
    if query is None:
        return []
    visible = public_pages(Page.objects.descendant_of(site.root_page, inclusive=True))
    docs = (
        PageSearchDocument.objects.filter(vector=query, page__in=visible.values("pk"))
        .annotate(rank=SearchRank(F("vector"), query))
        .order_by("-rank", "title")
    )
    ids = list(docs.values_list("page_id", flat=True)[:MAX_RESULTS])
    order = {pk: i for i, pk in enumerate(ids)}
    pages = list(Page.objects.filter(pk__in=ids).specific())
    pages.sort(key=lambda p: order[p.pk])
    return pages
