from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail import views as wagtail_views
from wagtail.models import Site

from cms.cache import cached_for_anonymous
from cms.search import site_search

serve = cached_for_anonymous(wagtail_views.serve)

MAX_QUERY_LENGTH = 200


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Site search results ("szukaj"), Polish diacritics folded."""
    query = request.GET.get("q", "").strip()
    error = None
    results = []
    if len(query) > MAX_QUERY_LENGTH:
        error = f"Zapytanie jest za długie (najwyżej {MAX_QUERY_LENGTH} znaków)."
        query = query[:MAX_QUERY_LENGTH]
    site = Site.find_for_request(request)
    if query and site and not error:
        results = site_search(site=site, text=query)
    page_obj = Paginator(results, 20).get_page(request.GET.get("strona"))
    return render(
        request,
        "cms/search_results.html",
        {"search_query": query, "results": page_obj, "error": error, "count": len(results)},
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    host = request.get_host()
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /szukaj/",
        "Allow: /",
        f"Sitemap: {request.scheme}://{host}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
