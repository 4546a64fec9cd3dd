"""Partnerships, their members and meetings, agreements, projects and indicators.

Writes go through ``partnerships.services``; reads beyond a simple ``get`` through
``partnerships.selectors``. A member (or project partner, or agreement party) is either a
registry organisation or an outside institution; the name is kept as a snapshot so that it
stays readable when the organisation is archived or deleted (soft-deleted organisations stay
as tombstones, so the link survives too).
"""

from __future__ import annotations

from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string
from wagtail.models import Orderable
from wagtail.search import index

from partnerships.progress import Progress, compute_progress
from partnerships.validators import (
    COUNTRY_CHOICES,
    COUNTRY_NAMES,
    check_budget,
    check_period,
    check_programme_codes,
    validate_teryt_list,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


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


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "planowany"
    ONGOING = "ongoing", "w realizacji"
    FINISHED = "finished", "zakończony"


class Fund(models.TextChoices):
    EFS = "EFS", "Europejski Fundusz Społeczny (EFS)"
    EFRR = "EFRR", "Europejski Fundusz Rozwoju Regionalnego (EFRR)"
    NATIONAL = "national", "środki krajowe"
    REGIONAL = "regional", "środki samorządu województwa"


# Programmes seen in the tenants' projects; editors can type another one.
KNOWN_PROGRAMMES = [
    "RPO WSL 2014-2020",
    "RPO WŚ 2014-2020",
    "PO IG 2007-2013",
    "PO KL 2007-2013",
    "PO WER 2014-2020",
]

ARCHIVED_NOTE = "(organizacja zarchiwizowana)"
DELETED_NOTE = "(organizacja usunięta z bazy)"


def _linkable_organisations():
    """Live organisations plus the deleted ones still linked here, so that editing a
    partnership never silently drops a link to an organisation deleted from the registry."""
    from registry.models import Organisation

    # Subqueries, not evaluated ids: form classes are cached per process and shared by every
    # tenant, so nothing may be read from the database until the form is rendered.
    linked = Q()
    for model in (Member, ProjectPartner, AgreementParty):
        ids = model.objects.filter(organisation__isnull=False).values("organisation_id")
        linked |= Q(pk__in=ids)
    return Organisation.all_objects.filter(Q(deleted_at__isnull=True) | linked)


class RegistryOrganisationField(models.ForeignKey):
    """FK to a registry organisation whose form field also offers still-linked tombstones."""

    def formfield(self, **kwargs):
        kwargs.setdefault("queryset", _linkable_organisations())
        return super().formfield(**kwargs)


class PartyBase(models.Model):
    """A registry organisation or an outside institution taking part in something.

    ``name`` is the snapshot of the organisation's name taken when it was linked (or the
    outside institution's name). ``on_delete=SET_NULL`` only matters for a hard delete; the
    registry soft-deletes, so the link and the snapshot both remain.
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
        if self.organisation_id is None and not self.name.strip():
            raise ValidationError(
                {"name": "Wybierz organizację z bazy albo wpisz nazwę instytucji."}
            )
        if self.organisation_id is not None and not self.name.strip():
            self.name = self.organisation.name

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

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
                FieldPanel("signed_on"),
                FieldPanel("purpose"),
                FieldPanel("area"),
            ],
            heading="Partnerstwo",
        ),
        InlinePanel("members", heading="Członkowie", label="członek"),
        InlinePanel("meetings", heading="Spotkania", label="spotkanie"),
        InlinePanel("documents", heading="Dokumenty", label="dokument"),
    ]
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

    panels = [FieldPanel("document"), FieldPanel("title")]

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

    panels = [
        FieldPanel("organisation"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("sector"), FieldPanel("role"), FieldPanel("country")]),
        FieldRowPanel([FieldPanel("joined_on"), FieldPanel("left_on")]),
    ]

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
            start=self.joined_on,
            end=self.left_on,
            field="left_on",
            message="Data odejścia nie może być wcześniejsza niż data dołączenia.",
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

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("date_is_approximate")]),
        FieldPanel("title"),
        FieldPanel("place"),
        FieldPanel("agenda"),
        FieldPanel("minutes"),
        FieldPanel("attendance"),
    ]

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

    panels = [FieldPanel("image"), FieldPanel("caption")]

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

    panels = [
        FieldPanel("title"),
        FieldPanel("partnership"),
        FieldPanel("signed_on"),
        FieldPanel("scope"),
        FieldPanel("established"),
        InlinePanel("parties", heading="Strony porozumienia", label="strona", min_num=2),
    ]

    class Meta:
        ordering = ["-signed_on", "title"]
        verbose_name = "porozumienie"
        verbose_name_plural = "porozumienia"

    def __str__(self) -> str:
        return self.title


class AgreementParty(PartyBase, Orderable):
    agreement = ParentalKey(Agreement, on_delete=models.CASCADE, related_name="parties")

    panels = [FieldPanel("organisation"), FieldPanel("name"), FieldPanel("country")]

    class Meta(Orderable.Meta):
        verbose_name = "strona porozumienia"
        verbose_name_plural = "strony porozumienia"


class Project(ClusterableModel):
    title = models.CharField("tytuł", max_length=400)
    slug = models.SlugField("identyfikator", max_length=120, unique=True)
    number = models.CharField("numer projektu", max_length=60, blank=True)
    programme = models.CharField(
        "program", max_length=80, blank=True, help_text="np. " + ", ".join(KNOWN_PROGRAMMES)
    )
    priority_axis = models.CharField("oś priorytetowa", max_length=2, blank=True)
    action = models.CharField("działanie", max_length=5, blank=True)
    sub_action = models.CharField("poddziałanie", max_length=8, blank=True)
    fund = models.CharField("fundusz", max_length=10, choices=Fund.choices, blank=True)
    total_budget = models.DecimalField(
        "wartość projektu (zł)",
        **MONEY,
        null=True,
        blank=True,
    )
    co_financing = models.DecimalField(
        "dofinansowanie (zł)",
        **MONEY,
        null=True,
        blank=True,
    )
    start_date = models.DateField("data rozpoczęcia", null=True, blank=True)
    end_date = models.DateField("data zakończenia", null=True, blank=True)
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name="partnerstwo",
    )
    status = models.CharField(
        "status", max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.ONGOING
    )
    summary = models.TextField("opis", blank=True)
    target_groups = models.TextField("grupy docelowe", blank=True)
    created_at = models.DateTimeField("utworzono", auto_now_add=True)
    updated_at = models.DateTimeField("zmieniono", auto_now=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("slug"),
                FieldRowPanel([FieldPanel("number"), FieldPanel("status")]),
                FieldPanel("partnership"),
                FieldPanel("summary"),
                FieldPanel("target_groups"),
            ],
            heading="Projekt",
        ),
        MultiFieldPanel(
            [
                FieldPanel("programme"),
                FieldRowPanel(
                    [
                        FieldPanel("priority_axis"),
                        FieldPanel("action"),
                        FieldPanel("sub_action"),
                    ]
                ),
                FieldPanel("fund"),
                FieldRowPanel([FieldPanel("total_budget"), FieldPanel("co_financing")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading="Finansowanie i okres",
        ),
        InlinePanel("partners", heading="Lider i partnerzy", label="partner"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = "projekt"
        verbose_name_plural = "projekty"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="partnerships_project_end_after_start",
                violation_error_message="Data zakończenia nie może być wcześniejsza niż data "
                "rozpoczęcia.",
            ),
            models.CheckConstraint(
                condition=Q(co_financing__isnull=True)
                | Q(total_budget__isnull=True)
                | Q(co_financing__lte=models.F("total_budget")),
                name="partnerships_project_cofinancing_le_total",
                violation_error_message="Dofinansowanie nie może być wyższe niż wartość projektu.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        errors.update(
            check_programme_codes(
                axis=self.priority_axis, action=self.action, sub_action=self.sub_action
            )
        )
        errors.update(check_budget(total=self.total_budget, co_financing=self.co_financing))
        errors.update(check_period(start=self.start_date, end=self.end_date))
        if errors:
            raise ValidationError(errors)

    @property
    def codes(self) -> str:
        return " / ".join(c for c in (self.priority_axis, self.action, self.sub_action) if c)


class ProjectPartner(PartyBase, Orderable):
    project = ParentalKey(Project, on_delete=models.CASCADE, related_name="partners")
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_roles",
        verbose_name="członek partnerstwa",
        help_text="Opcjonalnie: ten sam podmiot jako członek partnerstwa projektu.",
    )
    role = models.CharField("rola", max_length=10, choices=Role.choices, default=Role.PARTNER)
    role_description = models.CharField("zadania w projekcie", max_length=300, blank=True)

    panels = [
        FieldPanel("organisation"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("country")]),
        FieldPanel("role_description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "partner projektu"
        verbose_name_plural = "lider i partnerzy projektu"

    def clean(self) -> None:
        if self.member_id and not self.organisation_id and not self.name.strip():
            self.organisation_id = self.member.organisation_id
            self.name = self.member.display_name
        super().clean()

    @property
    def role_label(self) -> str:
        label = self.get_role_display()
        if self.role == Role.PARTNER and self.country != "PL":
            return "partner ponadnarodowy"
        return label


class Indicator(ClusterableModel):
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="projekt",
    )
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="partnerstwo",
    )
    name = models.CharField("nazwa", max_length=300)
    unit = models.CharField("jednostka", max_length=60, default="szt.")
    baseline = models.DecimalField("wartość bazowa", max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField("wartość docelowa", max_digits=14, decimal_places=2)
    target_date = models.DateField("termin osiągnięcia", null=True, blank=True)
    area = ArrayField(
        models.CharField(max_length=7),
        verbose_name="obszar (kody TERYT)",
        default=list,
        blank=True,
        validators=[validate_teryt_list],
        help_text="Kody TERYT jednostek oddzielone przecinkami, np. 2464011.",
    )
    created_at = models.DateTimeField("utworzono", auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("project"), FieldPanel("partnership")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("baseline"), FieldPanel("target")]),
        FieldPanel("target_date"),
        FieldPanel("area"),
        InlinePanel("measurements", heading="Pomiary", label="pomiar"),
    ]

    class Meta:
        ordering = ["target_date", "name", "id"]
        verbose_name = "wskaźnik"
        verbose_name_plural = "wskaźniki"
        constraints = [
            models.CheckConstraint(
                condition=(Q(project__isnull=False) & Q(partnership__isnull=True))
                | (Q(project__isnull=True) & Q(partnership__isnull=False)),
                name="partnerships_indicator_one_owner",
                violation_error_message="Wskaźnik należy albo do projektu, albo do partnerstwa "
                "(wybierz dokładnie jedno).",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if (self.project_id is None) == (self.partnership_id is None):
            raise ValidationError(
                {
                    "project": "Wskaźnik należy albo do projektu, albo do partnerstwa "
                    "(wybierz dokładnie jedno)."
                }
            )

    def progress_start(self) -> date | None:
        """Start of the period over which progress is expected: see ``partnerships.progress``.

        Uses prefetched ``measurements`` and a selected ``project`` when present.
        """
        if self.project_id and self.project.start_date:
            return self.project.start_date
        dates = [m.date for m in self.measurements.all()]
        if dates:
            return min(dates)
        return timezone.localdate(self.created_at) if self.created_at else None

    def progress(self, *, today: date) -> Progress:
        return compute_progress(
            baseline=self.baseline,
            target=self.target,
            target_date=self.target_date,
            measurements=[(m.date, m.value) for m in self.measurements.all()],
            start=self.progress_start(),
            today=today,
        )


class Measurement(Orderable):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField("data pomiaru")
    value = models.DecimalField("wartość", max_digits=14, decimal_places=2)
    note = models.CharField("uwagi", max_length=300, blank=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("value")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        ordering = ["date", "id"]
        verbose_name = "pomiar"
        verbose_name_plural = "pomiary"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                name="partnerships_measurement_one_per_day",
                violation_error_message="Dla tego wskaźnika jest już pomiar z tego dnia.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.value}"


# Page models live in their own module; imported here so Django registers them.
from partnerships.pages import PartnershipPage, ProjectIndexPage, ProjectPage  # noqa: E402

__all__ = [
    "Agreement",
    "AgreementParty",
    "Indicator",
    "Measurement",
    "Meeting",
    "MeetingPhoto",
    "Member",
    "Partnership",
    "PartnershipDocument",
    "PartnershipPage",
    "Project",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectPartner",
]
