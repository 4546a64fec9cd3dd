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
of Wagtail's hooks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from tenants.models import Tenant

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Extension(Generic[F]):
    name: str
    func: F
    order: int = 100


class ExtensionRegistry(Generic[F]):
    """Named, ordered functions that apps contribute to one extension point."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._entries: dict[str, Extension[F]] = {}

    def register(self, name: str, func: F, *, order: int = 100) -> F:
        existing = self._entries.get(name)
        if existing is not None and (existing.func is not func or existing.order != order):
            raise ImproperlyConfigured(
                f"{self.label}: another function is already registered as {name!r}"
            )
        self._entries[name] = Extension(name=name, func=func, order=order)
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


MetricValue = int | Decimal

# func() -> None, run in the template schema after it is migrated (``migrate_schemas``): the
# tenant-independent content every clone inherits (e.g. the generic pages of a site).
template_content: ExtensionRegistry[Callable[[], None]] = ExtensionRegistry("template content")

# func(context) -> None, run in the new tenant's schema while it is provisioned.
tenant_setup: ExtensionRegistry[Callable[[ProvisioningContext], None]] = ExtensionRegistry(
    "tenant set-up"
)

# func(*, hostname) -> None, run in the tenant's schema when a domain is attached to it.
domain_setup: ExtensionRegistry[Callable[..., None]] = ExtensionRegistry("domain set-up")

# func(tenant) -> None, run in the tenant's schema by ``seed_demo`` for every demo tenant.
demo_content: ExtensionRegistry[Callable[[Tenant], None]] = ExtensionRegistry("demo content")

# func(tenant) -> {metric name: value}, run in the tenant's schema; names are prefixed by the
# app ("registry.organisations_total") and the coordinator dashboards read them.
tenant_metrics: ExtensionRegistry[Callable[[Tenant], Mapping[str, MetricValue]]] = (
    ExtensionRegistry("tenant metrics")
)
