"""The public side of a form page: show, validate, store (PRG), thank.

The page model's routes call these views, so this module imports the models only for types:
storing (and notifying) is the handler's ``on_submit`` (``services.submission_store``)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers

from cms.forms import spam
from cms.forms.forms import public_form_class

if TYPE_CHECKING:
    from cms.forms.models import PublicFormPage

log = logging.getLogger(__name__)

MSG_RATE_LIMITED = (
    "Z Twojego adresu wysłano w ostatnim czasie zbyt wiele zgłoszeń. Odczekaj kilka minut "
    "i wyślij formularz ponownie — wpisane dane zostały zachowane."
)


def public_form_view(request: HttpRequest, *, page: PublicFormPage) -> HttpResponse:
    response = _public_form_response(request, page=page)
    # The form carries a CSRF token and a start time: never share it through the page cache.
    add_never_cache_headers(response)
    return response


def _public_form_response(request: HttpRequest, *, page: PublicFormPage) -> HttpResponse:
    handler = page.handler
    if handler is None:
        log.error("form page %s uses an unknown handler %r", page.pk, page.handler_key)
        response = page.render(request, context_overrides={"form": None, "unavailable": True})
        response.status_code = 503
        return response

    form_class = public_form_class(handler)
    if request.method != "POST":
        initial = {k: v for k, v in request.GET.items() if k in handler.form_class.base_fields}
        form = form_class(page=page, initial=initial)
        return page.render(request, context_overrides={"form": form, "handler": handler})

    form = form_class(request.POST, page=page)
    hashed_ip = spam.ip_hash(spam.client_ip(request))
    if spam.rate_limit_exceeded(page_id=page.pk, hashed_ip=hashed_ip):
        response = page.render(
            request,
            context_overrides={"form": form, "handler": handler, "rate_limited": MSG_RATE_LIMITED},
        )
        response.status_code = 429
        response["Retry-After"] = str(spam.RATE_WINDOW_SECONDS)
        return response

    thank_you = HttpResponseRedirect(
        page.get_url(request=request) + page.reverse_subpage("thank_you")
    )
    if form.honeypot_filled:
        # Looks accepted to the bot; nothing is stored or sent.
        spam.rate_limit_hit(page_id=page.pk, hashed_ip=hashed_ip)
        log.info("honeypot filled on form page %s", page.pk)
        return thank_you
    if not form.is_valid():
        return page.render(request, context_overrides={"form": form, "handler": handler})

    with transaction.atomic():
        handler.on_submit(form=form, request=request, page=page)
    spam.rate_limit_hit(page_id=page.pk, hashed_ip=hashed_ip)
    return thank_you


def public_form_thank_you_view(request: HttpRequest, *, page: PublicFormPage) -> HttpResponse:
    return page.render(
        request,
        template="cms_forms/public_form_page_thank_you.html",
        context_overrides={"handler": page.handler},
    )
