from __future__ import annotations

from django import template
from wagtail.models import Page, Site

from cms.visibility import public_pages

register = template.Library()


@register.inclusion_tag("cms/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Top-level pages marked "show in menus", in tree order (one query)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    current = context.get("page") or context.get("self")
    items = []
    if site is not None:
        items = list(public_pages(site.root_page.get_children()).in_menu())
    return {"items": items, "current": current, "request": request, "site": site}


@register.simple_tag(takes_context=True)
def page_of_type(context, model_label: str):
    """The first public page of a given type on this site (e.g. the accessibility statement)."""
    from django.apps import apps

    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    model = apps.get_model(model_label)
    return public_pages(model.objects.descendant_of(site.root_page, inclusive=True)).first()


@register.filter
def is_ancestor_or_self(page: Page | None, other: Page | None) -> bool:
    return bool(page and other and other.path.startswith(page.path))


@register.filter
def office_hours(hours):
    from cms.blocks import office_hours_text

    return office_hours_text(hours)
