"""A project: its programme codes, funding and period, its leader and partners."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index

from partnerships.models.parties import PartyBase
from partnerships.models.partnership import Member, Partnership, Role
from partnerships.validators import check_budget, check_period, check_programme_codes


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
        "wartość projektu (zł)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    co_financing = models.DecimalField(
        "dofinansowanie (zł)", max_digits=14, decimal_places=2, null=True, blank=True
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

    class Meta(Orderable.Meta):
        verbose_name = "partner projektu"
        verbose_name_plural = "lider i partnerzy projektu"

    def has_name_source(self) -> bool:
        return super().has_name_source() or self.member_id is not None

    def take_name_snapshot(self) -> None:
        """A partner given only as a partnership member takes the member's organisation and
        name; then the organisation's name as for any party."""
        member = self.member if self.member_id else None
        if member is not None and not self.organisation_id and not self.name.strip():
            self.organisation_id = member.organisation_id
            self.name = member.display_name
        super().take_name_snapshot()

    @property
    def role_label(self) -> str:
        label = self.get_role_display()
        if self.role == Role.PARTNER and self.country != "PL":
            return "partner ponadnarodowy"
        return label
