"""Bad input to an event is refused with a clear Polish message, and nothing is saved."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from cms.events.models import EventPage
from tests.cms_events.factories import CAL, calendar_create, event_create

pytestmark = pytest.mark.django_db


def refused(tenant, **values) -> dict[str, list[str]]:
    with schema_context(tenant.schema_name):
        index = calendar_create()
        with pytest.raises(ValidationError) as error:
            event_create(index, **values)
        assert not EventPage.objects.exists()
    return error.value.message_dict


def test_end_before_start_is_refused(tenant_a):
    errors = refused(tenant_a, start_time=time(18, 30), end_time=time(16, 30))

    assert errors == {
        "end_time": [
            "Godzina zakończenia (16:30) musi być późniejsza niż godzina rozpoczęcia (18:30)."
        ]
    }


def test_end_date_before_start_date_is_refused(tenant_a):
    errors = refused(tenant_a, start_date=date(2019, 9, 22), end_date=date(2019, 9, 16))

    assert errors == {
        "end_date": [
            "Data zakończenia (16 września 2019) nie może być wcześniejsza niż data "
            "rozpoczęcia (22 września 2019)."
        ]
    }


def test_missing_start_time_needs_all_day(tenant_a):
    errors = refused(tenant_a, start_time=None, end_time=None)

    assert errors == {"start_time": ["Podaj godzinę rozpoczęcia albo zaznacz „cały dzień”."]}


def test_malformed_rrule_is_refused(tenant_a):
    errors = refused(tenant_a, repeat_frequency="CUSTOM", rrule="FREQ=MONTHLY;BYDAY=+3XX")

    assert list(errors) == ["rrule"]
    assert errors["rrule"][0].startswith("BYDAY: „+3XX” nie jest dniem tygodnia")


def test_until_before_start_is_refused(tenant_a):
    errors = refused(tenant_a, **{**CAL, "notes": [], "repeat_until": date(2015, 12, 31)})

    assert errors == {
        "repeat_until": [
            "Data „powtarzaj do” (31 grudnia 2015) nie może być wcześniejsza niż data "
            "rozpoczęcia (21 stycznia 2016)."
        ]
    }


def test_start_date_off_the_rule_is_refused(tenant_a):
    errors = refused(tenant_a, **{**CAL, "notes": [], "start_date": date(2016, 1, 14)})

    assert errors == {
        "start_date": [
            "Data rozpoczęcia (czwartek, 14 stycznia 2016) nie pasuje do reguły powtarzania — "
            "pierwszy pasujący termin to czwartek, 21 stycznia 2016. Ustaw datę rozpoczęcia "
            "na pierwszy termin."
        ]
    }


def test_ordinal_without_weekday_is_refused(tenant_a):
    errors = refused(tenant_a, **{**CAL, "notes": [], "repeat_weekday": ""})

    assert errors == {"repeat_weekday": ["Wybierz dzień tygodnia, np. czwartek."]}


def test_until_and_count_together_are_refused(tenant_a):
    errors = refused(tenant_a, **{**CAL, "notes": [], "repeat_count": 3})

    assert errors == {
        "repeat_count": ["Podaj datę „powtarzaj do” albo liczbę terminów, nie obie naraz."]
    }


def test_note_on_a_day_without_occurrence_is_refused(tenant_a):
    notes = [{"date": date(2016, 2, 11), "topic": "Skuteczny newsletter w NGO"}]

    errors = refused(tenant_a, **{**CAL, "notes": notes})

    assert errors == {
        "__all__": [
            "Notatka na czwartek, 11 lutego 2016: tego dnia wydarzenie się nie odbywa. "
            "Najbliższy termin: czwartek, 18 lutego 2016."
        ]
    }


def test_exception_on_a_day_without_occurrence_is_refused(tenant_a):
    errors = refused(tenant_a, **{**CAL, "notes": [], "exceptions": [{"date": date(2016, 4, 21)}]})

    assert errors == {
        "__all__": [
            "Odwołany termin czwartek, 21 kwietnia 2016: tego dnia wydarzenie się nie odbywa. "
            "Najbliższy termin: czwartek, 17 marca 2016."
        ]
    }


def test_note_on_a_cancelled_day_is_refused(tenant_a):
    errors = refused(tenant_a, **{**CAL, "exceptions": [{"date": date(2016, 2, 18)}]})

    assert errors == {
        "__all__": ["Termin czwartek, 18 lutego 2016 jest odwołany — usuń notatkę albo odwołanie."]
    }


def test_valid_event_is_saved_with_its_derived_rule(tenant_a):
    with schema_context(tenant_a.schema_name):
        index = calendar_create()
        event = event_create(index, **CAL)
        event.refresh_from_db()

        assert event.live
        assert event.rrule == "FREQ=MONTHLY;BYDAY=+3TH"
        assert event.last_date == date(2016, 3, 31)
        assert event.rule_text == "w każdy trzeci czwartek miesiąca, do 31 marca 2016"
        assert list(event.notes.values_list("date", "topic")) == [
            (date(2016, 1, 21), "Jak przeprowadzić szkolenie?"),
            (date(2016, 2, 18), "Skuteczny newsletter w NGO"),
            (date(2016, 3, 17), "Role w zespole zadaniowym"),
        ]
