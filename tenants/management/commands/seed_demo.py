"""Create the platform's public tenant and the demo tenants from the seed pages. Idempotent."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django_tenants.utils import tenant_context

from tenants.demo import DEMO_TENANTS
from tenants.services import platform_tenant_ensure, tenant_provision

# Apps that add demo content to each demo tenant's schema, in this order.
DEMO_CONTENT_MODULES = (
    "cms.demo",
    "cms.events.demo",
    "cms.forms.demo",
    "registry.demo",
    "partnerships.demo",
)


def demo_content_seeders():
    """``seed_demo_content(tenant)`` of every app that has a ``demo`` module."""
    import importlib
    import importlib.util

    for name in DEMO_CONTENT_MODULES:
        if importlib.util.find_spec(name) is not None:
            yield importlib.import_module(name).seed_demo_content


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
            with tenant_context(result.tenant):
                for seeder in demo_content_seeders():
                    seeder(result.tenant)
