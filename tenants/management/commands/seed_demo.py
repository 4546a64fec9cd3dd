"""Create the platform's public tenant and the demo tenants from the seed pages. Idempotent.

The demo content of each tenant comes from the apps' ``demo_content`` entries
(``tenants.extensions``), run in their declared order; this command names no app."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django_tenants.utils import tenant_context

from tenants import extensions
from tenants.demo import DEMO_TENANTS
from tenants.services import platform_tenant_ensure, tenant_provision


class Command(BaseCommand):
    help = "Zakłada serwisy demonstracyjne (Częstochowa, JOWES, Jędrzejów, Bydgoszcz)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-password",
            default=os.environ.get("DEMO_ADMIN_PASSWORD", "Demo-Ekonomia-2026"),
            help="hasło administratorów serwisów demonstracyjnych",
        )

    def handle(self, *args, **options):
        platform_tenant_ensure()
        for spec in DEMO_TENANTS:
            result = tenant_provision(
                name=spec["name"],
                slug=spec["slug"],
                kind=spec["kind"],
                teryt_code=spec["teryt_code"],
                served_units=spec["served_units"],
                contact=spec["contact"],
                admin_email=f"admin@{spec['slug']}.{settings.PLATFORM_DOMAIN}",
                admin_password=options["admin_password"],
                progress=lambda msg: self.stdout.write(f"  {msg}"),
            )
            state = "utworzono" if result.created else "bez zmian"
            self.stdout.write(f"{spec['slug']}: {state} ({result.domain})")
            # Each app's demo data, in the order the apps declared (tenants.extensions).
            with tenant_context(result.tenant):
                for entry in extensions.demo_content:
                    self.stdout.write(f"  {spec['slug']}: {entry.title}")
                    entry.func(result.tenant)
