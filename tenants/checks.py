"""System checks of the foundation (registered in ``TenantsConfig.ready``).

More than one web process behind the platform (``WEB_REPLICAS`` > 1, e.g. several pods) needs a
cache they all share: the per-tenant page cache, the host routing cache and the public forms'
rate limits are invalidated or counted in the cache, and with a process-local cache each pod
keeps its own copy that no invalidation from another pod reaches (a page made private would
still be served by the other pods for minutes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.checks import Error, register

# Backends whose entries live in one process (or one pod's disk), or nowhere.
PROCESS_LOCAL_BACKENDS = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
        "django.core.cache.backends.filebased.FileBasedCache",
    }
)
SHARED_CACHE_ERROR_ID = "tenants.E010"


def process_local_caches(caches: Mapping[str, Mapping[str, Any]], replicas: int) -> list[str]:
    """Aliases of the caches that cannot serve ``replicas`` web processes (empty: all fine)."""
    if replicas <= 1:
        return []
    return sorted(
        alias for alias, conf in caches.items() if conf.get("BACKEND") in PROCESS_LOCAL_BACKENDS
    )


def shared_cache_message(aliases: list[str], replicas: int) -> str:
    return (
        f"WEB_REPLICAS={replicas}, a pamięć podręczna ({', '.join(aliases)}) jest lokalna dla "
        "procesu: każda replika serwowałaby własne, nieaktualne kopie stron. "
        "Ustaw REDIS_URL (wspólny Redis) albo WEB_REPLICAS=1."
    )


@register()
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    replicas = int(getattr(settings, "WEB_REPLICAS", 1))
    aliases = process_local_caches(settings.CACHES, replicas)
    if not aliases:
        return []
    return [
        Error(
            shared_cache_message(aliases, replicas),
            hint="Wspólna pamięć podręczna: REDIS_URL=redis://…; zob. docs/deploy.md.",
            id=SHARED_CACHE_ERROR_ID,
        )
    ]
