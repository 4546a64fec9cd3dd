"""Validation of partnerships, members, projects and indicators (Polish messages)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from partnerships.models import Indicator, Member, Partnership, Project
from partnerships.services import indicator_create, measurement_record, member_add
from partnerships.validators import END_BEFORE_START, check_budget, check_programme_codes
from tests.partnerships.factories import jedrzejow_partnership, jobs_indicator, ses_project

pytestmark = pytest.mark.django_db


def errors_of(exc: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return exc.value.message_dict


@pytest.mark.parametrize(
    ("axis", "action", "sub_action"),
    [("9", "9.3", "9.3.2"), ("9", "", ""), ("", "", ""), ("10", "10.1", "10.1.12")],
)
def test_valid_programme_codes(axis, action, sub_action):
    assert check_programme_codes(axis=axis, action=action, sub_action=sub_action) == {}


@pytest.mark.parametrize(
    ("axis", "action", "sub_action", "field", "message"),
    [
        (
            "IX",
            "",
            "",
            "priority_axis",
            "Oś priorytetowa „IX” jest niepoprawna: podaj numer osi (1–2 cyfry), np. 9.",
        ),
        (
            "9",
            "8.3",
            "",
            "action",
            "Działanie „8.3” nie należy do osi priorytetowej 9 (powinno zaczynać się od „9.”).",
        ),
        (
            "9",
            "9.3",
            "9.2.1",
            "sub_action",
            "Poddziałanie „9.2.1” nie należy do działania 9.3 (powinno zaczynać się od „9.3.”).",
        ),
        (
            "9",
            "9-3",
            "",
            "action",
            "Działanie „9-3” jest niepoprawne: podaj numer w postaci oś.działanie, np. 9.3.",
        ),
        (
            "9",
            "9.3",
            "9.3",
            "sub_action",
            "Poddziałanie „9.3” jest niepoprawne: podaj numer w postaci "
            "oś.działanie.poddziałanie, np. 9.3.2.",
        ),
        ("", "9.3", "", "action", "Podaj oś priorytetową, do której należy działanie."),
        ("9", "", "9.3.2", "sub_action", "Podaj działanie, do którego należy poddziałanie."),
        ("9", "9.123", "", "action", None),
    ],
)
def test_invalid_programme_codes(axis, action, sub_action, field, message):
    errors = check_programme_codes(axis=axis, action=action, sub_action=sub_action)

    assert list(errors) == [field]
    if message:
        assert errors[field] == message


def test_budget_rules():
    assert check_budget(total=Decimal("100.00"), co_financing=Decimal("100.00")) == {}
    assert check_budget(total=None, co_financing=Decimal("5")) == {}
    assert check_budget(total=Decimal("100"), co_financing=Decimal("100.01")) == {
        "co_financing": "Dofinansowanie nie może być wyższe niż wartość projektu."
    }
    assert check_budget(total=Decimal("-1"), co_financing=None) == {
        "total_budget": "Wartość projektu nie może być ujemna."
    }


def test_project_with_end_before_start_is_refused_with_a_clear_message(tenant_a):
    with schema_context(tenant_a.schema_name):
        with pytest.raises(ValidationError) as exc:
            ses_project(start_date=date(2018, 1, 2), end_date=date(2017, 12, 31))

        assert errors_of(exc)["end_date"] == [END_BEFORE_START]
        assert END_BEFORE_START == (
            "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia."
        )
        assert not Project.objects.exists()


def test_project_refuses_bad_codes_and_money_at_once_and_saves_nothing(tenant_a):
    with schema_context(tenant_a.schema_name):
        with pytest.raises(ValidationError) as exc:
            ses_project(
                action="8.3",
                total_budget=Decimal("1000.00"),
                co_financing=Decimal("1500.00"),
            )

        errors = errors_of(exc)
        assert errors["action"] == [
            "Działanie „8.3” nie należy do osi priorytetowej 9 (powinno zaczynać się od „9.”)."
        ]
        assert errors["co_financing"] == [
            "Dofinansowanie nie może być wyższe niż wartość projektu."
        ]
        assert not Project.objects.exists()


def test_project_money_must_be_non_negative_and_fit_14_digits(tenant_a):
    with schema_context(tenant_a.schema_name):
        with pytest.raises(ValidationError) as exc:
            ses_project(total_budget=Decimal("-5.00"), co_financing=None)
        assert errors_of(exc)["total_budget"] == ["Wartość projektu nie może być ujemna."]

        with pytest.raises(ValidationError) as exc:
            ses_project(total_budget=Decimal("1234567890123.45"), co_financing=None)
        assert "total_budget" in errors_of(exc)

        project = ses_project(total_budget=Decimal("999999999999.99"), co_financing=None)
        project.refresh_from_db()
        assert project.total_budget == Decimal("999999999999.99")


def test_partnership_area_must_be_teryt_codes(tenant_a):
    with schema_context(tenant_a.schema_name):
        with pytest.raises(ValidationError) as exc:
            jedrzejow_partnership(area=["2602", "9999"])

        assert errors_of(exc)["area"] == [
            "Kod TERYT „9999” zaczyna się od nieistniejącego kodu województwa 99."
        ]
        assert not Partnership.objects.exists()


def test_member_needs_an_organisation_or_a_name_and_left_after_joined(tenant_a):
    with schema_context(tenant_a.schema_name):
        partnership = jedrzejow_partnership(members=[])

        with pytest.raises(ValidationError) as exc:
            member_add(partnership=partnership, sector="public", name="  ")
        assert errors_of(exc)["name"] == ["Wybierz organizację z bazy albo wpisz nazwę instytucji."]

        with pytest.raises(ValidationError) as exc:
            member_add(
                partnership=partnership,
                sector="public",
                name="Starostwo Powiatowe w Jędrzejowie",
                joined_on=date(2017, 4, 5),
                left_on=date(2017, 4, 4),
            )
        assert errors_of(exc)["left_on"] == [
            "Data odejścia nie może być wcześniejsza niż data dołączenia."
        ]

        with pytest.raises(ValidationError) as exc:
            member_add(partnership=partnership, sector="other", name="X", country="XX")
        assert errors_of(exc)["country"] == [
            "Nieznany kod kraju 'XX': podaj dwuliterowy kod ISO 3166, np. PL lub IT."
        ]
        assert not Member.objects.exists()

        member = member_add(
            partnership=partnership,
            sector="other",
            name="Federazione Trentina della Cooperazione",
            country="IT",
            joined_on=date(2013, 5, 1),
            left_on=date(2013, 5, 1),
        )
        assert member.country_name == "Włochy"
        assert str(member) == "Federazione Trentina della Cooperazione"


def test_indicator_belongs_to_exactly_one_owner(tenant_a):
    with schema_context(tenant_a.schema_name):
        partnership = jedrzejow_partnership()
        project = ses_project()
        message = "Wskaźnik należy albo do projektu, albo do partnerstwa (wybierz dokładnie jedno)."

        with pytest.raises(ValidationError) as exc:
            jobs_indicator()
        assert errors_of(exc)["project"] == [message]

        with pytest.raises(ValidationError) as exc:
            jobs_indicator(project=project, partnership=partnership)
        assert message in errors_of(exc)["project"]
        assert not Indicator.objects.exists()


def test_indicator_area_is_validated_and_measurements_replace_same_day(tenant_a):
    with schema_context(tenant_a.schema_name):
        project = ses_project()
        with pytest.raises(ValidationError) as exc:
            jobs_indicator(project=project, area=["24640"])
        assert errors_of(exc)["area"] == [
            "Kod TERYT „24640” jest niepoprawny: podaj 2 cyfry (województwo), 4 (powiat) "
            "lub 7 (gmina z cyfrą rodzaju)."
        ]

        indicator = indicator_create(
            project=project, name="Miejsca pracy", target=Decimal(45), unit="miejsca pracy"
        )
        measurement_record(indicator=indicator, date=date(2018, 1, 1), value=Decimal(10))
        measurement_record(indicator=indicator, date=date(2018, 1, 1), value=Decimal(12))
        assert list(indicator.measurements.values_list("value", flat=True)) == [Decimal(12)]
