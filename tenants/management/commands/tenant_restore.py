"""Restore a tenant backup as a NEW tenant:
``manage.py tenant_restore --input plik.tar --slug czestochowa-kopia [--domain host] [--name ...]``.

The source tenant is not touched; the new one gets its own schema, media folder and host, and
its Wagtail site is moved to that host. Row counts and checksums are compared with the
manifest before the tenant is registered. See ``tenants.backup``."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.backup import BackupError, tenant_restore


class Command(BaseCommand):
    help = "Odtwarza kopię najemcy jako nowego najemcę (nowy schemat, domena i pliki)."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="archiwum z tenant_backup")
        parser.add_argument("--slug", required=True, help="identyfikator nowego najemcy")
        parser.add_argument("--domain", default=None, help="domyślnie <slug>.<PLATFORM_DOMAIN>")
        parser.add_argument("--name", default=None, help="nazwa (domyślnie jak w kopii)")

    def handle(self, *args, **options):
        try:
            result = tenant_restore(
                archive=Path(options["input"]),
                slug=options["slug"],
                domain=options["domain"],
                name=options["name"],
                progress=lambda msg: self.stdout.write(msg),
            )
        except ValidationError as exc:
            lines = [f"  {field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
            raise CommandError("Nie odtworzono najemcy:\n" + "\n".join(lines)) from exc
        except BackupError as exc:
            raise CommandError(f"Nie odtworzono najemcy: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Odtworzono najemcę {result.tenant.slug}: http://{result.domain}/ "
                f"({result.tables} tabel, {result.rows} wierszy, {result.media_files} plików)"
            )
        )
