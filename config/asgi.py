import os

from django.core.asgi import get_asgi_application

# Deployed processes (gunicorn, celery) run production settings unless told otherwise;
# manage.py and the dev commands (run_platform) choose dev settings themselves.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_asgi_application()
