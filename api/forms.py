"""Admin form of an API client (Integracje)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from api.models import SCOPE_CHOICES, ApiClient


class ApiClientForm(WagtailAdminModelForm):
    scopes = forms.MultipleChoiceField(
        label="Uprawnienia",
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Bez uprawnień klucz nie ma dostępu do żadnego zasobu.",
    )

    class Meta:
        model = ApiClient
        fields = ["name", "contact_email", "scopes", "expires_at"]

    def clean_expires_at(self) -> Any:
        value = self.cleaned_data.get("expires_at")
        if value is not None and value <= timezone.now():
            raise forms.ValidationError("Data ważności musi być w przyszłości.")
        return value


class ClientActionForm(forms.Form):
    REVOKE = "revoke"
    ROTATE = "rotate"
    action = forms.ChoiceField(choices=[(REVOKE, "Unieważnij"), (ROTATE, "Nowy klucz")])
    overlap_hours = forms.IntegerField(
        label="Okres przejściowy starego klucza (godziny)",
        min_value=0,
        max_value=24 * 90,
        initial=24 * 7,
        required=False,
    )
