"""``manage.py api_client create|list|revoke|rotate --tenant <slug>``: API clients of a tenant.

``create`` and ``rotate`` print the new key alone on their last line (for scripts); it is
shown only then and stored only hashed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django_tenants.utils import tenant_context

from api.models import SCOPES, ApiClient
from api.services import api_client_create, api_client_revoke, api_client_rotate
from tenants.models import Tenant


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "Zarządza integracjami (klientami API) najemcy."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="nowa integracja i jej klucz")
        create.add_argument("--tenant", required=True, help="identyfikator najemcy (slug)")
        create.add_argument("--name", required=True, help="nazwa systemu partnerskiego")
        create.add_argument("--email", required=True, help="e-mail kontaktowy")
        create.add_argument(
            "--scope",
            action="append",
            default=[],
            help=f"uprawnienie (można powtarzać): {', '.join(sorted(SCOPES))}",
        )
        create.add_argument("--expires-days", type=int, default=None, help="ważność w dniach")
        listing = sub.add_parser("list", help="integracje najemcy")
        listing.add_argument("--tenant", required=True)
        for name, text in (("revoke", "unieważnij integrację"), ("rotate", "nowy klucz")):
            action = sub.add_parser(name, help=text)
            action.add_argument("--tenant", required=True)
            action.add_argument("client_id", type=int, help="numer integracji (z „list”)")
            if name == "rotate":
                action.add_argument(
                    "--overlap-hours",
                    type=int,
                    default=24 * 7,
                    help="jak długo stary klucz jeszcze działa (godziny)",
                )

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.filter(slug=options["tenant"]).first()
        if tenant is None or tenant.schema_name == "public":
            raise CommandError(f"Nie ma najemcy „{options['tenant']}”.")
        with tenant_context(tenant):
            getattr(self, f"_{options['action']}")(options)

    def _client(self, options: dict[str, Any]) -> ApiClient:
        client = ApiClient.objects.filter(pk=options["client_id"]).first()
        if client is None:
            raise CommandError(f"Nie ma integracji nr {options['client_id']} u tego najemcy.")
        return client

    def _create(self, options: dict[str, Any]) -> None:
        days = options["expires_days"]
        if days is not None and days < 1:
            raise CommandError("Ważność musi wynosić co najmniej 1 dzień.")
        try:
            client, key = api_client_create(
                name=options["name"],
                contact_email=options["email"],
                scopes=options["scope"],
                expires_at=timezone.now() + timedelta(days=days) if days else None,
            )
        except ValidationError as exc:
            raise CommandError(_errors(exc)) from exc
        self.stdout.write(f"Utworzono integrację nr {client.pk} „{client.name}”.")
        self.stdout.write("Klucz (pokazywany tylko teraz):")
        self.stdout.write(key)

    def _list(self, options: dict[str, Any]) -> None:
        for client in ApiClient.objects.order_by("id"):
            state = "aktywna" if client.is_active else "nieaktywna"
            used = client.last_used_at.isoformat() if client.last_used_at else "nigdy"
            self.stdout.write(
                f"{client.pk}\t{client.name}\t{client.contact_email}\t{state}\t"
                f"{','.join(client.scopes)}\tostatnio: {used}"
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        client = api_client_revoke(client=self._client(options))
        self.stdout.write(f"Unieważniono integrację nr {client.pk} „{client.name}”.")

    def _rotate(self, options: dict[str, Any]) -> None:
        client = self._client(options)
        try:
            key = api_client_rotate(
                client=client, overlap=timedelta(hours=options["overlap_hours"])
            )
        except ValidationError as exc:
            raise CommandError(_errors(exc)) from exc
        self.stdout.write(
            f"Nowy klucz integracji nr {client.pk}; poprzednie wygasną po okresie przejściowym."
        )
        self.stdout.write(key)
