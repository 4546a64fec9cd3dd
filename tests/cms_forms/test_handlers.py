"""The pluggable handler registry."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError

from cms.forms import handlers
from cms.forms.builtin import ERROR_HANDLER, NEWS_HANDLER
from cms.forms.forms import ErrorReportForm, NewsForm
from cms.forms.handlers import (
    FormHandler,
    form_handler_choices,
    get_form_handler,
    register_form_handler,
    validate_form_handler_key,
)


class _OrganisationForm(forms.Form):
    organisation_name = forms.CharField(label="Nazwa organizacji")


def _on_submit(**kwargs):
    return None


ORGANISATION = FormHandler(
    key="organisation",
    label="Zgłoś organizację",
    form_class=_OrganisationForm,
    on_submit=_on_submit,
    notify_subject="Nowe zgłoszenie organizacji",
    success_message="Dziękujemy!",
)


@pytest.fixture(autouse=True)
def registry(monkeypatch):
    """A registry holding only the built-ins (other apps may register more handlers)."""
    monkeypatch.setattr(handlers, "_HANDLERS", {"news": NEWS_HANDLER, "error": ERROR_HANDLER})
    return handlers._HANDLERS


def test_builtin_handlers_are_registered():
    news = get_form_handler("news")
    error = get_form_handler("error")

    assert news is NEWS_HANDLER
    assert (news.label, news.form_class) == ("Zgłoś newsa", NewsForm)
    assert (error.label, error.form_class) == ("Zgłoś błąd", ErrorReportForm)
    assert list(NewsForm.base_fields) == ["name", "email", "title", "content", "link", "event_date"]
    assert list(ErrorReportForm.base_fields) == ["page_url", "description", "email"]
    assert [n for n, f in NewsForm.base_fields.items() if not f.required] == ["link", "event_date"]
    assert [n for n, f in ErrorReportForm.base_fields.items() if not f.required] == ["email"]


def test_registering_a_new_handler_adds_a_choice(registry):
    register_form_handler(ORGANISATION)

    assert get_form_handler("organisation") is ORGANISATION
    assert form_handler_choices() == [
        ("error", "Zgłoś błąd"),
        ("news", "Zgłoś newsa"),
        ("organisation", "Zgłoś organizację"),
    ]
    validate_form_handler_key("organisation")  # no error


def test_registering_the_same_handler_twice_is_a_no_op(registry):
    register_form_handler(ORGANISATION)
    register_form_handler(ORGANISATION)

    assert list(registry).count("organisation") == 1


def test_another_handler_under_a_taken_key_is_refused(registry):
    clash = FormHandler(**{**ORGANISATION.__dict__, "key": "news"})

    with pytest.raises(ImproperlyConfigured, match="Another form handler is registered as 'news'"):
        register_form_handler(clash)
    assert get_form_handler("news") is NEWS_HANDLER


def test_a_form_using_reserved_field_names_is_refused(registry):
    class Bad(forms.Form):
        homepage = forms.CharField()

    bad = FormHandler(**{**ORGANISATION.__dict__, "key": "bad", "form_class": Bad})
    with pytest.raises(ImproperlyConfigured, match=r"reserved field names: \['homepage'\]"):
        register_form_handler(bad)
    assert "bad" not in registry


def test_unknown_key_raises_a_clear_key_error():
    with pytest.raises(KeyError) as excinfo:
        get_form_handler("organisation-xyz")

    assert str(excinfo.value) == (
        "No form handler registered under 'organisation-xyz' (registered: error, news)"
    )


def test_validator_gives_a_polish_message_for_an_unknown_key():
    with pytest.raises(ValidationError) as excinfo:
        validate_form_handler_key("ankieta")

    assert excinfo.value.messages == [
        "Nieznany rodzaj formularza „ankieta”. Wybierz jeden z: „Zgłoś błąd”, „Zgłoś newsa”."
    ]
