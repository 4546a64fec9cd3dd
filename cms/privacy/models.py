"""The record of data-protection (RODO) requests a tenant handled, kept in the tenant's schema.

It is the tenant's proof of accountability (art. 5 ust. 2 RODO): who asked, when, what was
found and what was done with it, by which editor. It names the records (``"Zgłoszenie nr 12"``),
never copies their contents.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class PrivacyRequestKind(models.TextChoices):
    EXPORT = "export", "wydanie kopii danych"
    ERASE = "erase", "usunięcie danych"
    RETENTION = "retention", "usunięcie po okresie przechowywania"


class PrivacyRequestOutcome(models.TextChoices):
    DONE = "done", "wykonano"
    REFUSED = "refused", "odmówiono"


def _today():
    return timezone.localdate()


class PrivacyRequest(models.Model):
    kind = models.CharField("rodzaj", max_length=16, choices=PrivacyRequestKind.choices)
    outcome = models.CharField("wynik", max_length=16, choices=PrivacyRequestOutcome.choices)
    email = models.EmailField("e-mail osoby", blank=True)
    name = models.CharField("imię i nazwisko osoby", max_length=150, blank=True)
    phone = models.CharField("telefon osoby", max_length=20, blank=True)
    requested_on = models.DateField("data wniosku", default=_today)
    note = models.TextField("uwagi", blank=True)
    # [{"category", "reference", "matched": [...], "result"}]: what was found and done.
    items = models.JSONField("rekordy", default=list, blank=True)
    item_count = models.PositiveIntegerField("liczba rekordów", default=0)
    message = models.TextField("powód odmowy", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="obsłużył(a)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("kiedy", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "wniosek RODO"
        verbose_name_plural = "wnioski RODO"
        ordering = ["-created_at", "-pk"]
        default_permissions = ()
        permissions = [
            ("handle_privacy_request", "Może obsługiwać wnioski o dane osobowe (RODO)"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} z {self.created_at:%Y-%m-%d}"
