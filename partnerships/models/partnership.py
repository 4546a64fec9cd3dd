"""A partnership: its members, meetings (with photos), documents and agreements.

The admin panels of these models are in ``partnerships.wagtail_hooks`` (one place for all the
snippets' panels); writes go through ``partnerships.services``.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string
from wagtail.models import Orderable
from wagtail.search import index

from partnerships.models.parties import PartyBase
from partnerships.validators import check_period, validate_teryt_list


class PartnershipKind(models.TextChoices):
    TRI_SECTOR = "tri_sector", "trójsektorowe"
    LOCAL = "local", "lokalne"
    SECTORAL = "sectoral", "branżowe"
    TRANSNATIONAL = "transnational", "ponadnarodowe"


class PartnershipStatus(models.TextChoices):
    PLANNED = "planned", "w przygotowaniu"
    ACTIVE = "active", "aktywne"
    ENDED = "ended", "zakończone"


class Sector(models.TextChoices):
    PUBLIC = "public", "publiczny (samorządowy)"
    NON_GOVERNMENTAL = "ngo", "pozarządowy"
    BUSINESS = "business", "biznesowy"
    OTHER = "other", "inny"


class Role(models.TextChoices):
    LEADER = "leader", "lider"
    PARTNER = "partner", "partner"
    SIGNATORY = "signatory", "sygnatariusz"
    OBSERVER = "observer", "obserwator"


LEFT_BEFORE_JOINED = "Data odejścia nie może być wcześniejsza niż data dołączenia."


class Partnership(ClusterableModel):
    name = models.CharField("nazwa", max_length=300)
    slug = models.SlugField("identyfikator", max_length=120, unique=True)
    kind = models.CharField("rodzaj", max_length=16, choices=PartnershipKind.choices)
    purpose = models.TextField("cel", blank=True)
    signed_on = models.DateField("data zawarcia", null=True, blank=True)
    status = models.CharField(
        "status", max_length=10, choices=PartnershipStatus.choices, default=PartnershipStatus.ACTIVE
    )
    area = ArrayField(
        models.CharField(max_length=7),
        verbose_name="obszar (kody TERYT)",
        default=list,
        blank=True,
        validators=[validate_teryt_list],
        help_text="Kody TERYT jednostek oddzielone przecinkami, np. 2602 (powiat jędrzejowski).",
    )
    created_at = models.DateTimeField("utworzono", auto_now_add=True)
    updated_at = models.DateTimeField("zmieniono", auto_now=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "partnerstwo"
        verbose_name_plural = "partnerstwa"

    def __str__(self) -> str:
        return self.name


class PartnershipDocument(Orderable):
    partnership = ParentalKey(Partnership, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        get_document_model_string(),
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="dokument",
    )
    title = models.CharField(
        "tytuł", max_length=255, blank=True, help_text="Puste – tytuł dokumentu."
    )

    class Meta(Orderable.Meta):
        verbose_name = "dokument partnerstwa"
        verbose_name_plural = "dokumenty partnerstwa"

    @property
    def display_title(self) -> str:
        return self.title or self.document.title


class Member(PartyBase, Orderable):
    partnership = ParentalKey(Partnership, on_delete=models.CASCADE, related_name="members")
    sector = models.CharField("sektor", max_length=10, choices=Sector.choices)
    role = models.CharField("rola", max_length=10, choices=Role.choices, default=Role.PARTNER)
    joined_on = models.DateField("dołączył", null=True, blank=True)
    left_on = models.DateField("odszedł", null=True, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = "członek partnerstwa"
        verbose_name_plural = "członkowie partnerstwa"
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="partnerships_member_left_after_joined",
                violation_error_message="Data odejścia nie może być wcześniejsza niż data "
                "dołączenia.",
            ),
        ]

    def clean(self) -> None:
        errors = check_period(
            start=self.joined_on, end=self.left_on, field="left_on", message=LEFT_BEFORE_JOINED
        )
        try:
            super().clean()
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
        if errors:
            raise ValidationError(errors)


class Meeting(ClusterableModel):
    partnership = ParentalKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(
        "data",
        null=True,
        blank=True,
        help_text="Puste – spotkanie zaplanowane, termin do ustalenia.",
    )
    place = models.CharField("miejsce", max_length=300, blank=True)
    title = models.CharField("temat", max_length=300, blank=True)
    agenda = models.TextField("program", blank=True)
    minutes = models.TextField("ustalenia (protokół)", blank=True)
    attendance = models.PositiveIntegerField("liczba uczestników", null=True, blank=True)
    date_is_approximate = models.BooleanField(
        "data orientacyjna",
        default=False,
        help_text="Zaznacz, gdy źródło nie podaje dokładnej daty.",
    )

    class Meta:
        ordering = [models.F("date").asc(nulls_last=True), "id"]
        verbose_name = "spotkanie"
        verbose_name_plural = "spotkania"

    def __str__(self) -> str:
        when = f"{self.date:%d.%m.%Y}" if self.date else "termin do ustalenia"
        return f"{when} – {self.title or self.place or self.partnership}"


class MeetingPhoto(Orderable):
    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        get_image_model_string(), on_delete=models.CASCADE, related_name="+", verbose_name="zdjęcie"
    )
    caption = models.CharField("podpis", max_length=255, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = "zdjęcie ze spotkania"
        verbose_name_plural = "zdjęcia ze spotkania"


class Agreement(ClusterableModel):
    """A porozumienie between institutions, e.g. ARR and the City creating a JOWES point."""

    title = models.CharField("tytuł", max_length=300)
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name="partnerstwo",
    )
    signed_on = models.DateField("data zawarcia", null=True, blank=True)
    scope = models.TextField("zakres", blank=True)
    established = models.TextField(
        "co powołano", blank=True, help_text="np. mobilny punkt JOWES przy ul. Focha 19/21"
    )

    class Meta:
        ordering = ["-signed_on", "title"]
        verbose_name = "porozumienie"
        verbose_name_plural = "porozumienia"

    def __str__(self) -> str:
        return self.title


class AgreementParty(PartyBase, Orderable):
    agreement = ParentalKey(Agreement, on_delete=models.CASCADE, related_name="parties")

    class Meta(Orderable.Meta):
        verbose_name = "strona porozumienia"
        verbose_name_plural = "strony porozumienia"
