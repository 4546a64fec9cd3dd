"""Extension points of the foundation: apps plug in here from ``AppConfig.ready()``.

``tenants`` never imports a domain app. What it needs from them (content of the template schema,
per-tenant set-up at provisioning, set-up when a domain is attached, demo data, per-tenant
metrics for the coordinators) it asks these registries for, and the apps fill them::

    # registry/apps.py
    def ready(self):
        from tenants import extensions
        from registry import demo, metrics

        extensions.demo_content.register("registry", demo.seed_demo_content, order=40)
        extensions.tenant_metrics.register("registry", metrics.registry_metrics)

Entries run in ``order`` (then name). Registering the same function under the same name again
is a no-op (``ready()`` may run twice in tests); another function under a taken name is a
configuration error. It is the pattern of the public form handlers (``cms.forms.handlers``) and
of Wagtail's hooks. Where each registry is run:

* ``template_content``: ``migrate_schemas``, in the template schema after migrating it;
* ``tenant_setup``: ``tenants.services.tenant_provision``, in the new schema, inside the one
  provisioning transaction (a step that raises rolls back the tenant row, schema and domain);
* ``domain_setup``: ``tenants.services.domain_add``, in the tenant's schema, same transaction;
* ``demo_content``: ``manage.py seed_demo``, in each demo tenant's schema;
* ``tenant_metrics``: ``tenants.selectors.tenant_metrics_get``, in the tenant's schema;
* ``personal_data``: ``cms.privacy`` (RODO export and erasure), in the tenant's schema;
* ``restore_setup``: ``tenant_restore``, in the restored schema.
* ``roles``: ``tenants.roles.roles_sync``, in the template schema and after every migration of
  a tenant schema.

Every function runs with the tenant active (``tenant_context``), so ``connection.tenant`` is
the real ``Tenant``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from tenants.models import Tenant

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Extension(Generic[F]):
    name: str
    func: F
    order: int = 100
    # What progress messages show while it runs (Polish: operators read it); else the name.
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or self.name


class ExtensionRegistry(Generic[F]):
    """Named, ordered functions that apps contribute to one extension point."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._entries: dict[str, Extension[F]] = {}

    def register(self, name: str, func: F, *, order: int = 100, label: str = "") -> F:
        entry = Extension(name=name, func=func, order=order, label=label)
        existing = self._entries.get(name)
        if existing is not None and existing != entry:
            raise ImproperlyConfigured(
                f"{self.label}: another function is already registered as {name!r}"
            )
        self._entries[name] = entry
        return func

    def unregister(self, name: str) -> None:
        """Remove an entry (tests that plug in a step of their own take it out again)."""
        self._entries.pop(name, None)

    def __iter__(self) -> Iterator[Extension[F]]:
        return iter(sorted(self._entries.values(), key=lambda e: (e.order, e.name)))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def names(self) -> list[str]:
        return [entry.name for entry in self]


@dataclass(frozen=True)
class ProvisioningContext:
    """What a per-tenant set-up step gets: it runs in the new tenant's schema, inside the
    provisioning transaction (raising rolls the whole provisioning back)."""

    tenant: Tenant
    domain: str
    admin_email: str
    progress: Callable[[str], None]


# A figure: a count or sum (int), an amount in PLN (Decimal), a moment (e.g. the last edit;
# None when it never happened).
MetricValue = int | Decimal | dt.datetime | None

# func() -> object (results are ignored throughout), run in the template schema after it is
# migrated (``migrate_schemas``): the tenant-independent content every clone inherits (e.g. the
# generic pages of a site).
template_content: ExtensionRegistry[Callable[[], object]] = ExtensionRegistry("template content")

# func(context) -> object, run in the new tenant's schema while it is provisioned.
tenant_setup: ExtensionRegistry[Callable[[ProvisioningContext], object]] = ExtensionRegistry(
    "tenant set-up"
)

# func(*, hostname) -> object, run in the tenant's schema when a domain is attached to it.
domain_setup: ExtensionRegistry[Callable[..., object]] = ExtensionRegistry("domain set-up")

# func(tenant) -> object, run in the tenant's schema by ``seed_demo`` for every demo tenant;
# it must be idempotent (``seed_demo`` runs again on every ``make run``).
demo_content: ExtensionRegistry[Callable[[Tenant], object]] = ExtensionRegistry("demo content")

# func(tenant) -> {metric name: value}, run in the tenant's schema. A function names its figures
# without a prefix ("organisations_total"); ``tenants.selectors.tenant_metrics_get`` prefixes
# them with the entry's name ("registry.organisations_total"), which the dashboards read.
tenant_metrics: ExtensionRegistry[Callable[[Tenant], Mapping[str, MetricValue]]] = (
    ExtensionRegistry("tenant metrics")
)


# --- personal data (RODO) -------------------------------------------------------------------
# Export and erasure of one person's data held by a tenant: every app that stores personal data
# contributes a finder; ``cms.privacy`` runs them all for an editor's request and records it.


@dataclass(frozen=True)
class PersonQuery:
    """Whom a data-protection request is about. ``email`` is required (lower-cased);
    ``name`` ("Jan Kowalski", whitespace collapsed) and ``phone`` (digits only, at least 9)
    also find records that hold the person's name or number without the address."""

    email: str
    name: str = ""
    phone: str = ""

    REDACTED: ClassVar[str] = "[usunięto]"

    @classmethod
    def of(cls, *, email: str, name: str = "", phone: str = "") -> PersonQuery:
        """The query in its normal form (validation is the caller's: ``cms.privacy``)."""
        return cls(
            email=email.strip().lower(), name=" ".join(name.split()), phone=phone_digits(phone)
        )

    def matches_email(self, value: object) -> bool:
        return isinstance(value, str) and value.strip().lower() == self.email

    def matches_name(self, value: object) -> bool:
        return (
            bool(self.name)
            and isinstance(value, str)
            and " ".join(value.split()).casefold() == self.name.casefold()
        )

    def matches_phone(self, value: object) -> bool:
        """One of the numbers in ``value`` ("34 370 74 80, +48 600 100 200") is the person's."""
        if not self.phone or not isinstance(value, str):
            return False
        return any(
            phone_digits(part) == self.phone for part in re.split(r"[,;/]| lub ", value) if part
        )

    def redact(self, text: str) -> str:
        """``text`` with the person's e-mail address, name and phone number replaced wherever
        they occur (the number in any spacing: "600 100 200", "+48 600-100-200")."""
        patterns = [re.escape(needle) for needle in (self.email, self.name) if needle]
        if self.phone:
            patterns.append(r"(?:\+?48[\s-]*)?" + r"[\s-]*".join(self.phone))
        for pattern in patterns:
            text = re.sub(pattern, self.REDACTED, text, flags=re.IGNORECASE)
        return text

    def without_phone(self, value: str) -> str:
        """A list of numbers ("34 370 74 80, 600 100 200") without the person's."""
        parts = [part.strip() for part in re.split(r"[,;/]| lub ", value or "")]
        return ", ".join(p for p in parts if p and phone_digits(p) != self.phone)


def phone_digits(value: str) -> str:
    """A Polish phone number as its 9 national digits ("+48 600-100-200" → "600100200")."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 11 and digits.startswith("48"):
        digits = digits[2:]
    elif len(digits) == 13 and digits.startswith("0048"):
        digits = digits[4:]
    return digits


@dataclass(frozen=True)
class ErasureContext:
    """What an eraser gets: the request and the editor carrying it out (a user of the schema)."""

    person: PersonQuery
    editor: Any


@dataclass(frozen=True)
class PersonalDataItem:
    """One record holding data of the person, as an app's finder reports it.

    ``category`` and ``reference`` name it for the editor and the request record (Polish, no
    personal values: "Zgłoszenie nr 12"); ``data`` is what the person gets in the export
    (Polish labels → JSON-ready values); ``matched`` says which of the person's details were
    found in it. ``erase(context)`` removes or anonymises exactly this data and returns what it
    did (Polish); it runs inside the request's transaction and raises ``ValidationError`` to
    refuse (the whole erasure is then rolled back).
    """

    category: str
    reference: str
    data: Mapping[str, Any]
    matched: tuple[str, ...]
    erase: Callable[[ErasureContext], str]


# func(person) -> iterable of PersonalDataItem, run in the tenant's schema; the app's exporter
# (the items' data) and eraser (each item's ``erase``) in one.
personal_data: ExtensionRegistry[Callable[[PersonQuery], Iterable[PersonalDataItem]]] = (
    ExtensionRegistry("personal data")
)

# func(*, old_hostnames, hostname) -> None, run in a schema restored from another tenant's
# backup (``tenant_restore``): re-point whatever names the source tenant's hosts (old_hostnames)
# to the new tenant's host name.
restore_setup: ExtensionRegistry[Callable[..., None]] = ExtensionRegistry("restore set-up")


# --- roles ----------------------------------------------------------------------------------
# func(grants: tenants.roles.RoleGrants) -> object: an app grants its own permissions to the
# tenant's ready-made roles ("Redaktor", "Moderator", "Baza organizacji", "Administrator");
# ``tenants.roles.roles_sync`` runs them in the template schema and after every tenant migration.
roles: ExtensionRegistry[Callable[..., object]] = ExtensionRegistry("roles")
