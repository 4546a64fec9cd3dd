"""Production settings: HTTPS hardening that passes ``check --deploy`` with no warnings, and the
entry points that deployed processes use default to them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import host_of

ROOT = Path(__file__).resolve().parents[2]

# What the Helm chart provides (deploy/helm: ConfigMap and Secret), nothing more.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k3Y-for-the-deploy-check-" + "x7Qp2" * 10,
    "DJANGO_ALLOWED_HOSTS": ".es.example.pl,es.example.pl",
    "CSRF_TRUSTED_ORIGINS": "https://es.example.pl,https://*.es.example.pl",
    "PLATFORM_DOMAIN": "es.example.pl",
    "DATABASE_URL": "postgres://es:secret@db.example.internal:5432/es",
    "CELERY_BROKER_URL": "redis://redis.example.internal:6379/0",
}


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Nothing of the caller's own services either (.ci/run's second path sets them).
    dropped = ("DJANGO_", "SECURE_", "DATABASE_URL", "REDIS_URL", "CELERY_", "WEB_REPLICAS")
    base = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    return subprocess.run(  # noqa: S603 (fixed arguments: this interpreter, this file)
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("extra", "silenced"),
    [({}, 1), ({"SECURE_HSTS_PRELOAD": "true"}, 0)],
    ids=["defaults", "preload-on"],
)
def test_check_deploy_reports_no_warnings(extra, silenced):
    result = _run(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, **extra}
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == f"System check identified no issues ({silenced} silenced)."


PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in (
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT", "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SILENCED_SYSTEM_CHECKS")}))
"""


def test_https_settings_and_what_an_operator_may_change():
    defaults = json.loads(_run("-c", PRINT_SETTINGS, env=PRODUCTION_ENV).stdout)
    changed = json.loads(
        _run(
            "-c",
            PRINT_SETTINGS,
            env={
                **PRODUCTION_ENV,
                "SECURE_HSTS_SECONDS": "600",
                "SECURE_HSTS_INCLUDE_SUBDOMAINS": "false",
                "SECURE_HSTS_PRELOAD": "true",
                "SECURE_SSL_REDIRECT": "false",
            },
        ).stdout
    )

    assert defaults == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_REDIRECT_EXEMPT": ["^healthz/?$"],
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SILENCED_SYSTEM_CHECKS": ["security.W021"],
    }
    assert changed == {
        **defaults,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": True,
        "SILENCED_SYSTEM_CHECKS": [],
    }


ENTRY_POINTS = """
import importlib, json, os
from django.core.exceptions import ImproperlyConfigured
chosen = {}
for module in ("config.celery", "config.wsgi", "config.asgi"):
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    try:
        importlib.import_module(module)
    except ImproperlyConfigured as exc:  # production refuses the embedded database
        chosen[module + ":error"] = str(exc)
    chosen[module] = os.environ["DJANGO_SETTINGS_MODULE"]
print(json.dumps(chosen))
"""


def test_deployed_entry_points_default_to_production_settings():
    result = _run("-c", ENTRY_POINTS, env={})

    assert json.loads(result.stdout) == {
        "config.celery": "config.settings.production",
        "config.wsgi": "config.settings.production",
        "config.wsgi:error": "DATABASE_URL must be set: the embedded database is disabled.",
        "config.asgi": "config.settings.production",
        "config.asgi:error": "DATABASE_URL must be set: the embedded database is disabled.",
    }


@pytest.fixture
def https_settings(settings):
    """The production HTTPS settings, in the test process (tested above to be production's)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    return settings


@pytest.mark.django_db
def test_plain_http_is_redirected_but_probes_are_answered(client, https_settings):
    host = host_of("czestochowa")

    redirected = client.get("/", HTTP_HOST=host)
    live = client.get("/healthz?live=1", HTTP_HOST="10.1.2.3")
    ready = client.get("/healthz/", HTTP_HOST="10.1.2.3")
    secure = client.get("/", HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https")

    assert (redirected.status_code, redirected["Location"]) == (301, f"https://{host}/")
    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    assert ready.status_code in (200, 503)  # answered, whatever the broker's state
    assert "Location" not in ready
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
