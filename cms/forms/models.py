"""Public form pages of a tenant site and the submissions they collect for moderation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.forms.handlers import (
    FormHandler,
    UnknownFormHandler,
    form_handler_choices,
    get_form_handler,
    validate_form_handler_key,
)

DEFAULT_CONSENT_TEXT = (
    "Administratorem danych osobowych podanych w formularzu jest właściciel serwisu. "
    "Przetwarzamy je wyłącznie w celu rozpatrzenia zgłoszenia i kontaktu w jego sprawie, "
    "na podstawie Twojej zgody (art. 6 ust. 1 lit. a RODO), przez czas potrzebny do jego "
    "rozpatrzenia, nie dłużej niż 12 miesięcy. Podanie danych jest dobrowolne, ale bez nich "
    "nie rozpatrzymy zgłoszenia. Masz prawo dostępu do swoich danych, ich sprostowania, "
    "usunięcia i ograniczenia przetwarzania, a także prawo cofnięcia zgody w dowolnym "
    "momencie (bez wpływu na zgodność z prawem przetwarzania przed jej cofnięciem) oraz prawo "
    "wniesienia skargi do Prezesa Urzędu Ochrony Danych Osobowych."
)


def split_recipients(value: str) -> list[str]:
    """E-mail addresses separated by commas, semicolons or new lines."""
    for separator in (";", "\n", "\r"):
        value = value.replace(separator, ",")
    return [part.strip() for part in value.split(",") if part.strip()]


def validate_recipients(value: str) -> None:
    bad = []
    for address in split_recipients(value or ""):
        try:
            validate_email(address)
        except ValidationError:
            bad.append(address)
    if bad:
        raise ValidationError(
            "Niepoprawne adresy e-mail: %(bad)s. Wpisz pełne adresy, np. redakcja@example.pl, "
            "oddzielone przecinkami lub w osobnych wierszach.",
            code="invalid_recipients",
            params={"bad": ", ".join(bad)},
        )


class PublicFormPageForm(WagtailAdminPageForm):
    """Editors pick the handler from the registry (a select built at request time)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "handler_key" in self.fields:
            old = self.fields["handler_key"]
            self.fields["handler_key"] = forms.ChoiceField(
                label=old.label,
                help_text=old.help_text,
                choices=[("", "— wybierz —"), *form_handler_choices()],
                error_messages={
                    "required": "Wybierz rodzaj formularza.",
                    "invalid_choice": "Nieznany rodzaj formularza „%(value)s”.",
                },
            )


class PublicFormPage(RoutablePageMixin, Page):
    """A public form ("Zgłoś newsa", "Zgłoś błąd", "Zgłoś organizację") whose answers are
    moderated in the admin ("Zgłoszenia")."""

    intro = RichTextField("wstęp", blank=True)
    handler_key = models.CharField(
        "rodzaj formularza",
        max_length=50,
        validators=[validate_form_handler_key],
        help_text="Decyduje o polach formularza i o tym, co dzieje się ze zgłoszeniem.",
    )
    thank_you_text = RichTextField(
        "podziękowanie",
        blank=True,
        help_text="Pokazywane po wysłaniu formularza, pod komunikatem o przyjęciu zgłoszenia.",
    )
    recipients = models.TextField(
        "adresy e-mail redakcji",
        blank=True,
        validators=[validate_recipients],
        help_text="Kto dostaje powiadomienie o nowym zgłoszeniu; adresy oddziel przecinkami "
        "lub wpisz w osobnych wierszach. Puste: administratorzy serwisu.",
    )
    consent_text = models.TextField(
        "klauzula informacyjna RODO",
        default=DEFAULT_CONSENT_TEXT,
        help_text="Pokazywana przy zgodzie na przetwarzanie danych osobowych.",
    )

    base_form_class = PublicFormPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("handler_key"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldPanel("recipients"), FieldPanel("consent_text")],
            heading="Powiadomienia i ochrona danych",
        ),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "formularz publiczny"
        verbose_name_plural = "formularze publiczne"

    @property
    def handler(self) -> FormHandler | None:
        try:
            return get_form_handler(self.handler_key)
        except UnknownFormHandler:
            return None

    @property
    def recipient_list(self) -> list[str]:
        return split_recipients(self.recipients or "")

    @path("")
    def form_view(self, request: HttpRequest) -> HttpResponse:
        from cms.forms.views import public_form_view

        return public_form_view(request, page=self)

    @path("dziekujemy/", name="thank_you")
    def thank_you_view(self, request: HttpRequest) -> HttpResponse:
        from cms.forms.views import public_form_thank_you_view

        return public_form_thank_you_view(request, page=self)


class SubmissionStatus(models.TextChoices):
    NEW = "new", "nowe"
    ACCEPTED = "accepted", "przyjęte"
    REJECTED = "rejected", "odrzucone"


class Submission(models.Model):
    """One answer to a public form, waiting for (or after) moderation.

    Holds no raw IP address: ``ip_hash`` is a keyed, tenant-specific hash (rate limiting and
    abuse tracing only).
    """

    handler_key = models.CharField("rodzaj formularza", max_length=50, db_index=True)
    page = models.ForeignKey(
        PublicFormPage,
        verbose_name="strona formularza",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    summary = models.CharField("zgłoszenie", max_length=255)
    data = models.JSONField("dane zgłoszenia", default=dict, encoder=DjangoJSONEncoder)
    email = models.EmailField("e-mail zgłaszającego", blank=True)
    status = models.CharField(
        "status",
        max_length=16,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.NEW,
        db_index=True,
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="moderator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField("data moderacji", null=True, blank=True)
    moderation_note = models.TextField("notatka moderatora", blank=True)
    created_at = models.DateTimeField("data zgłoszenia", default=timezone.now, db_index=True)
    notified_at = models.DateTimeField("powiadomienie wysłane", null=True, blank=True)
    ip_hash = models.CharField("skrót adresu IP", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "zgłoszenie"
        verbose_name_plural = "zgłoszenia"
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view",)
        permissions = [("moderate_submission", "Może moderować zgłoszenia")]
        indexes = [models.Index(fields=["status", "-created_at"], name="cms_forms_sub_status_idx")]

    def __str__(self) -> str:
        return self.summary

    @property
    def handler(self) -> FormHandler | None:
        try:
            return get_form_handler(self.handler_key)
        except UnknownFormHandler:
            return None

    def handler_label(self) -> str:
        handler = self.handler
        return handler.label if handler else self.handler_key

    handler_label.short_description = "rodzaj"  # type: ignore[attr-defined]

    def labelled_data(self) -> list[tuple[str, Any]]:
        """(label, value) pairs in the handler form's field order; unknown keys last."""
        handler = self.handler
        fields = handler.form_class.base_fields if handler else {}
        rows = [
            (str(field.label or name), self.data[name])
            for name, field in fields.items()
            if name in self.data
        ]
        rows += [(name, value) for name, value in self.data.items() if name not in fields]
        return rows
