from __future__ import annotations

import re
from typing import ClassVar

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django_tenants.models import DomainMixin, TenantMixin

from tenants.polish import WEEKDAYS, validate_postal_code
from tenants.teryt import VOIVODESHIP_CHOICES, validate_teryt

SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")
SCHEMA_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
RESERVED_SLUGS = frozenset({"public", "www", "admin", "api", "static", "media", "template", "mail"})

validate_slug = RegexValidator(
    SLUG_RE,
    "Identyfikator może zawierać tylko małe litery bez polskich znaków, cyfry i myślniki, "
    "musi zaczynać się literą i mieć od 3 do 40 znaków.",
    code="invalid_slug",
)


def schema_name_for_slug(slug: str) -> str:
    """The PostgreSQL schema of a tenant: generated, never taken raw from input."""
    return "t_" + slug.replace("-", "_")


def validate_schema_name(value: str) -> None:
    if not SCHEMA_RE.match(value) or value.startswith("pg_"):
        raise ValidationError(
            "Niepoprawna nazwa schematu „%(value)s”.",
            code="invalid_schema",
            params={"value": value},
        )


class TenantKind(models.TextChoices):
    MUNICIPALITY = "municipality", "gmina / miasto"
    COUNTY = "county", "powiat"
    REGIONAL_CENTRE = "regional_centre", "regionalny ośrodek wsparcia"
    ASSOCIATION = "association", "stowarzyszenie / organizacja"
    PLATFORM = "platform", "platforma (schemat publiczny)"


class Weekday(models.IntegerChoices):
    """Days of the week as ``date.weekday()`` numbers them; names from ``tenants.polish``."""

    MONDAY = 0, WEEKDAYS[0]
    TUESDAY = 1, WEEKDAYS[1]
    WEDNESDAY = 2, WEEKDAYS[2]
    THURSDAY = 3, WEEKDAYS[3]
    FRIDAY = 4, WEEKDAYS[4]
    SATURDAY = 5, WEEKDAYS[5]
    SUNDAY = 6, WEEKDAYS[6]


_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def validate_office_hours(value: object) -> None:
    """Office hours: a list of {"day": 0-6, "opens": "HH:MM", "closes": "HH:MM"}."""
    if not isinstance(value, list):
        raise ValidationError("Godziny pracy muszą być listą dni.", code="office_hours")
    seen: set[int] = set()
    for entry in value:
        if not isinstance(entry, dict) or set(entry) != {"day", "opens", "closes"}:
            raise ValidationError(
                "Każdy wpis godzin pracy musi mieć pola day, opens i closes.", code="office_hours"
            )
        day, opens, closes = entry["day"], entry["opens"], entry["closes"]
        if day not in Weekday.values:
            raise ValidationError("Nieznany dzień tygodnia: %(day)s.", params={"day": day})
        if not (isinstance(opens, str) and _HHMM.match(opens)) or not (
            isinstance(closes, str) and _HHMM.match(closes)
        ):
            raise ValidationError(
                "Godziny muszą mieć postać GG:MM (np. 07:30).", code="office_hours"
            )
        if opens >= closes:
            raise ValidationError(
                "%(day)s: godzina zamknięcia musi być późniejsza niż otwarcia.",
                params={"day": Weekday(day).label},
                code="office_hours",
            )
        if day in seen:
            raise ValidationError(
                "%(day)s podano więcej niż raz.",
                params={"day": Weekday(day).label},
                code="office_hours",
            )
        seen.add(day)


class Tenant(TenantMixin):
    """A municipality, county, support centre or association with its own schema and site."""

    name = models.CharField("nazwa", max_length=200)
    slug = models.CharField("identyfikator", max_length=40, unique=True, validators=[validate_slug])
    kind = models.CharField("rodzaj", max_length=20, choices=TenantKind.choices)
    teryt_code = models.CharField(
        "kod TERYT jednostki", max_length=7, blank=True, validators=[validate_teryt]
    )
    voivodeship = models.CharField(
        "województwo", max_length=2, choices=VOIVODESHIP_CHOICES, blank=True
    )
    served_units = ArrayField(
        models.CharField(max_length=7, validators=[validate_teryt]),
        verbose_name="obsługiwane jednostki (TERYT)",
        default=list,
        blank=True,
    )
    street = models.CharField("ulica i numer", max_length=200, blank=True)
    postal_code = models.CharField(
        "kod pocztowy", max_length=6, blank=True, validators=[validate_postal_code]
    )
    city = models.CharField("miejscowość", max_length=100, blank=True)
    phones = ArrayField(
        models.CharField(max_length=40), verbose_name="telefony", default=list, blank=True
    )
    email = models.EmailField("e-mail", blank=True)
    website = models.URLField("strona internetowa", blank=True)
    office_hours = models.JSONField(
        "godziny pracy", default=list, blank=True, validators=[validate_office_hours]
    )
    is_active = models.BooleanField("aktywny", default=True)
    created_at = models.DateTimeField("utworzono", auto_now_add=True)
    provisioned_at = models.DateTimeField("przygotowano", null=True, blank=True)

    # Schemas are created by tenants.services.tenant_provision (cloned from the template),
    # never implicitly on save, and never dropped implicitly.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = "najemca"
        verbose_name_plural = "najemcy"
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(schema_name__regex=r"^[a-z][a-z0-9_]{0,62}$")
                & ~models.Q(schema_name__startswith="pg_"),
                name="tenant_schema_name_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = "Ten identyfikator jest zarezerwowany."
        if self.kind == TenantKind.PLATFORM and self.schema_name != "public":
            errors["kind"] = "Rodzaj „platforma” ma tylko schemat publiczny."
        if (
            self.teryt_code
            and self.voivodeship
            and not self.teryt_code.startswith(self.voivodeship)
        ):
            errors["teryt_code"] = "Kod TERYT nie należy do wybranego województwa."
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        return self.schema_name == "public"

    @property
    def address_line(self) -> str:
        return ", ".join(p for p in (self.street, f"{self.postal_code} {self.city}".strip()) if p)

    def office_hours_display(self) -> list[tuple[str, str, str]]:
        return [
            (Weekday(h["day"]).label, h["opens"], h["closes"])
            for h in sorted(self.office_hours, key=lambda h: h["day"])
        ]


_HOST_RE = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)

validate_hostname = RegexValidator(
    _HOST_RE,
    "Niepoprawna nazwa domeny (małe litery, cyfry, kropki i myślniki).",
    code="invalid_host",
)


class Domain(DomainMixin):
    """A host name that routes to a tenant (``czestochowa.<platform>`` or a custom domain)."""

    class Meta:
        verbose_name = "domena"
        verbose_name_plural = "domeny"

    def clean(self) -> None:
        super().clean()
        validate_hostname(self.domain)
        if self.domain.startswith("www."):
            # ``www.<host>`` is answered with a redirect to ``<host>`` (tenants.routing); a
            # domain that itself begins with it would never be served.
            raise ValidationError(
                {
                    "domain": "Podaj domenę bez „www.” — adres z „www.” przekierowuje na nią "
                    "samoczynnie."
                },
                code="www_prefix",
            )
