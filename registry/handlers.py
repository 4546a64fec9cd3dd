"""„Zgłoś organizację”: the public form handler that proposes an organisation for the register.

A visitor's answer is stored as a pending ``cms.forms`` ``Submission``; when a moderator accepts
it, ``organisation_accept_submission`` creates a published organisation, or updates the one
already in the register with the same KRS, NIP or REGON, through the registry services (the
moderator is recorded in the organisation's history). Registered in ``RegistryConfig.ready``.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from cms.forms.handlers import FormHandler, register_form_handler
from registry.formfields import krs_field, nip_field, postal_code_field, regon_field
from registry.models import ActivityArea, LegalForm, Organisation, OrganisationStatus

HANDLER_KEY = "organisation"
IDENTIFIER_FIELDS = ("krs", "nip", "regon")
# Submitted fields copied onto the organisation (areas are handled apart).
ORGANISATION_FIELDS = (
    "name",
    "legal_form",
    "krs",
    "nip",
    "regon",
    "street",
    "postal_code",
    "city",
    "email",
    "website",
    "description",
)


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class OrganisationSubmissionForm(forms.Form):
    """What a visitor tells about an organisation; identifiers are optional but checked."""

    name = forms.CharField(
        label="Pełna nazwa organizacji",
        max_length=300,
        error_messages=_required("Podaj nazwę organizacji."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    legal_form = forms.ChoiceField(
        label="Forma prawna",
        choices=[("", "— wybierz —"), *LegalForm.choices],
        error_messages={
            **_required("Wybierz formę prawną organizacji."),
            "invalid_choice": "Wybierz formę prawną z listy.",
        },
    )
    krs = krs_field(
        label="Numer KRS",
        help_text="Nieobowiązkowe; 10 cyfr, np. 0000123456.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    nip = nip_field(
        label="NIP",
        help_text="Nieobowiązkowe; 10 cyfr, np. 856-734-62-15.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    regon = regon_field(
        label="REGON",
        help_text="Nieobowiązkowe; 9 lub 14 cyfr.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    street = forms.CharField(
        label="Adres (ulica i numer)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = postal_code_field(
        label="Kod pocztowy",
        help_text="W postaci 00-000, np. 42-217.",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label="Miejscowość",
        max_length=120,
        error_messages=_required("Podaj miejscowość."),
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    email = forms.EmailField(
        label="Adres e-mail organizacji",
        help_text="Pokażemy go w bazie jako adres kontaktowy; napiszemy na niego, jeśli "
        "będziemy mieć pytania o zgłoszenie.",
        error_messages={
            **_required("Podaj adres e-mail."),
            "invalid": "Podaj poprawny adres e-mail, np. biuro@fundacja.example.pl.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.URLField(
        label="Strona internetowa",
        required=False,
        assume_scheme="https",
        help_text="Nieobowiązkowe, np. https://fundacja.example.pl.",
        error_messages={"invalid": "Podaj pełny adres strony, np. https://fundacja.example.pl."},
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    description = forms.CharField(
        label="Czym zajmuje się organizacja",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required("Napisz krótko, czym zajmuje się organizacja."),
    )
    areas = forms.MultipleChoiceField(
        label="Obszary działalności",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Zaznacz wszystkie pasujące (nieobowiązkowe).",
        error_messages={"invalid_choice": "Wybierz obszary działalności z listy."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = cast(forms.MultipleChoiceField, self.fields["areas"])
        areas.choices = list(ActivityArea.objects.values_list("slug", "name"))


def _on_submit(**kwargs: Any) -> object:
    from cms.forms.services import submission_store

    return submission_store(**kwargs)


def _summary(data: dict[str, Any]) -> str:
    return ", ".join(str(data[k]) for k in ("name", "city") if data.get(k))


def organisation_match(*, data: dict[str, Any]) -> Organisation | None:
    """The live organisation with the same KRS, NIP or REGON as the answer, if any.

    Raises ValidationError when the identifiers point at two different organisations.
    """
    condition = Q()
    for field in IDENTIFIER_FIELDS:
        if data.get(field):
            condition |= Q(**{field: data[field]})
    if not condition:
        return None
    matches = list(Organisation.objects.filter(condition).order_by("pk")[:2])
    if len(matches) > 1:
        raise ValidationError(
            "Numery KRS, NIP i REGON ze zgłoszenia wskazują różne organizacje w bazie: "
            "„%(first)s” i „%(second)s”. Popraw dane w bazie i rozpatrz zgłoszenie ponownie.",
            code="ambiguous_match",
            params={"first": matches[0].name, "second": matches[1].name},
        )
    return matches[0] if matches else None


def organisation_accept_submission(*, submission: Any, user: Any) -> Organisation:
    """``on_accept``: create the organisation (published) or update the matching one.

    An update takes only the fields the visitor filled in, so nothing known is blanked; an
    organisation that was not public yet is published.
    """
    from registry.services import (
        organisation_create,
        organisation_set_status,
        organisation_update,
    )

    data = dict(submission.data or {})
    source = f"zgłoszenie nr {submission.pk}"
    fields = {name: data[name] for name in ORGANISATION_FIELDS if data.get(name)}
    areas = [str(slug) for slug in data.get("areas") or []]
    existing = organisation_match(data=data)
    if existing is None:
        return organisation_create(
            user=user,
            source=source,
            status=OrganisationStatus.PUBLISHED,
            areas=areas,
            **fields,
        )
    organisation = organisation_update(
        organisation=existing,
        user=user,
        source=source,
        areas=areas or None,
        **fields,
    )
    if organisation.status != OrganisationStatus.PUBLISHED:
        organisation = organisation_set_status(
            organisation=organisation,
            status=OrganisationStatus.PUBLISHED,
            user=user,
            source=source,
        )
    return organisation


ORGANISATION_HANDLER = FormHandler(
    key=HANDLER_KEY,
    label="Zgłoś organizację",
    form_class=OrganisationSubmissionForm,
    on_submit=_on_submit,
    notify_subject="Zgłoszenie organizacji do bazy",
    success_message="Dziękujemy! Zgłoszenie organizacji trafiło do redakcji. Dodamy ją do bazy "
    "po sprawdzeniu danych.",
    on_accept=organisation_accept_submission,
    summary=_summary,
    # "name" is the organisation's; its address may be a person's own (jan.kowalski@...).
    personal_fields=("email",),
)


def register_organisation_handler() -> None:
    register_form_handler(ORGANISATION_HANDLER)
