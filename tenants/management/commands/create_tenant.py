"""Provision a tenant: ``manage.py create_tenant --slug jowes --name "..." --kind regional_centre
--admin-email kierownik@example.pl [--teryt 2464] [--domain jowes.example.pl]``.

Idempotent: running it again for an existing tenant changes nothing. Bad input prints every
problem in Polish and creates nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.models import TenantKind
from tenants.services import tenant_provision


class Command(BaseCommand):
    help = "Tworzy najemcę: schemat (kopia szablonu), serwis Wagtail i pierwszego administratora."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="identyfikator, np. czestochowa")
        parser.add_argument("--name", required=True, help="pełna nazwa najemcy")
        parser.add_argument(
            "--kind", required=True, choices=[k for k in TenantKind.values if k != "platform"]
        )
        parser.add_argument("--admin-email", required=True)
        parser.add_argument(
            "--admin-password", default=None, help="bez hasła: link do ustawienia hasła"
        )
        parser.add_argument("--teryt", default="", help="kod TERYT jednostki (2, 4 lub 7 cyfr)")
        parser.add_argument("--voivodeship", default="", help="kod województwa (domyślnie z TERYT)")
        parser.add_argument("--serves", nargs="*", default=[], help="obsługiwane jednostki TERYT")
        parser.add_argument("--domain", default=None, help="domyślnie <slug>.<PLATFORM_DOMAIN>")
        parser.add_argument(
            "--migrate", action="store_true", help="migracje zamiast kopii szablonu"
        )

    def handle(self, *args, **options):
        try:
            result = tenant_provision(
                name=options["name"],
                slug=options["slug"],
                kind=options["kind"],
                admin_email=options["admin_email"],
                admin_password=options["admin_password"],
                teryt_code=options["teryt"],
                voivodeship=options["voivodeship"],
                served_units=options["serves"],
                domain=options["domain"],
                schema_method="migrate" if options["migrate"] else "clone",
                progress=lambda msg: self.stdout.write(msg),
            )
        except ValidationError as exc:
            lines = [f"  {field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
            raise CommandError("Nie utworzono najemcy:\n" + "\n".join(lines)) from exc
        state = "utworzono" if result.created else "już istniał"
        self.stdout.write(
            self.style.SUCCESS(f"{result.tenant.name}: {state} — http://{result.domain}/")
        )
        if result.admin_setup_url:
            self.stdout.write(f"Link do ustawienia hasła administratora: {result.admin_setup_url}")
