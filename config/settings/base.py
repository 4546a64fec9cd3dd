"""Settings shared by every environment. Values come from the environment (django-environ)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from config.embedded import database_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
RUN_DIR = BASE_DIR / ".run"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-insecure-secret-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Tenants live on <slug>.<PLATFORM_DOMAIN>; the platform's own site answers on PLATFORM_DOMAIN.
PLATFORM_DOMAIN = env("PLATFORM_DOMAIN", default="localhost")
PLATFORM_NAME = env("PLATFORM_NAME", default="Platforma Ekonomii Społecznej")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[PLATFORM_DOMAIN, f".{PLATFORM_DOMAIN}"])

# --- applications -------------------------------------------------------------------------
SHARED_APPS = [
    # `tenants` comes first so that its migrate/migrate_schemas commands (which also keep the
    # template schema current) take precedence over django-tenants' own.
    "tenants",
    "django_tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
]

TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "axes",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "wagtail.contrib.routable_page",
    "django.contrib.sitemaps",
    "wagtail.contrib.sitemaps",
    "cms",
    "cms.events",
    "cms.forms",
    "cms.privacy",
    "registry",
    "partnerships",
    "api",
]

INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# Every new tenant schema is cloned from this schema; `migrate_schemas` keeps it migrated.
TENANT_TEMPLATE_SCHEMA = "tenant_template"
TENANT_LIMIT_SET_CALLS = True
TENANT_MULTIPROCESSING_MAX_PROCESSES = env.int("TENANT_MULTIPROCESSING_MAX_PROCESSES", default=2)
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenants"

MIDDLEWARE = [
    "tenants.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "tenants.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "tenants.security.RejectBadBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tenants.middleware.TenantRoutingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tenants.middleware.TenantSessionGuardMiddleware",
    "cms.middleware.SiteLookupCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Runs TENANT_ONLY_MIDDLEWARE on tenant hosts only (not on the platform's public schema).
    "tenants.security.TenantOnlyMiddleware",
    # django-axes: last, so that it sees the lockout flag its backend set during the view.
    "axes.middleware.AxesMiddleware",
]
# Middleware that needs a tenant schema: Wagtail's redirects query wagtailredirects_redirect
# and wagtailcore_site, which the public schema (the platform host) does not have.
TENANT_ONLY_MIDDLEWARE = [
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# --- database -----------------------------------------------------------------------------
# No DATABASE_URL: an embedded PostgreSQL (pgserver) in .pgdata/ inside the project.
# Never in production: there a missing DATABASE_URL is a configuration error.
_embedded_ok = not env("DJANGO_SETTINGS_MODULE", default="").endswith(".production")
DATABASES = {
    "default": database_config(
        BASE_DIR, allow_embedded=env.bool("ALLOW_EMBEDDED_DATABASE", default=_embedded_ok)
    )
}
# django-tenants' backend, minus a SET search_path and a content-type reload per request.
DATABASES["default"]["ENGINE"] = "tenants.postgresql_backend"
# Persistent connections: a new connection per request costs a connect + SET TimeZone.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache --------------------------------------------------------------------------------
# Keys of the default cache carry the tenant schema (Wagtail and page caches are per tenant).
# The routing cache is global: it maps host names to tenants before any schema is chosen.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Degrades to "no cache" while Redis is unreachable instead of failing the request
    # (config/cache.py); short socket timeouts so an unreachable server costs little per call.
    _redis_timeout = env.float("REDIS_SOCKET_TIMEOUT", default=0.5)
    _cache_backend = {
        "BACKEND": "config.cache.DegradingRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "socket_connect_timeout": _redis_timeout,
            "socket_timeout": _redis_timeout,
        },
    }
else:
    _cache_backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": {
        **_cache_backend,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "KEY_PREFIX": "es",
    },
    "routing": {**_cache_backend, "KEY_PREFIX": "es-routing", "TIMEOUT": 3600},
}
if not REDIS_URL:
    CACHES["default"]["LOCATION"] = "es-default"
    CACHES["routing"]["LOCATION"] = "es-routing"
# Web processes (pods) serving the platform. More than one needs a shared cache (REDIS_URL):
# with a process-local cache each pod keeps its own page and routing copies, which no
# invalidation reaches. tenants.checks refuses that combination (production will not start).
WEB_REPLICAS = env.int("WEB_REPLICAS", default=1)

# --- auth and sessions --------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LOGIN_URL = "/admin/login/"

# Login throttling (django-axes): every login of every host (tenant Wagtail admins, the page
# privacy login, the platform's operator admin) goes through authenticate(), which axes guards.
# Attempts are stored in the schema of the host (axes is a shared and a tenant app), so a
# lockout in one tenant never locks the same user name in another.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Locked: this user name from this address; the same user from elsewhere can still sign in.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tenants.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "tenants.security.client_ip"
# Failed attempts are kept for the lockout; successful logins are not recorded (RODO).
AXES_DISABLE_ACCESS_LOG = True

# --- i18n ---------------------------------------------------------------------------------
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", "Polski")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
# Polish overrides (Django's and Wagtail's strings): apps' `django` catalogues already see
# tenants/locale, but Wagtail's /admin/jsi18n/ reads `djangojs` only from wagtail.admin and here.
LOCALE_PATHS = [BASE_DIR / "tenants" / "locale"]

# --- static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Media files land in MEDIA_ROOT/<schema>/..., so one tenant's uploads never mix with another's.
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Wagtail ------------------------------------------------------------------------------
# The current tenant's name, evaluated per use (tenants.branding); the platform's outside a tenant.
from tenants.branding import lazy_admin_site_name  # noqa: E402

WAGTAIL_SITE_NAME = lazy_admin_site_name
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=f"http://{PLATFORM_DOMAIN}")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents only through Wagtail's view (collection privacy); cms.views.document_serve sends
# them as sandboxed downloads, PDFs alone in place (it never widens this list).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_IMAGE_MODEL = "cms.CustomImage"
# ASCII page addresses; the admin transliterates Polish letters (ł → l) when it makes slugs.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# An administrator adds an editor without a password: the editor gets a one-time link to set
# one (cms.wagtail_hooks.invite_new_editor).
WAGTAILUSERS_PASSWORD_REQUIRED = False
# Anonymous visitors get whole pages from the (per-tenant) cache; 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)

# Public forms: number of reverse proxies in front of the app (the ingress), so that the
# per-visitor rate limit reads the client address from X-Forwarded-For. 0 = ignore the header.
CMS_FORMS_TRUSTED_PROXIES = env.int("CMS_FORMS_TRUSTED_PROXIES", default=0)

# Registry map: tile server (an operator may point it at its own) and its attribution.
REGISTRY_MAP_TILE_URL = env(
    "REGISTRY_MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
REGISTRY_MAP_ATTRIBUTION = env(
    "REGISTRY_MAP_ATTRIBUTION", default="© autorzy OpenStreetMap (licencja ODbL)"
)

# --- security headers (django-csp, django-permissions-policy) ---------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Editors' e-mail hashes are not sent to gravatar.com; the admin shows initials instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin does not call releases.wagtail.org (connect-src 'self'); upgrades come with deploys.
WAGTAIL_ENABLE_UPDATE_CHECK = False


def _origin(url: str) -> list[str]:
    """The CSP source of a URL template (``{s}`` subdomains become a wildcard)."""
    parts = urlsplit(url.replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


# The public sites: scripts and styles only from this origin or with the response's nonce
# (`{{ request.csp_nonce }}`), never inline otherwise; map tiles from the tile server.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *_origin(REGISTRY_MAP_TILE_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# The admin interfaces: Wagtail 8's admin still writes inline scripts (inline panels, date
# widgets) and style attributes. No 'unsafe-eval' (its content checks run without it), and no
# nonce: with a nonce, browsers ignore 'unsafe-inline'.
CONTENT_SECURITY_POLICY_ADMIN: dict[str, Any] = {
    "URL_PREFIXES": ["/admin/", "/operator/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *_origin(REGISTRY_MAP_TILE_URL)],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# Features no page of the platform uses are switched off for it and for anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}

# --- REST framework -----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Platforma Ekonomii Społecznej — API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# --- e-mail -------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"noreply@{PLATFORM_DOMAIN}")

# --- Celery -------------------------------------------------------------------------------
# No CELERY_BROKER_URL: kombu's filesystem transport (no server process) in .run/broker.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or "filesystem://"
BROKER_DIR = Path(env("CELERY_BROKER_DIR", default=str(RUN_DIR / "broker")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=f"file://{BROKER_DIR / 'results'}")
    # The filesystem transport has no fan-out exchange for remote control.
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
else:
    _default_backend = (
        "cache+memory://" if CELERY_BROKER_URL.startswith("memory://") else CELERY_BROKER_URL
    )
    CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=_default_backend)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
# A task whose worker process died (OOM, SIGKILL) goes back to the queue instead of being
# acknowledged as failed; tasks are idempotent, so running one again is safe.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Broker outages: the worker reconnects for as long as it takes, also at start-up, and a
# sender keeps trying to publish for about 20 s before giving up (the request then fails
# instead of silently losing the task).
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 10,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 3,
}
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A message delivered to a worker that vanished without acknowledging it (acks_late) is
    # redelivered after this many seconds; it must exceed the longest task (the time limit).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=35 * 60),
        "socket_connect_timeout": 5,
    }
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TENANT_CACHE_SECONDS = 30

# --- observability ------------------------------------------------------------------------
SENTRY_DSN = env("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", default="development")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO")
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant": {"()": "tenants.observability.TenantContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(tenant)s %(host)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(tenant)s %(host)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT if LOG_FORMAT in ("json", "text") else "text",
            "filters": ["tenant"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        # Wagtail runs its indexing/reference tasks inline and logs each one at INFO.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

from tenants.observability import init_sentry  # noqa: E402

init_sentry(
    dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT, traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE
)

# --- data protection (RODO) and per-tenant backup ------------------------------------------
from celery.schedules import crontab  # noqa: E402

# Public form submissions older than this are deleted every night (0 = keep them).
FORM_SUBMISSION_RETENTION_MONTHS = env.int("FORM_SUBMISSION_RETENTION_MONTHS", default=12)
# Other blocks may define their own periodic tasks: merge, never replace.
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "privacy-submission-retention": {
        "task": "cms.privacy.tasks.submission_retention_dispatch",
        "schedule": crontab(hour=3, minute=15),
    },
    # Wagtail's go-live and expiry times take effect within five minutes.
    "cms-scheduled-publishing": {
        "task": "cms.tasks.scheduled_publishing_dispatch",
        "schedule": crontab(minute="*/5"),
    },
}
# tenant_backup/tenant_restore: folder of pg_dump/pg_restore to prefer (else PATH and the
# binaries of the pgserver wheel, whichever matches the server's major version; see deploy.md).
PG_BIN_DIR = env("PG_BIN_DIR", default="")

# --- registry imports ------------------------------------------------------------------------
# Import jobs whose worker died (RUNNING, heartbeat stale) are queued again for their tenant.
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "registry-import-sweep": {
        "task": "registry.tasks.import_jobs_sweep_dispatch",
        "schedule": crontab(minute="*/5"),
    },
}

# --- partner API v1 (api/; docs/api.md) ---------------------------------------------------
# Deny by default: an API key (Authorization: Bearer) with the resource's scope; problem+json
# errors; throttled per client. Swagger UI and Redoc come from drf-spectacular-sidecar.
INSTALLED_APPS += ["drf_spectacular_sidecar"]
REST_FRAMEWORK.update(
    {
        "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
        "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasResourceScope"],
        "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiClientRateThrottle"],
        "DEFAULT_THROTTLE_RATES": {"api_client": env("API_THROTTLE_RATE", default="600/min")},
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
        "DEFAULT_PAGINATION_CLASS": None,
        "PAGE_SIZE": None,
        "EXCEPTION_HANDLER": "api.problems.api_exception_handler",
        "UNAUTHENTICATED_USER": None,
        "DATETIME_FORMAT": "iso-8601",
        "DEFAULT_FILTER_BACKENDS": [],
    }
)
SPECTACULAR_SETTINGS.update(
    {
        "DESCRIPTION": "API dla systemów partnerskich: rejestr organizacji, partnerstwa, "
        "projekty, aktualności i wydarzenia jednego serwisu. Zobacz docs/api.md.",
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
        # Redoc's search runs in a blob: worker, which the admin CSP does not allow.
        "REDOC_UI_SETTINGS": {"disableSearch": True},
        "COMPONENT_SPLIT_REQUEST": True,
        "SECURITY": [{"ApiKey": []}],
        "APPEND_COMPONENTS": {
            "securitySchemes": {
                "ApiKey": {"type": "http", "scheme": "bearer", "bearerFormat": "pes_…"}
            }
        },
        "AUTHENTICATION_WHITELIST": [],
        "SCHEMA_PATH_PREFIX": "/api/v1",
    }
)
# Swagger UI and Redoc inject styles (and Redoc a worker): the admin policy, 'self' only.
CONTENT_SECURITY_POLICY_ADMIN["URL_PREFIXES"] = [
    *CONTENT_SECURITY_POLICY_ADMIN["URL_PREFIXES"],
    "/api/v1/docs/",
]
