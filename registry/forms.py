"""Forms of the register: the admin edit form (normalises identifiers) and the import upload."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from registry.importers import TARGETS
from registry.validators import (
    normalize_krs,
    normalize_nip,
    normalize_postal_code,
    normalize_regon,
)


class OrganisationAdminForm(WagtailAdminModelForm):
    """Accepts identifiers as people type them ("856-734-62-15") and stores them normalised."""

    # Longer than the stored values: the formatted input is normalised in clean_<field>().
    krs = forms.CharField(label="KRS", max_length=20, required=False)
    nip = forms.CharField(label="NIP", max_length=20, required=False)
    regon = forms.CharField(label="REGON", max_length=24, required=False)
    postal_code = forms.CharField(label="Kod pocztowy", max_length=10, required=False)

    def clean_krs(self):
        return normalize_krs(self.cleaned_data.get("krs", ""))

    def clean_nip(self):
        return normalize_nip(self.cleaned_data.get("nip", ""))

    def clean_regon(self):
        return normalize_regon(self.cleaned_data.get("regon", ""))

    def clean_postal_code(self):
        return normalize_postal_code(self.cleaned_data.get("postal_code", ""))

    def clean_external_ids(self):
        value = self.cleaned_data.get("external_ids") or {}
        if not isinstance(value, dict):
            raise ValidationError('Podaj słownik JSON: {"system": "identyfikator"}.')
        return {str(k).strip(): str(v).strip() for k, v in value.items()}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Plik CSV lub XLSX",
        help_text="Kodowanie UTF-8 lub Windows-1250, separator przecinek lub średnik.",
    )
    mapping = forms.CharField(
        label="Mapowanie kolumn (opcjonalnie)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text='JSON, np. {"Nazwa podmiotu": "name", "Nr w rejestrze": "krs"}. '
        "Pola: " + ", ".join(sorted(TARGETS)) + ".",
    )
    dry_run = forms.BooleanField(label="Tylko podgląd (bez zapisu)", required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise ValidationError("Obsługiwane są pliki CSV i XLSX.")
        return upload

    def clean_mapping(self):
        text = self.cleaned_data.get("mapping", "").strip()
        if not text:
            return {}
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise ValidationError("Mapowanie musi być poprawnym JSON-em.") from None
        if not isinstance(data, dict):
            raise ValidationError("Mapowanie musi być słownikiem kolumna → pole.")
        bad = sorted({str(v) for v in data.values() if v and v not in TARGETS})
        if bad:
            raise ValidationError(f"Nieznane pola: {', '.join(bad)}.")
        return {str(k): str(v or "") for k, v in data.items()}
