"""API clients of partner systems and their keys (tenant schema).

A key looks like ``pes_<prefix>_<secret>``: the prefix (public, unique) finds the key row, the
secret (256 random bits) is stored only as its SHA-256 and compared in constant time. A
client may hold two active keys during a rotation: the new one, and the old one until the
end of its overlap period (``ApiKey.expires_at``).

Writes go through ``api.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

# Resources a client may be given a scope on; "<resource>:read" / "<resource>:write".
RESOURCES: dict[str, str] = {
    "organisations": "organizacje",
    "activity_areas": "obszary działalności",
    "partnerships": "partnerstwa",
    "projects": "projekty",
    "news": "aktualności",
    "events": "wydarzenia",
}
ACCESS_LEVELS: dict[str, str] = {"read": "odczyt", "write": "zapis"}
SCOPE_CHOICES: list[tuple[str, str]] = [
    (f"{resource}:{level}", f"{label}: {level_label}")
    for resource, label in RESOURCES.items()
    for level, level_label in ACCESS_LEVELS.items()
]
SCOPES: frozenset[str] = frozenset(code for code, _ in SCOPE_CHOICES)


class ApiClient(models.Model):
    """A partner system (e.g. the regional observatory) allowed to use the tenant's API."""

    name = models.CharField("nazwa", max_length=200)
    contact_email = models.EmailField("e-mail kontaktowy")
    scopes = ArrayField(
        models.CharField(max_length=40, choices=SCOPE_CHOICES),
        verbose_name="uprawnienia",
        default=list,
        blank=True,
    )
    expires_at = models.DateTimeField("ważny do", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="utworzył",
    )
    created_at = models.DateTimeField("utworzono", auto_now_add=True)
    last_used_at = models.DateTimeField("ostatnie użycie", null=True, blank=True)
    revoked_at = models.DateTimeField("unieważniono", null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "integracja (klient API)"
        verbose_name_plural = "integracje (klienci API)"

    def __str__(self) -> str:
        return self.name

    # DRF treats the authenticated principal like a user.
    @property
    def is_authenticated(self) -> bool:
        return True

    def is_active_at(self, when) -> bool:
        if self.revoked_at is not None and self.revoked_at <= when:
            return False
        return self.expires_at is None or self.expires_at > when

    @property
    def is_active(self) -> bool:
        return self.is_active_at(timezone.now())

    def has_scope(self, resource: str, level: str) -> bool:
        return f"{resource}:{level}" in self.scopes


class ApiKey(models.Model):
    """One secret of a client. Rotation adds a key and gives the old one an end of overlap."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="keys")
    prefix = models.CharField("prefiks", max_length=16, unique=True)
    secret_sha256 = models.CharField("skrót sekretu (SHA-256)", max_length=64)
    created_at = models.DateTimeField("utworzono", auto_now_add=True)
    expires_at = models.DateTimeField("ważny do", null=True, blank=True)
    revoked_at = models.DateTimeField("unieważniono", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "klucz API"
        verbose_name_plural = "klucze API"

    def __str__(self) -> str:
        return f"pes_{self.prefix}_…"

    def is_active_at(self, when) -> bool:
        if self.revoked_at is not None and self.revoked_at <= when:
            return False
        return self.expires_at is None or self.expires_at > when
