"""Form fields of the register's identifiers and address: what a person types ("856-734-62-15",
"KRS 123456", "42217") is cleaned by the one normaliser of ``registry.validators``, in every
form that asks for it (the admin's edit form, the public „Zgłoś organizację” form)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms

from registry.validators import normalize_krs, normalize_nip, normalize_postal_code, normalize_regon


class NormalizedCharField(forms.CharField):
    """A text field whose value goes through ``normalizer`` (which raises a Polish
    ``ValidationError`` for what it cannot read)."""

    def __init__(self, *, normalizer: Callable[[str], str], **kwargs: Any) -> None:
        self.normalizer = normalizer
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return self.normalizer(super().clean(value) or "")


# Longer than the stored values: the formatted input is normalised on cleaning.
def krs_field(**kwargs: Any) -> NormalizedCharField:
    return NormalizedCharField(normalizer=normalize_krs, max_length=20, **kwargs)


def nip_field(**kwargs: Any) -> NormalizedCharField:
    return NormalizedCharField(normalizer=normalize_nip, max_length=20, **kwargs)


def regon_field(**kwargs: Any) -> NormalizedCharField:
    return NormalizedCharField(normalizer=normalize_regon, max_length=24, **kwargs)


def postal_code_field(**kwargs: Any) -> NormalizedCharField:
    return NormalizedCharField(normalizer=normalize_postal_code, max_length=10, **kwargs)
