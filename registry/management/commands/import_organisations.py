"""Import organisations from a CSV/XLSX file into one tenant's register.

    manage.py import_organisations --tenant czestochowa baza.csv [--dry-run]
        [--mapping "Nazwa podmiotu=name" ...] [--mapping mapping.json] [--system crm]

The last line of the output is ``total=<n> created=<n> updated=<n> unchanged=<n> rejected=<n>``.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from registry.importing import DEFAULT_SYSTEM, ImportFileError, import_organisations_from_path
from tenants.models import Tenant


def parse_mapping(values: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value in values:
        text = value.strip()
        if text.endswith(".json") and Path(text).is_file():
            text = Path(text).read_text(encoding="utf-8")
        if text.startswith("{"):
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise CommandError(f"Mapowanie nie jest poprawnym JSON-em: {exc}") from exc
            mapping.update({str(k): str(v or "") for k, v in data.items()})
            continue
        for pair in text.split(","):
            if "=" not in pair:
                raise CommandError(f"Mapowanie „{pair}” musi mieć postać Kolumna=pole.")
            header, target = pair.split("=", 1)
            mapping[header.strip()] = target.strip()
    return mapping


class Command(BaseCommand):
    help = "Importuje organizacje z pliku CSV lub XLSX do bazy wskazanego serwisu."

    def add_arguments(self, parser):
        parser.add_argument("file", help="plik CSV lub XLSX")
        parser.add_argument("--tenant", required=True, help="identyfikator (slug) serwisu")
        parser.add_argument("--dry-run", action="store_true", help="tylko podgląd, bez zapisu")
        parser.add_argument(
            "--mapping",
            action="append",
            default=[],
            help='mapowanie kolumn: "Kolumna=pole,Inna=pole", JSON lub plik .json',
        )
        parser.add_argument(
            "--system", default=DEFAULT_SYSTEM, help="system kolumny z identyfikatorem zewnętrznym"
        )

    def handle(self, *args, **options):
        tenant = Tenant.objects.filter(slug=options["tenant"]).exclude(schema_name="public").first()
        if tenant is None:
            raise CommandError(f"Nie ma serwisu o identyfikatorze „{options['tenant']}”.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Nie ma pliku {path}.")
        mapping = parse_mapping(options["mapping"]) or None
        with tenant_context(tenant):
            try:
                result = import_organisations_from_path(
                    path, mapping=mapping, dry_run=options["dry_run"], system=options["system"]
                )
            except ImportFileError as exc:
                raise CommandError(str(exc)) from exc
        if result.dry_run:
            self.stdout.write("Próba: nic nie zapisano.")
        if result.ignored_columns:
            self.stdout.write("Pominięte kolumny: " + ", ".join(result.ignored_columns))
        for rejected in result.rejected:
            self.stdout.write(f"wiersz {rejected.row}: {rejected.reason}")
        self.stdout.write(result.summary_line())
