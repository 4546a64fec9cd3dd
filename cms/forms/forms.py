"""Forms: the public part every form page adds, the built-in handlers' fields, moderation."""

from __future__ import annotations

import functools
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from cms.forms import spam
from cms.forms.handlers import FormHandler

HONEYPOT_FIELD = "homepage"
STARTED_FIELD = "started"

MSG_STARTED_INVALID = (
    "Nie udało się potwierdzić wysłania formularza (mógł zostać otwarty zbyt dawno). "
    "Twoje dane zostały zachowane — sprawdź je i wyślij formularz ponownie."
)
MSG_ALREADY_SENT = (
    "Ten formularz został już raz wysłany. Jeśli chcesz wysłać nowe zgłoszenie, sprawdź "
    "zachowane dane i wyślij formularz ponownie."
)
MSG_TOO_FAST = (
    "Formularz został wysłany zbyt szybko po otwarciu. Twoje dane zostały zachowane — "
    "sprawdź je i wyślij formularz ponownie."
)


class PublicFormBase(forms.Form):
    """What every public form adds to its handler's fields: consent, honeypot, time check.

    The honeypot (``homepage``) and the start token (``started``) are not form fields: the
    template renders them and the form reads them from the raw data, so they never reach
    ``cleaned_data`` or the stored submission.
    """

    consent = forms.BooleanField(
        label="Wyrażam zgodę na przetwarzanie moich danych osobowych w celu rozpatrzenia "
        "zgłoszenia.",
        required=True,
        error_messages={
            "required": "Aby wysłać formularz, zaznacz zgodę na przetwarzanie danych osobowych."
        },
    )

    def __init__(self, *args: Any, page: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["consent"].help_text = page.consent_text
        self._started: spam.StartedToken | None = None

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.is_bound and str(self.data.get(HONEYPOT_FIELD, "")).strip())

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        started = spam.started_token_read(
            str(self.data.get(STARTED_FIELD, "")), page_id=self.page.pk
        )
        if started is None or started.age > spam.MAX_FILL_SECONDS:
            self.add_error(None, ValidationError(MSG_STARTED_INVALID, code="token"))
            return
        self._started = started
        if not spam.started_token_use(started):
            self.add_error(None, ValidationError(MSG_ALREADY_SENT, code="token_used"))
        elif started.age < spam.MIN_FILL_SECONDS:
            self.add_error(None, ValidationError(MSG_TOO_FAST, code="too_fast"))

    def started_value(self) -> str:
        """The token to render: always a fresh one (a token is good for one post), keeping
        the start time of a valid posted token so that a corrected form is not "too fast"."""
        issued = self._started.issued if self._started is not None else None
        return spam.started_token(page_id=self.page.pk, issued_at=issued)

    def handler_data(self) -> dict[str, Any]:
        """The handler's cleaned fields as JSON-ready values (dates as ISO strings)."""
        data: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name == "consent":
                continue
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            data[name] = value
        return data

    def handler_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name != "consent"]


@functools.cache
def public_form_class(handler: FormHandler) -> type[PublicFormBase]:
    """The handler's form with the public part added (consent last)."""
    return type(
        f"{handler.form_class.__name__}Public",
        (handler.form_class, PublicFormBase),
        {"field_order": [*handler.form_class.base_fields, "consent"]},
    )


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class NewsForm(forms.Form):
    """„Zgłoś newsa”: a visitor proposes a news item or an event for the site."""

    name = forms.CharField(
        label="Imię i nazwisko lub nazwa organizacji",
        max_length=150,
        error_messages=_required("Podaj imię i nazwisko lub nazwę organizacji."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Adres e-mail",
        help_text="Napiszemy na ten adres, jeśli będziemy mieć pytania.",
        error_messages={
            **_required("Podaj adres e-mail."),
            "invalid": "Podaj poprawny adres e-mail, np. jan.kowalski@example.pl.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    title = forms.CharField(
        label="Tytuł wiadomości",
        max_length=200,
        error_messages=_required("Podaj tytuł wiadomości."),
    )
    content = forms.CharField(
        label="Treść",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages=_required("Napisz treść wiadomości."),
    )
    link = forms.URLField(
        label="Odnośnik do szczegółów",
        required=False,
        assume_scheme="https",
        help_text="Np. strona wydarzenia lub profil organizacji (nieobowiązkowe).",
        error_messages={"invalid": "Podaj pełny adres strony, np. https://example.pl/wydarzenie."},
    )
    event_date = forms.DateField(
        label="Data wydarzenia",
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text="Jeśli zgłaszasz wydarzenie (nieobowiązkowe), np. 2026-06-13.",
        error_messages={"invalid": "Podaj datę w postaci RRRR-MM-DD, np. 2026-06-13."},
    )


def validate_page_address(value: str) -> None:
    """A full http(s) address or a path on this site starting with '/'."""
    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            "Podaj adres strony, np. https://czestochowa.pl/aktualnosci/ lub /aktualnosci/.",
            code="invalid",
        ) from None


class ErrorReportForm(forms.Form):
    """„Zgłoś błąd”: a visitor reports a mistake or an accessibility barrier on the site."""

    page_url = forms.CharField(
        label="Adres strony, na której jest błąd",
        max_length=500,
        validators=[validate_page_address],
        error_messages=_required("Podaj adres strony, na której jest błąd."),
        widget=forms.TextInput(attrs={"inputmode": "url"}),
    )
    description = forms.CharField(
        label="Opis błędu",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Co jest nie tak? Np. nieaktualny numer telefonu, niedziałający odnośnik, "
        "brak opisu obrazu.",
        error_messages=_required("Opisz błąd, który zauważyłeś lub zauważyłaś."),
    )
    email = forms.EmailField(
        label="Adres e-mail do odpowiedzi",
        required=False,
        help_text="Nieobowiązkowe — podaj, jeśli chcesz dostać odpowiedź.",
        error_messages={"invalid": "Podaj poprawny adres e-mail, np. jan.kowalski@example.pl."},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ModerationForm(forms.Form):
    """Accept or reject a submission, with a note (required when rejecting)."""

    ACCEPT = "accept"
    REJECT = "reject"

    action = forms.ChoiceField(
        label="Decyzja",
        choices=[(ACCEPT, "Przyjmij"), (REJECT, "Odrzuć")],
        error_messages={
            "required": "Wybierz decyzję.",
            "invalid_choice": "Wybierz „Przyjmij” albo „Odrzuć”.",
        },
    )
    note = forms.CharField(
        label="Notatka moderatora",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Widoczna tylko dla redakcji. Przy odrzuceniu podaj powód.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == self.REJECT and not cleaned.get("note", "").strip():
            self.add_error("note", "Podaj powód odrzucenia zgłoszenia.")
        return cleaned
