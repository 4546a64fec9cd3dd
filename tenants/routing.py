"""Host name → tenant lookup, cached so that routing costs no database query after the first
request for a host. Entries are dropped when a domain or tenant changes (signals below)."""

from __future__ import annotations

from django.core.cache import caches
from django.db.models.signals import post_delete, post_save, pre_save

CACHE_ALIAS = "routing"
_MISSING = "__no_tenant__"
NEGATIVE_TTL = 60  # seconds an unknown host is remembered as unknown


def _key(hostname: str) -> str:
    return f"host:{hostname}"


def tenant_for_host(hostname: str):
    """The active tenant serving ``hostname``, or None. Cached; one query on a miss."""
    from tenants.models import Domain

    cache = caches[CACHE_ALIAS]
    cached = cache.get(_key(hostname))
    if cached == _MISSING:
        return None
    if cached is not None:
        return cached
    domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
    if domain is None or not domain.tenant.is_active:
        cache.set(_key(hostname), _MISSING, NEGATIVE_TTL)
        return None
    tenant = domain.tenant
    cache.set(_key(hostname), tenant)
    return tenant


def www_alias_target(host: str) -> str | None:
    """``host`` (with its port) without a leading ``www.``, or None when it has none.

    django-tenants routes ``www.<host>`` to the tenant of ``<host>``, but Wagtail's Site and
    the session cookie know only ``<host>``: the alias is redirected there (no query)."""
    return host[4:] if host.lower().startswith("www.") else None


def forget_hosts(*hostnames: str) -> None:
    caches[CACHE_ALIAS].delete_many([_key(h) for h in hostnames if h])


def _domain_pre_save(sender, instance, **kwargs):
    if instance.pk:
        old = sender.objects.filter(pk=instance.pk).values_list("domain", flat=True).first()
        instance._routing_old_domain = old


def _domain_changed(sender, instance, **kwargs):
    forget_hosts(instance.domain, getattr(instance, "_routing_old_domain", None) or "")


def _tenant_changed(sender, instance, **kwargs):
    from tenants.models import Domain

    hosts = list(Domain.objects.filter(tenant_id=instance.pk).values_list("domain", flat=True))
    forget_hosts(*hosts)


def connect_invalidation_signals() -> None:
    from tenants.models import Domain, Tenant

    pre_save.connect(_domain_pre_save, sender=Domain, dispatch_uid="routing_domain_pre_save")
    post_save.connect(_domain_changed, sender=Domain, dispatch_uid="routing_domain_saved")
    post_delete.connect(_domain_changed, sender=Domain, dispatch_uid="routing_domain_deleted")
    post_save.connect(_tenant_changed, sender=Tenant, dispatch_uid="routing_tenant_saved")
    # Before delete: afterwards its domains are gone (cascade) and cannot be listed.
    from django.db.models.signals import pre_delete

    pre_delete.connect(_tenant_changed, sender=Tenant, dispatch_uid="routing_tenant_deleted")
