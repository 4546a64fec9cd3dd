"""The register of social-economy organisations kept by each tenant ("Baza NGO").

Writes go through ``registry.services``; reads beyond a simple ``get`` through
``registry.selectors``. Deleted organisations stay as tombstones (``deleted_at``) so partner
systems can sync deletions; the default manager hides them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Concat, Lower
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from registry.validators import (
    FOLD_FROM,
    FOLD_TO,
    validate_krs,
    validate_nip,
    validate_postal_code,
    validate_regon,
)
from tenants.teryt import validate_teryt


class LegalForm(models.TextChoices):
    FOUNDATION = "fundacja", "fundacja"
    ASSOCIATION = "stowarzyszenie", "stowarzyszenie"
    OSP = "osp", "ochotnicza straż pożarna"
    OSP_UNION = "zwiazek_osp", "związek ochotniczych straży pożarnych"
    SPORTS_CLUB = "klub_sportowy", "klub sportowy"
    PUPILS_SPORTS_CLUB = "uks", "uczniowski klub sportowy"
    SOCIAL_COOPERATIVE = "spoldzielnia_socjalna", "spółdzielnia socjalna"
    CIS = "cis", "centrum integracji społecznej (CIS)"
    KIS = "kis", "klub integracji społecznej (KIS)"
    ZAZ = "zaz", "zakład aktywności zawodowej (ZAZ)"
    WTZ = "wtz", "warsztat terapii zajęciowej (WTZ)"
    NONPROFIT_COMPANY = "spolka_non_profit", "spółka non-profit"
    OTHER = "inne", "inne"


class OrganisationStatus(models.TextChoices):
    SUBMITTED = "submitted", "zgłoszona"
    PUBLISHED = "published", "opublikowana"
    ARCHIVED = "archived", "zarchiwizowana"


# Which status may follow which; anything else is refused by the services.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    OrganisationStatus.SUBMITTED: frozenset(
        {OrganisationStatus.PUBLISHED, OrganisationStatus.ARCHIVED}
    ),
    OrganisationStatus.PUBLISHED: frozenset({OrganisationStatus.ARCHIVED}),
    OrganisationStatus.ARCHIVED: frozenset({OrganisationStatus.PUBLISHED}),
}


class ActivityArea(models.Model):
    """A managed taxonomy of areas of activity (seeded by migration 0002)."""

    name = models.CharField("nazwa", max_length=120, unique=True)
    slug = models.SlugField("identyfikator", max_length=120, unique=True)
    position = models.PositiveSmallIntegerField("kolejność", default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "obszar działalności"
        verbose_name_plural = "obszary działalności"

    def __str__(self) -> str:
        return self.name


class LiveOrganisationManager(models.Manager["Organisation"]):
    """Hides tombstones (deleted organisations kept for sync)."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


def _folded(*fields: str):
    """SQL expression: the fields joined, Polish diacritics folded, lower-cased.

    Built only from immutable functions (``||``, COALESCE, translate, lower) so PostgreSQL
    accepts it in a generated column; ``registry.validators.fold`` is its Python twin.
    """
    parts: list = []
    for name in fields:
        if parts:
            parts.append(Value(" "))
        parts.append(Coalesce(name, Value("")))
    return Lower(
        models.Func(
            Concat(*parts, output_field=models.TextField()),
            Value(FOLD_FROM),
            Value(FOLD_TO),
            function="translate",
            output_field=models.TextField(),
        )
    )


SEARCH_FIELDS = ("name", "short_name", "city", "krs", "nip", "regon")


class Organisation(ClusterableModel):
    name = models.CharField("nazwa", max_length=300)
    short_name = models.CharField("nazwa skrócona", max_length=120, blank=True)
    legal_form = models.CharField(
        "forma prawna", max_length=32, choices=LegalForm.choices, default=LegalForm.OTHER
    )
    krs = models.CharField("KRS", max_length=10, blank=True, validators=[validate_krs])
    nip = models.CharField("NIP", max_length=10, blank=True, validators=[validate_nip])
    regon = models.CharField("REGON", max_length=14, blank=True, validators=[validate_regon])
    is_opp = models.BooleanField("status organizacji pożytku publicznego (OPP)", default=False)
    opp_since = models.DateField("OPP od", null=True, blank=True)
    areas = ParentalManyToManyField(
        ActivityArea, verbose_name="obszary działalności", blank=True, related_name="organisations"
    )
    description = models.TextField("opis", blank=True)

    street = models.CharField("adres (ulica i numer)", max_length=200, blank=True)
    postal_code = models.CharField(
        "kod pocztowy", max_length=6, blank=True, validators=[validate_postal_code]
    )
    city = models.CharField("miejscowość", max_length=120, blank=True)
    teryt = models.CharField(
        "kod TERYT jednostki", max_length=7, blank=True, validators=[validate_teryt]
    )
    latitude = models.DecimalField(
        "szerokość geograficzna",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        "długość geograficzna",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("telefon", max_length=60, blank=True)
    contact_person = models.CharField("osoba do kontaktu", max_length=120, blank=True)
    website = models.URLField("strona internetowa", blank=True)

    employees = models.PositiveIntegerField("liczba zatrudnionych", null=True, blank=True)
    subsidised_jobs = models.PositiveIntegerField(
        "utworzone dotowane miejsca pracy", null=True, blank=True
    )
    founders = models.CharField(
        "założyciele",
        max_length=500,
        blank=True,
        help_text="np. Gmina Miasto Częstochowa (współzałożyciel)",
    )
    founded_on = models.DateField("data założenia", null=True, blank=True)

    status = models.CharField(
        "status",
        max_length=16,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.SUBMITTED,
    )
    published_at = models.DateTimeField("opublikowano", null=True, blank=True, editable=False)
    external_ids = models.JSONField(
        "identyfikatory w systemach partnerskich",
        default=dict,
        blank=True,
        help_text='słownik system → identyfikator, np. {"crm-gminy": "A-17"}',
    )
    created_at = models.DateTimeField("utworzono", auto_now_add=True)
    updated_at = models.DateTimeField("zmieniono", auto_now=True, db_index=True)
    deleted_at = models.DateTimeField("usunięto", null=True, blank=True, editable=False)

    search_text = models.GeneratedField(
        expression=_folded(*SEARCH_FIELDS),
        output_field=models.TextField(),
        db_persist=True,
    )
    search_vector = models.GeneratedField(
        expression=SearchVector(_folded(*SEARCH_FIELDS), config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = LiveOrganisationManager()
    all_objects: models.Manager[Organisation] = models.Manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "organizacja"
        verbose_name_plural = "organizacje"
        base_manager_name = "all_objects"
        indexes = [
            GinIndex(fields=["search_vector"], name="registry_org_search_gin"),
            models.Index(
                fields=["search_text"],
                name="registry_org_search_prefix",
                opclasses=["text_pattern_ops"],
            ),
            GinIndex(
                fields=["external_ids"],
                name="registry_org_extids_gin",
                opclasses=["jsonb_path_ops"],
            ),
            models.Index(fields=["status", "legal_form"], name="registry_org_status_form"),
            models.Index(fields=["name"], name="registry_org_name"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["krs"],
                condition=~Q(krs="") & Q(deleted_at__isnull=True),
                name="registry_org_unique_krs",
                violation_error_message="Organizacja z tym numerem KRS już jest w bazie.",
            ),
            models.UniqueConstraint(
                fields=["nip"],
                condition=~Q(nip="") & Q(deleted_at__isnull=True),
                name="registry_org_unique_nip",
                violation_error_message="Organizacja z tym numerem NIP już jest w bazie.",
            ),
            models.UniqueConstraint(
                fields=["regon"],
                condition=~Q(regon="") & Q(deleted_at__isnull=True),
                name="registry_org_unique_regon",
                violation_error_message="Organizacja z tym numerem REGON już jest w bazie.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="registry_org_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="registry_org_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in OrganisationStatus]),
                name="registry_org_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def address_line(self) -> str:
        town = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (self.street, town) if p)


class Certificate(models.Model):
    """A quality certificate or award, e.g. "Znak Jakości Ekonomii Społecznej i Solidarnej"."""

    organisation = ParentalKey(Organisation, on_delete=models.CASCADE, related_name="certificates")
    name = models.CharField("nazwa", max_length=200)
    category = models.CharField("kategoria", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        "rok", null=True, blank=True, validators=[MinValueValidator(1989), MaxValueValidator(2100)]
    )

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = "certyfikat lub nagroda"
        verbose_name_plural = "certyfikaty i nagrody"

    def __str__(self) -> str:
        parts = [self.name]
        if self.category:
            parts.append(f"kategoria „{self.category}”")
        return ", ".join(parts)


class ChangeAction(models.TextChoices):
    CREATED = "created", "utworzenie"
    UPDATED = "updated", "zmiana"
    PUBLISHED = "published", "publikacja"
    ARCHIVED = "archived", "archiwizacja"
    DELETED = "deleted", "usunięcie"
    IMPORTED = "imported", "import"


class OrganisationChange(models.Model):
    """History of an organisation: who changed what (field diffs) and when."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="użytkownik",
    )
    action = models.CharField("czynność", max_length=16, choices=ChangeAction.choices)
    # {"field": [old, new], ...} with values as JSON-friendly strings/numbers/lists
    changes = models.JSONField("zmiany", default=dict, blank=True)
    source = models.CharField("źródło", max_length=60, blank=True)
    created_at = models.DateTimeField("kiedy", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "zmiana organizacji"
        verbose_name_plural = "historia zmian organizacji"

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.organisation_id}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "oczekuje"
    RUNNING = "running", "w toku"
    FINISHED = "finished", "zakończony"
    FAILED = "failed", "błąd"


class ImportJob(models.Model):
    """One import of a CSV/XLSX file; progress and the report of rejected rows."""

    file = models.FileField("plik", upload_to="registry/imports/")
    original_name = models.CharField("nazwa pliku", max_length=255, blank=True)
    mapping = models.JSONField("mapowanie kolumn", default=dict, blank=True)
    dry_run = models.BooleanField("próba (bez zapisu)", default=False)
    status = models.CharField(
        "status", max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField("wiersze w pliku", default=0)
    processed_rows = models.PositiveIntegerField("przetworzone wiersze", default=0)
    created_count = models.PositiveIntegerField("utworzone", default=0)
    updated_count = models.PositiveIntegerField("zaktualizowane", default=0)
    unchanged_count = models.PositiveIntegerField("bez zmian", default=0)
    rejected_count = models.PositiveIntegerField("odrzucone", default=0)
    # [{"row": 7, "reason": "NIP ... ma błędną cyfrę kontrolną.", "data": {...}}, ...]
    rejected_rows = models.JSONField("odrzucone wiersze", default=list, blank=True)
    # mapping used, extra columns ignored, blank lines, first rows with their action
    preview = models.JSONField("podgląd", default=dict, blank=True)
    error = models.TextField("błąd", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="zlecił",
    )
    created_at = models.DateTimeField("utworzono", auto_now_add=True)
    finished_at = models.DateTimeField("zakończono", null=True, blank=True)
    # Restarts (registry.importing.job): an attempt counts itself when it starts and beats
    # while it runs; a RUNNING job whose heartbeat is stale lost its worker.
    attempts = models.PositiveSmallIntegerField("próby", default=0)
    started_at = models.DateTimeField("ostatnia próba rozpoczęta", null=True, blank=True)
    heartbeat_at = models.DateTimeField("ostatni sygnał pracy", null=True, blank=True)

    MAX_ATTEMPTS: ClassVar[int] = 3
    STALE_AFTER: ClassVar[timedelta] = timedelta(minutes=10)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "import organizacji"
        verbose_name_plural = "importy organizacji"

    def __str__(self) -> str:
        return f"Import {self.original_name or self.pk}"

    @property
    def stale_after_minutes(self) -> int:
        return int(self.STALE_AFTER.total_seconds() // 60)

    @property
    def restarted(self) -> bool:
        """An earlier attempt was interrupted (its worker died) and the job was started again."""
        return self.attempts > 1

    @property
    def heartbeat_stale(self) -> bool:
        """RUNNING, but no sign of work for ``STALE_AFTER``: the sweep will restart it."""
        if self.status != ImportStatus.RUNNING:
            return False
        return self.heartbeat_at is None or timezone.now() - self.heartbeat_at > self.STALE_AFTER

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == ImportStatus.FINISHED else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
