"""Celery app. Tasks run in the schema of the tenant they were sent from (tenant-schemas-celery)."""

from __future__ import annotations

import os
from pathlib import Path

from tenant_schemas_celery.app import CeleryApp

# Deployed processes (gunicorn, celery) run production settings unless told otherwise;
# manage.py and the dev commands (run_platform) choose dev settings themselves.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = CeleryApp("ekonomia")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _prepare_serverless_broker(sender, **kwargs):
    """The filesystem transport and file result backend need their folders to exist."""
    conf = sender.conf
    if str(conf.broker_url).startswith("filesystem://"):
        for key in ("data_folder_in", "data_folder_out", "control_folder"):
            folder = (conf.broker_transport_options or {}).get(key)
            if folder:
                Path(folder).mkdir(parents=True, exist_ok=True)
    backend = str(conf.result_backend or "")
    if backend.startswith("file://"):
        Path(backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
