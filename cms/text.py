"""Text helpers shared by the apps: diacritic folding for search, ASCII slugs, JSON-LD.

Folding: the embedded PostgreSQL has no ``unaccent`` extension, so stored text and queries are
folded the same way — Polish letters (and a few common foreign ones) mapped to ASCII, then
lower-cased ("Częstochowa" → "czestochowa"). The registry's generated search columns apply
the same table in SQL with ``translate()`` (lower() after folding, so that a C-locale lower()
that only maps ASCII agrees).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.utils.safestring import SafeString

FOLD_FROM = "ĄĆĘŁŃÓŚŹŻąćęłńóśźżÄÖÜäöüÉéÈèÁáÍíÚúÝýČčŠšŽžŘřĚěŇňŤťĎď"
FOLD_TO = "ACELNOSZZacelnoszzAOUaouEeEeAaIiUuYyCcSsZzRrEeNnTtDd"
_FOLD_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)


def fold(text: str) -> str:
    """Lower-case ASCII-folded form used for searching ("Częstochowa" → "czestochowa")."""
    return (text or "").translate(_FOLD_TABLE).lower()


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: object) -> SafeString:
    """JSON for a ``<script type="application/ld+json">`` element, safe to embed in HTML."""
    import json

    from django.utils.safestring import mark_safe

    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308


def slugify_pl(text: str) -> str:
    """An ASCII slug with Polish letters transliterated ("Łódź" → "lodz", not "odz")."""
    from django.utils.text import slugify

    return slugify(fold(text))
