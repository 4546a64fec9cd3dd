from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from cms.contrast import HEX_COLOUR, contrast_ratio

validate_hex = RegexValidator(HEX_COLOUR, "Podaj kolor w postaci #RRGGBB, np. #1d4f91.")
MIN_CONTRAST = 4.5


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """What a tenant sets for its site: identity, colours, contact, social links, cookies."""

    logo = models.ForeignKey(
        "cms.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    primary_colour = models.CharField(
        "kolor główny",
        max_length=7,
        default="#1d4f91",
        validators=[validate_hex],
        help_text="Tło nagłówka i przycisków; biały tekst musi mieć na nim kontrast ≥ 4,5:1.",
    )
    accent_colour = models.CharField(
        "kolor odnośników",
        max_length=7,
        default="#8a2c0d",
        validators=[validate_hex],
        help_text="Kolor odnośników na białym tle; kontrast ≥ 4,5:1.",
    )
    address = models.TextField("adres", blank=True)
    phones = models.CharField(
        "telefony", max_length=200, blank=True, help_text="oddziel przecinkami"
    )
    email = models.EmailField("e-mail", blank=True)
    facebook_url = models.URLField("Facebook", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)
    instagram_url = models.URLField("Instagram", blank=True)
    linkedin_url = models.URLField("LinkedIn", blank=True)
    cookie_notice = models.TextField(
        "informacja o plikach cookie",
        blank=True,
        default="Serwis używa wyłącznie niezbędnych plików cookie (sesja, ustawienia "
        "dostępności). Nie stosujemy plików śledzących.",
    )
    footer_text = models.TextField("tekst stopki", blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("primary_colour"), FieldPanel("accent_colour")],
            heading="Wygląd",
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phones"), FieldPanel("email")], heading="Kontakt"
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("youtube_url"),
                FieldPanel("instagram_url"),
                FieldPanel("linkedin_url"),
            ],
            heading="Media społecznościowe",
        ),
        MultiFieldPanel([FieldPanel("cookie_notice"), FieldPanel("footer_text")], heading="Stopka"),
    ]

    class Meta:
        verbose_name = "ustawienia serwisu"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if HEX_COLOUR.match(self.primary_colour or ""):
            ratio = contrast_ratio("#ffffff", self.primary_colour)
            if ratio < MIN_CONTRAST:
                errors["primary_colour"] = (
                    f"Za mały kontrast z białym tekstem: {ratio:.2f}:1 (wymagane 4,5:1)."
                )
        if HEX_COLOUR.match(self.accent_colour or ""):
            ratio = contrast_ratio(self.accent_colour, "#ffffff")
            if ratio < MIN_CONTRAST:
                errors["accent_colour"] = (
                    f"Za mały kontrast z białym tłem: {ratio:.2f}:1 (wymagane 4,5:1)."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def phone_list(self) -> list[str]:
        return [p.strip() for p in self.phones.split(",") if p.strip()]
