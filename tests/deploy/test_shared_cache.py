"""Several web replicas need a shared cache: the settings refuse to start without one, the
system check says why, and the Helm chart's schema refuses such values before anything runs.

A process-local page cache on several pods would keep serving a page that was made private on
another pod for minutes (each pod's copy is invalidated only by its own requests)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.checks import Error
from django.test import override_settings

from tenants.checks import SHARED_CACHE_ERROR_ID, check_shared_cache, process_local_caches

from .conftest import MINIMAL, PRODUCTION, REPO_ROOT, Manifest, Render, RunHelm

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
REDIS = {"BACKEND": "config.cache.DegradingRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k3Y-for-the-replica-check-" + "x7Qp2" * 10,
    "DJANGO_ALLOWED_HOSTS": ".es.example.pl,es.example.pl",
    "PLATFORM_DOMAIN": "es.example.pl",
    "DATABASE_URL": "postgres://es:secret@db.example.internal:5432/es",
    "CELERY_BROKER_URL": "redis://redis.example.internal:6379/0",
}


# --- the system check ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
        "django.core.cache.backends.filebased.FileBasedCache",
    ],
)
def test_check_errors_with_several_replicas_and_a_process_local_cache(backend: str) -> None:
    caches = {"default": {"BACKEND": backend, "LOCATION": "es-check"}, "routing": REDIS}
    with override_settings(WEB_REPLICAS=3, CACHES=caches):
        errors = check_shared_cache()

    assert len(errors) == 1
    assert isinstance(errors[0], Error)
    assert errors[0].id == SHARED_CACHE_ERROR_ID
    assert errors[0].msg == (
        "WEB_REPLICAS=3, a pamięć podręczna (default) jest lokalna dla procesu: każda replika "
        "serwowałaby własne, nieaktualne kopie stron. Ustaw REDIS_URL (wspólny Redis) albo "
        "WEB_REPLICAS=1."
    )


def test_check_names_every_local_cache() -> None:
    assert process_local_caches({"default": LOCMEM, "routing": LOCMEM}, 2) == ["default", "routing"]


@pytest.mark.parametrize(
    ("replicas", "caches"),
    [(1, {"default": LOCMEM}), (2, {"default": REDIS, "routing": REDIS}), (0, {"default": LOCMEM})],
    ids=["one-replica-locmem", "two-replicas-redis", "zero-replicas"],
)
def test_check_passes_with_one_replica_or_a_shared_cache(replicas: int, caches: dict) -> None:
    with override_settings(WEB_REPLICAS=replicas, CACHES=caches):
        assert check_shared_cache() == []


def test_check_is_registered() -> None:
    from django.core.checks.registry import registry

    assert check_shared_cache in registry.get_checks()


# --- production settings refuse to start ------------------------------------------------------


def _import_production_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SECURE_", "REDIS_", "WEB_", "CELERY_"))
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings.production as s; print(s.CACHES['default']['BACKEND'])",
        ],
        cwd=REPO_ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_several_replicas_without_a_shared_cache() -> None:
    result = _import_production_settings({**PRODUCTION_ENV, "WEB_REPLICAS": "2"})

    assert result.returncode != 0
    assert "ImproperlyConfigured: WEB_REPLICAS=2, a pamięć podręczna (default, routing)" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("extra", "backend"),
    [
        (
            {"WEB_REPLICAS": "2", "REDIS_URL": "redis://redis.example.internal:6379/1"},
            "config.cache.DegradingRedisCache",
        ),
        ({}, "django.core.cache.backends.locmem.LocMemCache"),
    ],
    ids=["two-replicas-redis", "one-replica-default"],
)
def test_production_starts_with_a_shared_cache_or_one_replica(extra: dict, backend: str) -> None:
    result = _import_production_settings({**PRODUCTION_ENV, **extra})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend


# --- the Helm chart ---------------------------------------------------------------------------


def _web_replicas(manifests: list[Manifest]) -> str:
    (config_map,) = [
        m
        for m in manifests
        if m["kind"] == "ConfigMap" and m["metadata"]["name"] == "socialeconomy-config"
    ]
    return config_map["data"]["WEB_REPLICAS"]


def test_chart_passes_the_replica_count_to_the_pods(render: Render) -> None:
    assert _web_replicas(render("-f", str(MINIMAL))) == "2"
    assert _web_replicas(render("-f", str(MINIMAL), "--set", "web.replicaCount=1")) == "1"
    # Autoscaled: as many as the autoscaler may start.
    assert _web_replicas(render("-f", str(PRODUCTION))) == "12"


@pytest.mark.parametrize(
    "overrides",
    [
        "secrets.redisUrl=",
        "secrets.redisUrl=,web.replicaCount=1,web.autoscaling.enabled=true,web.autoscaling.maxReplicas=4",
    ],
    ids=["two-replicas", "autoscaled-to-four"],
)
def test_schema_refuses_several_replicas_without_a_cache_url(
    template: RunHelm, overrides: str
) -> None:
    result = template("-f", str(MINIMAL), "--set", overrides)

    assert result.returncode != 0
    assert "values don't meet the specifications of the schema" in result.stderr
    assert "at '/secrets/redisUrl': minLength: got 0, want 1" in result.stderr


@pytest.mark.parametrize(
    "overrides",
    [
        "secrets.redisUrl=,web.replicaCount=1",
        "secrets.redisUrl=,web.autoscaling.enabled=true,web.autoscaling.minReplicas=1,web.autoscaling.maxReplicas=1",
        # The Secret is not visible to the schema; the pods' settings check REDIS_URL at start.
        "secrets.redisUrl=,secrets.existingSecret=from-vault",
    ],
    ids=["one-replica", "autoscaled-to-one", "existing-secret"],
)
def test_schema_accepts_one_replica_or_a_cache_url(template: RunHelm, overrides: str) -> None:
    result = template("-f", str(MINIMAL), "--set", overrides)

    assert result.returncode == 0, result.stderr
