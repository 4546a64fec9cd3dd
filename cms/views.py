from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from wagtail import views as wagtail_views
from wagtail.documents.views import serve as wagtail_documents
from wagtail.models import Site

from cms.cache import cached_for_anonymous
from cms.search import site_search
from tenants.views import tenant_media

serve = cached_for_anonymous(wagtail_views.serve)

# Uploaded files answered straight from MEDIA_ROOT/<schema>/: Wagtail's original images and
# renditions (images carry no view restrictions). Everything else — documents above all, whose
# collections may be private, and registry import files — only through its own view.
PUBLIC_MEDIA_DIRS = ("original_images/", "images/")
# The only document type a browser may show in place (Wagtail's WAGTAILDOCS_INLINE_CONTENT_TYPES
# cannot widen it: an HTML or SVG document would run its script on the site's origin).
INLINE_DOCUMENT_TYPES = frozenset({"application/pdf"})
SANDBOX_CSP = "default-src 'none'; sandbox"
# Browsers' PDF viewers do not start in a sandboxed document, and a PDF's script runs in the
# viewer, not on the site's origin (the content type is fixed by nosniff).
INLINE_PDF_CSP = "default-src 'none'"


def media_serve(request: HttpRequest, path: str) -> HttpResponseBase:
    """``/media/<schema>/<file>`` for public uploads only (the tenant check is tenant_media's)."""
    _schema, _, relative = path.partition("/")
    if not relative.startswith(PUBLIC_MEDIA_DIRS):
        raise Http404("Nie znaleziono pliku.")
    response = tenant_media(request, path)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    return response


def document_serve(request: HttpRequest, document_id: str, document_filename: str) -> HttpResponse:
    """Wagtail's document view (collection view restrictions: password form, login) with the
    file sent as an attachment in a sandbox unless it is a PDF shown in place. No shared cache
    may keep a file: it may come from a collection the visitor has just unlocked."""
    response = wagtail_documents.serve(request, document_id, document_filename)
    response["X-Content-Type-Options"] = "nosniff"
    disposition = response.get("Content-Disposition", "")
    if not disposition:  # the password form, a login redirect, "not modified"
        return response
    patch_cache_control(response, private=True)
    content_type = response.get("Content-Type", "").partition(";")[0].strip().lower()
    inline = disposition.startswith("inline")
    if inline and content_type in INLINE_DOCUMENT_TYPES:
        response["Content-Security-Policy"] = INLINE_PDF_CSP
        return response
    if inline:
        response["Content-Disposition"] = "attachment" + disposition.removeprefix("inline")
    response["Content-Security-Policy"] = SANDBOX_CSP
    return response


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
