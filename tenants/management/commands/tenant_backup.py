"""Back up one tenant: ``manage.py tenant_backup --tenant czestochowa [--output plik.tar]``.

One archive: pg_dump of the tenant's schema, its media folder and a manifest with its public
rows (tenant, domains), row counts and checksums per table. See ``tenants.backup``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tenants.backup import BackupError, tenant_backup
from tenants.models import Tenant
from tenants.selectors import tenant_get_by_slug


class Command(BaseCommand):
    help = "Kopia zapasowa jednego najemcy: schemat (pg_dump), pliki multimedialne i manifest."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True, help="identyfikator najemcy, np. jowes")
        parser.add_argument(
            "--output", default=None, help="plik archiwum (domyślnie <slug>-<data>.tar)"
        )

    def handle(self, *args, **options):
        slug = options["tenant"]
        try:
            tenant = tenant_get_by_slug(slug)
        except Tenant.DoesNotExist:
            raise CommandError(f"Nie ma najemcy „{slug}”.") from None
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        output = Path(options["output"] or f"{tenant.slug}-{stamp}.tar")
        try:
            result = tenant_backup(
                tenant=tenant, output=output, progress=lambda msg: self.stdout.write(msg)
            )
        except BackupError as exc:
            raise CommandError(f"Nie utworzono kopii: {exc}") from exc
        size = result.path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Kopia najemcy {tenant.slug}: {result.path} ({size} B, "
                f"{len(result.manifest['tables'])} tabel, {result.total_rows} wierszy, "
                f"{len(result.manifest['media'])} plików)"
            )
        )
