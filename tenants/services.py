"""Writes on tenants: provisioning, domains. Keyword-only, typed, atomic."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_exists, tenant_context

from tenants import extensions
from tenants.celery_tenancy import send_for_tenant_on_commit
from tenants.invitations import admin_setup_url, platform_host_for
from tenants.models import Domain, Tenant, TenantKind, schema_name_for_slug
from tenants.schema_clone import clone_schema
from tenants.tasks import send_admin_invitation

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str], None]

# How a new tenant's schema is made: "clone" copies the migrated template with
# ``tenants.schema_clone`` (the default); "stock_clone" with django-tenants' own PL/pgSQL
# ``clone_schema`` followed by ``migrate_schemas --fake``, as its ``TENANT_BASE_SCHEMA`` does;
# "migrate" runs every migration on an empty schema. The last two are baselines (benchmark,
# repair).
SchemaMethod = Literal["clone", "stock_clone", "migrate"]


@dataclass
class ProvisionResult:
    tenant: Tenant
    created: bool
    domain: str
    admin_email: str
    admin_setup_url: str | None = None
    timings: dict[str, float] = field(default_factory=dict)


def _noop(message: str) -> None:
    return None


def tenant_provision(
    *,
    name: str,
    slug: str,
    kind: str,
    admin_email: str,
    admin_password: str | None = None,
    teryt_code: str = "",
    voivodeship: str = "",
    served_units: Sequence[str] = (),
    domain: str | None = None,
    contact: dict[str, Any] | None = None,
    schema_method: SchemaMethod = "clone",
    progress: ProgressCallback = _noop,
) -> ProvisionResult:
    """Create a tenant with its schema, the apps' per-tenant set-up (``tenant_setup``: the
    Wagtail site, Polish home page and page tree come from ``cms``) and a first administrator.

    The schema is cloned from the migrated template schema (see ``SchemaMethod`` for the
    baselines the benchmark compares). Everything happens in one transaction: bad input raises
    ``ValidationError`` before anything is written, and a failure half-way (in any app's step)
    leaves no tenant row, no schema and no domain. Calling it again for a provisioned tenant
    changes nothing and returns ``created=False``.
    """
    if schema_method not in ("clone", "stock_clone", "migrate"):
        raise ValueError(f"unknown schema method {schema_method!r}")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    domain = (domain or platform_host_for(slug)).strip().lower()
    contact = dict(contact or {})

    existing = Tenant.objects.filter(slug=slug).first()
    if existing is not None and existing.provisioned_at is not None:
        if not schema_exists(existing.schema_name):
            raise ValidationError(
                {
                    "slug": f"Najemca „{slug}” istnieje, ale jego schemat zniknął "
                    "— potrzebna interwencja."
                }
            )
        progress(f"{slug}: już istnieje, bez zmian")
        primary = existing.get_primary_domain()
        return ProvisionResult(
            tenant=existing,
            created=False,
            domain=primary.domain if primary else domain,
            admin_email=admin_email,
        )

    tenant = existing or Tenant(slug=slug)
    tenant.name = name
    tenant.kind = kind
    tenant.teryt_code = teryt_code
    tenant.voivodeship = voivodeship or teryt_code[:2]
    tenant.served_units = list(served_units)
    tenant.schema_name = schema_name_for_slug(slug)
    for key, value in contact.items():
        if key not in {
            "street",
            "postal_code",
            "city",
            "phones",
            "email",
            "website",
            "office_hours",
        }:
            raise ValidationError({key: "Nieznane pole danych kontaktowych."})
        setattr(tenant, key, value)
    _validate_new_tenant(
        tenant, domain=domain, admin_email=admin_email, admin_password=admin_password
    )
    timings["validate"] = time.perf_counter() - t0

    if schema_method == "migrate":
        # Baseline path (benchmarks, repair): migrations cannot run inside one transaction
        # with the rest (Wagtail's data migrations leave deferred trigger events), so the
        # schema is migrated first and dropped again if anything after it fails.
        progress(f"{slug}: migracje schematu")
        t1 = time.perf_counter()
        _migrate_new_schema(tenant.schema_name)
        timings["schema"] = time.perf_counter() - t1
    try:
        setup_url = _provision_in_transaction(
            tenant,
            domain=domain,
            admin_email=admin_email,
            admin_password=admin_password,
            schema_method=schema_method,
            timings=timings,
            progress=progress,
        )
    except BaseException:
        if schema_method == "migrate":
            _drop_schema(tenant.schema_name)
        raise
    timings["total"] = time.perf_counter() - t0
    log.info("tenant provisioned", extra={"tenant": tenant.schema_name, "timings": timings})
    progress(f"{slug}: gotowe w {timings['total']:.2f} s")
    return ProvisionResult(
        tenant=tenant,
        created=True,
        domain=domain,
        admin_email=admin_email,
        admin_setup_url=setup_url,
        timings=timings,
    )


def _provision_in_transaction(
    tenant: Tenant,
    *,
    domain: str,
    admin_email: str,
    admin_password: str | None,
    schema_method: SchemaMethod,
    timings: dict[str, float],
    progress: ProgressCallback,
) -> str | None:
    with transaction.atomic():
        tenant.save()
        if schema_method != "migrate":
            t1 = time.perf_counter()
            progress(f"{tenant.slug}: kopiowanie schematu z szablonu")
            if schema_method == "clone":
                clone_schema(settings.TENANT_TEMPLATE_SCHEMA, tenant.schema_name)
            else:
                _stock_clone_schema(tenant.schema_name)
            timings["schema"] = time.perf_counter() - t1
        Domain.objects.update_or_create(
            domain=domain, defaults={"tenant": tenant, "is_primary": True}
        )
        t2 = time.perf_counter()
        with tenant_context(tenant):
            # The apps' set-up (the Wagtail site and page tree, ...): see tenants.extensions.
            context = extensions.ProvisioningContext(
                tenant=tenant, domain=domain, admin_email=admin_email, progress=progress
            )
            for step in extensions.tenant_setup:
                progress(f"{tenant.slug}: {step.title}")
                step.func(context)
            user, setup_url = _first_admin_create(
                email=admin_email, password=admin_password, domain=domain
            )
            if admin_password is None:
                send_for_tenant_on_commit(send_admin_invitation, tenant, user.pk)
        timings["site_and_admin"] = time.perf_counter() - t2
        tenant.provisioned_at = timezone.now()
        tenant.save(update_fields=["provisioned_at"])
    return setup_url


def _drop_schema(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {connection.ops.quote_name(schema_name)} CASCADE")


def _validate_new_tenant(
    tenant: Tenant, *, domain: str, admin_email: str, admin_password: str | None
) -> None:
    errors: dict[str, list[str]] = {}
    try:
        tenant.full_clean(exclude=["provisioned_at"], validate_unique=tenant._state.adding)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if tenant.kind == TenantKind.PLATFORM:
        errors.setdefault("kind", []).append("Nie można utworzyć drugiej platformy.")
    if tenant.schema_name and schema_exists(tenant.schema_name) and tenant._state.adding:
        errors.setdefault("slug", []).append("Schemat dla tego identyfikatora już istnieje.")
    candidate = Domain(domain=domain)
    try:
        candidate.clean()
    except ValidationError as exc:
        errors.setdefault("domain", []).extend(exc.messages)
    owner = Domain.objects.filter(domain=domain).exclude(tenant__slug=tenant.slug).first()
    if owner is not None:
        errors.setdefault("domain", []).append(f"Domena {domain} należy już do innego najemcy.")
    try:
        validate_email(admin_email)
    except ValidationError:
        errors.setdefault("admin_email", []).append("Podaj poprawny adres e-mail administratora.")
    if admin_password is not None:
        from django.contrib.auth.password_validation import validate_password

        try:
            validate_password(admin_password)
        except ValidationError as exc:
            errors.setdefault("admin_password", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)


def _migrate_new_schema(schema_name: str) -> None:
    """Baseline path: create the schema and run every tenant migration on it."""
    from django.core.management import call_command

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {connection.ops.quote_name(schema_name)}")
    call_command(
        "migrate_schemas", tenant=True, schema_name=schema_name, interactive=False, verbosity=0
    )
    connection.set_schema_to_public()  # type: ignore[attr-defined]


def _stock_clone_schema(schema_name: str) -> None:
    """Baseline: what django-tenants does for a tenant with ``TENANT_BASE_SCHEMA`` set."""
    from django.core.management import call_command
    from django_tenants.clone import CloneSchema

    CloneSchema().clone_schema(settings.TENANT_TEMPLATE_SCHEMA, schema_name, "DATA")
    call_command(
        "migrate_schemas",
        tenant=True,
        fake=True,
        schema_name=schema_name,
        interactive=False,
        verbosity=0,
    )
    connection.set_schema_to_public()  # type: ignore[attr-defined]


def _first_admin_create(*, email: str, password: str | None, domain: str):
    """The tenant's first administrator (a superuser of this tenant's schema only).

    Without a password the account gets an unusable one and a one-time link to set it,
    which is also e-mailed by a Celery task once the transaction commits.
    """
    User = get_user_model()
    user = User(username=email, email=email, is_staff=True, is_superuser=True)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    setup_url = None if password else admin_setup_url(user=user, domain=domain)
    return user, setup_url


@transaction.atomic
def domain_add(*, tenant: Tenant, domain: str, is_primary: bool = False) -> Domain:
    """Attach another host name (e.g. a custom domain) to a tenant; the apps' ``domain_setup``
    steps (e.g. binding the Wagtail site to it) run in the same transaction."""
    domain = domain.strip().lower()
    obj = Domain(domain=domain, tenant=tenant, is_primary=is_primary)
    obj.clean()
    if Domain.objects.filter(domain=domain).exists():
        raise ValidationError({"domain": f"Domena {domain} jest już zajęta."})
    obj.save()
    with tenant_context(tenant):
        for step in extensions.domain_setup:
            step.func(hostname=domain)
    return obj


@transaction.atomic
def platform_tenant_ensure() -> Tenant:
    """The public-schema tenant row for the platform's own site on PLATFORM_DOMAIN."""
    tenant = Tenant.objects.filter(schema_name="public").first()
    if tenant is None:
        tenant = Tenant(
            schema_name="public",
            slug="platforma",
            name=settings.PLATFORM_NAME,
            kind=TenantKind.PLATFORM,
            provisioned_at=timezone.now(),
        )
        tenant.save()
    Domain.objects.get_or_create(
        domain=settings.PLATFORM_DOMAIN, defaults={"tenant": tenant, "is_primary": True}
    )
    return tenant
