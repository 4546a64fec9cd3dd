from __future__ import annotations

from django import template

from tenants.polish import format_number, format_pln

register = template.Library()


@register.filter
def pln(value):
    return format_pln(value)


@register.filter
def number(value):
    return format_number(value)
