"""Parties: a registry organisation or an outside institution taking part in something (a
partnership member, a project partner, a party to an agreement).

The name is kept as a snapshot so that it stays readable when the organisation is archived or
deleted (soft-deleted organisations stay as tombstones, so the link survives too). The snapshot
is taken in one place, :meth:`PartyBase.take_name_snapshot`, which the services call on every
write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet

from partnerships.validators import COUNTRY_CHOICES, COUNTRY_NAMES

if TYPE_CHECKING:
    from django import forms

    from registry.models import Organisation

ARCHIVED_NOTE = "(organizacja zarchiwizowana)"
DELETED_NOTE = "(organizacja usunięta z bazy)"
NAME_REQUIRED = "Wybierz organizację z bazy albo wpisz nazwę instytucji."


def linkable_organisations() -> QuerySet[Organisation]:
    """Live organisations plus the deleted ones still linked here, so that editing a
    partnership never silently drops a link to an organisation deleted from the registry."""
    from registry.models import Organisation

    # Subqueries, not evaluated ids: form classes are cached per process and shared by every
    # tenant, so nothing may be read from the database until the form is rendered.
    linked = Q()
    for model in apps.get_app_config("partnerships").get_models():
        if issubclass(model, PartyBase):
            ids = model._default_manager.filter(organisation__isnull=False).values(
                "organisation_id"
            )
            linked |= Q(pk__in=ids)
    return Organisation.all_objects.filter(Q(deleted_at__isnull=True) | linked)


class RegistryOrganisationField(models.ForeignKey):
    """FK to a registry organisation whose form field also offers still-linked tombstones."""

    def formfield(self, **kwargs: Any) -> forms.Field | None:  # type: ignore[override]
        kwargs.setdefault("queryset", linkable_organisations())
        return super().formfield(**kwargs)

    def deconstruct(self) -> Any:
        # The path the migrations name (the package re-exports the field).
        name, _path, args, kwargs = super().deconstruct()
        return name, "partnerships.models.RegistryOrganisationField", args, kwargs


class PartyBase(models.Model):
    """A registry organisation or an outside institution taking part in something.

    ``name`` is the snapshot of the organisation's name (or the outside institution's name).
    ``on_delete=SET_NULL`` only matters for a hard delete; the registry soft-deletes, so the
    link and the snapshot both remain.
    """

    organisation = RegistryOrganisationField(
        "registry.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organizacja z bazy",
        help_text="Wybierz organizację z bazy albo wpisz nazwę instytucji spoza bazy.",
    )
    name = models.CharField(
        "nazwa",
        max_length=300,
        blank=True,
        help_text="Nazwa instytucji spoza bazy; dla organizacji z bazy uzupełniana samoczynnie.",
    )
    country = models.CharField(
        "kraj",
        max_length=2,
        choices=COUNTRY_CHOICES,
        default="PL",
        error_messages={
            "invalid_choice": "Nieznany kod kraju %(value)r: podaj dwuliterowy kod ISO 3166, "
            "np. PL lub IT."
        },
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return " ".join(p for p in (self.display_name, self.registry_note) if p)

    def clean(self) -> None:
        super().clean()
        if not self.has_name_source():
            raise ValidationError({"name": NAME_REQUIRED})

    def has_name_source(self) -> bool:
        """Whether the party can be named: a linked organisation or a typed name."""
        return self.organisation_id is not None or bool(self.name.strip())

    def take_name_snapshot(self) -> None:
        """Copy the linked organisation's name into ``name`` (the only place this happens).

        While the organisation is in the registry the snapshot follows its current name; once
        it is deleted the last snapshot stays (or its name, when none was taken).
        """
        organisation = self.organisation if self.organisation_id else None
        if organisation is None:
            return
        if organisation.deleted_at is None or not self.name.strip():
            self.name = organisation.name

    @property
    def display_name(self) -> str:
        org = self.organisation if self.organisation_id else None
        if org is None:
            return self.name
        if org.deleted_at is not None:
            return self.name or org.name
        return org.name

    @property
    def registry_note(self) -> str:
        """Why the linked organisation is no longer an active entry of the registry."""
        org = self.organisation if self.organisation_id else None
        if org is None:
            return ""
        if org.deleted_at is not None:
            return DELETED_NOTE
        if org.status == "archived":
            return ARCHIVED_NOTE
        return ""

    @property
    def country_name(self) -> str:
        return COUNTRY_NAMES.get(self.country, self.country)
