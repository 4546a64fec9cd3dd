from .base import *

DEBUG = False
ALLOWED_HOSTS = [".test.localhost", "test.localhost", "localhost", ".localhost", "testserver"]
PLATFORM_DOMAIN = "test.localhost"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = False
# In-process memory broker, unless CELERY_BROKER_URL names a real one (.ci/run's second path
# runs the suite against Redis, the production broker).
if not env("CELERY_BROKER_URL", default=""):
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
# Tests must not share a connection across threads-with-transactions; keep the default.
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_ekonomia")}
LOGGING["root"]["level"] = "WARNING"

# Uploaded files of the test run go to a throw-away folder.
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="es-test-media-")
