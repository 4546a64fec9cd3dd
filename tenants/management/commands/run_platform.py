"""Serve the platform for a demo: a Celery worker in the background and the web server.

Prints the address of every tenant. Stops the worker when the server stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants.selectors import tenant_list_public


class Command(BaseCommand):
    help = "Uruchamia serwer WWW (port 8000) i worker Celery."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args, **options):
        port = options["port"]
        self.stdout.write(f"Platforma: http://{settings.PLATFORM_DOMAIN}:{port}/")
        for tenant in tenant_list_public():
            self.stdout.write(
                f"  {tenant.name}: http://{tenant.primary_domain}:{port}/  (panel: /admin/)"
            )
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "-l",
                    "INFO",
                    "--concurrency",
                    "1",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                # The Celery app defaults to production settings: the worker gets this
                # command's own (dev) settings explicitly.
                env={**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE},
            )
            self.stdout.write(f"Worker Celery: pid {worker.pid}")
        try:
            call_command("runserver", f"0.0.0.0:{port}", use_reloader=False, use_threading=True)
        finally:
            if worker is not None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=20)
