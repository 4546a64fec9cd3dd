"""Forms of the register: the admin edit form (normalises identifiers) and the import upload."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from registry.formfields import krs_field, nip_field, postal_code_field, regon_field
from registry.importing import TARGETS


class OrganisationAdminForm(WagtailAdminModelForm):
    """Accepts identifiers as people type them ("856-734-62-15") and stores them normalised."""

    krs = krs_field(label="KRS")
    nip = nip_field(label="NIP")
    regon = regon_field(label="REGON")
    postal_code = postal_code_field(label="Kod pocztowy")

    def clean_external_ids(self) -> dict[str, str]:
        value = self.cleaned_data.get("external_ids") or {}
        if not isinstance(value, dict):
            raise ValidationError('Podaj słownik JSON: {"system": "identyfikator"}.')
        return {str(k).strip(): str(v).strip() for k, v in value.items()}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Plik CSV lub XLSX",
        help_text=(
            "Kodowanie UTF-8 lub Windows-1250, separator przecinek lub średnik. Kilka obszarów "
            "działalności w jednej komórce oddziel przecinkami, średnikami lub znakiem „|”."
        ),
    )
    mapping = forms.CharField(
        label="Mapowanie kolumn (opcjonalnie)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text='JSON, np. {"Nazwa podmiotu": "name", "Nr w rejestrze": "krs"}. '
        "Pola: " + ", ".join(sorted(TARGETS)) + ".",
    )
    dry_run = forms.BooleanField(label="Tylko podgląd (bez zapisu)", required=False, initial=True)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise ValidationError("Obsługiwane są pliki CSV i XLSX.")
        return upload

    def clean_mapping(self) -> dict[str, str]:
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
