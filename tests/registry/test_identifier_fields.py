"""KRS, NIP, REGON and the postal code are cleaned by one field class in every form that asks
for them (the admin's edit form and the public „Zgłoś organizację” form)."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from registry.formfields import NormalizedCharField
from registry.forms import OrganisationAdminForm
from registry.handlers import OrganisationSubmissionForm
from registry.validators import normalize_krs, normalize_nip, normalize_postal_code, normalize_regon

NORMALIZERS = {
    "krs": normalize_krs,
    "nip": normalize_nip,
    "regon": normalize_regon,
    "postal_code": normalize_postal_code,
}
VALID = {
    "name": "Fundacja Testowa",
    "legal_form": "fundacja",
    "city": "Częstochowa",
    "email": "biuro@fundacja.example.pl",
    "description": "Pomagamy.",
}


@pytest.mark.parametrize("form_class", [OrganisationAdminForm, OrganisationSubmissionForm])
def test_both_forms_clean_identifiers_with_the_same_field(form_class):
    for name, normalizer in NORMALIZERS.items():
        field = form_class.base_fields[name]
        assert isinstance(field, NormalizedCharField)
        assert field.normalizer is normalizer


@pytest.mark.django_db
def test_the_public_form_normalises_what_people_type(tenant_a):
    with schema_context(tenant_a.schema_name):
        form = OrganisationSubmissionForm(
            data={
                **VALID,
                "krs": "KRS 123456",
                "nip": "856-734-62-15",
                "regon": "192 598 184",
                "postal_code": "42217",
            }
        )
        assert form.is_valid(), form.errors
        assert (
            form.cleaned_data["krs"],
            form.cleaned_data["nip"],
            form.cleaned_data["regon"],
            form.cleaned_data["postal_code"],
        ) == ("0000123456", "8567346215", "192598184", "42-217")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("krs", "12345678901", "Numer KRS „12345678901” musi składać się z co najwyżej 10 cyfr"),
        ("nip", "8567346216", "NIP „8567346216” ma błędną cyfrę kontrolną."),
        ("regon", "12345678", "REGON „12345678” musi mieć 9 lub 14 cyfr."),
        ("postal_code", "42 2177", "Kod pocztowy „42 2177” musi mieć postać 00-000."),
    ],
)
def test_the_public_form_refuses_bad_identifiers_in_polish(tenant_a, field, value, message):
    with schema_context(tenant_a.schema_name):
        form = OrganisationSubmissionForm(data={**VALID, field: value})
        assert not form.is_valid()
        assert message in " ".join(form.errors[field])
