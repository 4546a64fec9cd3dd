"""The editor's form for a data-protection request (validated by ``person_query_build``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.privacy.services import NAME_MAX, person_query_build
from tenants.extensions import PersonQuery


class PrivacyRequestForm(forms.Form):
    SEARCH = "search"
    EXPORT = "export"
    ERASE = "erase"

    email = forms.CharField(
        label="E-mail osoby",
        max_length=254,
        required=False,  # the service says what is wrong, in one place
        help_text="Adres, którego osoba używała w kontaktach z serwisem.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(
        label="Imię i nazwisko",
        max_length=NAME_MAX + 50,
        required=False,
        help_text="Nieobowiązkowe: znajdzie też osobę kontaktową w bazie organizacji "
        "i zgłoszenia podpisane imieniem i nazwiskiem.",
    )
    phone = forms.CharField(
        label="Telefon",
        max_length=40,
        required=False,
        help_text="Nieobowiązkowe, np. 600 100 200.",
    )
    requested_on = forms.DateField(
        label="Data wniosku",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text="Kiedy osoba złożyła wniosek (domyślnie dziś).",
        error_messages={"invalid": "Podaj datę w postaci RRRR-MM-DD, np. 2026-03-02."},
    )
    note = forms.CharField(
        label="Uwagi",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Np. jak wpłynął wniosek (e-mail, pismo, osobiście) i jak sprawdzono "
        "tożsamość osoby.",
    )
    confirm = forms.BooleanField(
        label="Potwierdzam usunięcie wszystkich znalezionych danych tej osoby. "
        "Tej operacji nie można cofnąć.",
        required=False,
    )
    action = forms.ChoiceField(
        choices=[(SEARCH, "Wyszukaj"), (EXPORT, "Pobierz kopię"), (ERASE, "Usuń dane")],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Nieznana czynność.", "required": "Nieznana czynność."},
    )

    person: PersonQuery

    def clean_requested_on(self) -> Any:
        value = self.cleaned_data.get("requested_on")
        if value and value > timezone.localdate():
            raise ValidationError("Data wniosku nie może być z przyszłości.")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        person_fields = ("email", "name", "phone")
        if any(field in self.errors for field in person_fields):
            return cleaned  # e.g. a NUL byte: the field's own message says it
        try:
            self.person = person_query_build(**{f: cleaned.get(f, "") for f in person_fields})
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                for error in errors:
                    self.add_error(field, error)
        if cleaned.get("action") == self.ERASE and not cleaned.get("confirm"):
            self.add_error("confirm", "Zaznacz potwierdzenie, aby usunąć dane.")
        return cleaned
