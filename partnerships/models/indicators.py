"""Indicators of a project or a partnership and their measurements."""

from __future__ import annotations

from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from partnerships.models.partnership import Partnership
from partnerships.models.project import Project
from partnerships.progress import Progress, compute_progress
from partnerships.validators import validate_teryt_list

ONE_OWNER = "Wskaźnik należy albo do projektu, albo do partnerstwa (wybierz dokładnie jedno)."


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
            raise ValidationError({"project": ONE_OWNER})

    def progress_start(self) -> date | None:
        """Start of the period over which progress is expected: see ``partnerships.progress``.

        Uses prefetched ``measurements`` and a selected ``project`` when present.
        """
        project = self.project if self.project_id else None
        if project is not None and project.start_date:
            return project.start_date
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
