"""Polish text folding for search: lower case, diacritics removed ("Częstochowa" → "czestochowa").

The embedded PostgreSQL has no ``unaccent`` extension, so the same folding is applied to stored
text and to queries, in Python (``fold``) and in SQL (``fold_sql``, an immutable expression that
can back a generated column or an index).
"""

from __future__ import annotations

from django.db.models import Func, Value
from django.db.models.functions import Lower

POLISH_FROM = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
POLISH_TO = "acelnoszzACELNOSZZ"
_TABLE = str.maketrans(POLISH_FROM, POLISH_TO)


def fold(text: str) -> str:
    """Fold Polish diacritics and case; whitespace collapsed."""
    return " ".join(text.translate(_TABLE).lower().split())


class Fold(Func):
    """SQL ``translate(lower(expr), 'ąćę…', 'ace…')``: immutable, so usable in indexes and
    generated columns."""

    function = "translate"

    def __init__(self, expression, **extra):
        super().__init__(
            Lower(expression), Value(POLISH_FROM.lower()), Value(POLISH_TO.lower()), **extra
        )


def fold_sql(column: str) -> str:
    """The same folding as raw SQL over a quoted column name."""
    return f"translate(lower({column}), '{POLISH_FROM.lower()}', '{POLISH_TO.lower()}')"


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data) -> str:
    """JSON for a ``<script type="application/ld+json">`` element, safe to embed in HTML."""
    import json

    from django.utils.safestring import mark_safe

    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308


def slugify_pl(text: str) -> str:
    """An ASCII slug with Polish letters transliterated ("Łódź" → "lodz", not "odz")."""
    from django.utils.text import slugify

    return slugify(fold(text))
