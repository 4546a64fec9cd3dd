"""The registry of public form handlers.

A handler says what a public form asks for and what happens with an answer: ``form_class``
holds the public fields (the page adds the honeypot, the time check and the consent),
``on_submit(*, form, request, page)`` stores the answer inside the request's transaction and
returns what it stored; ``cms.forms.services.submission_store`` stores a pending
``Submission`` (the moderation queue) and has the editors e-mailed about it once the
transaction commits. The optional ``on_accept(*, submission, user)`` runs when a moderator
accepts it (e.g. to create an organisation in the registry). Apps register their handlers in
``AppConfig.ready()``::

    register_form_handler(FormHandler(key="organisation", label="Zgłoś organizację", ...))

Pages store only the handler key (validated against this registry, not a database-level
choices list), so a new handler needs no migration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError

# Field names the page adds to every public form; a handler's form must not use them.
RESERVED_FIELD_NAMES = frozenset({"homepage", "started", "consent"})


@dataclass(frozen=True)
class FormHandler:
    key: str
    label: str
    form_class: type[forms.Form]
    on_submit: Callable[..., object]
    notify_subject: str
    success_message: str
    # on_accept(*, submission, user) -> object; runs inside the accept transaction. Raising
    # ValidationError aborts the acceptance and shows the messages to the moderator.
    on_accept: Callable[..., object] | None = None
    # summary(cleaned_data) -> str: the one line shown in the moderation list and e-mails.
    summary: Callable[[dict[str, Any]], str] | None = None
    # The answer's fields that hold the submitter's personal data: found by a data-protection
    # request and blanked when the person's data is erased (``cms.forms.privacy``).
    personal_fields: tuple[str, ...] = ("name", "email", "phone")


class UnknownFormHandler(KeyError):
    """No handler is registered under the requested key."""

    def __str__(self) -> str:  # KeyError would print the repr of its argument
        return str(self.args[0]) if self.args else ""


_HANDLERS: dict[str, FormHandler] = {}


def register_form_handler(handler: FormHandler) -> None:
    """Register ``handler``; registering the same handler twice is a no-op."""
    if not handler.key or len(handler.key) > 50:
        raise ImproperlyConfigured(f"Form handler key must have 1-50 characters: {handler.key!r}")
    clash = RESERVED_FIELD_NAMES & set(handler.form_class.base_fields)
    if clash:
        raise ImproperlyConfigured(
            f"Form handler {handler.key!r} uses reserved field names: {sorted(clash)}"
        )
    existing = _HANDLERS.get(handler.key)
    if existing is not None and existing != handler:
        raise ImproperlyConfigured(f"Another form handler is registered as {handler.key!r}")
    _HANDLERS[handler.key] = handler


def get_form_handler(key: str) -> FormHandler:
    try:
        return _HANDLERS[key]
    except KeyError:
        known = ", ".join(sorted(_HANDLERS)) or "none"
        raise UnknownFormHandler(
            f"No form handler registered under {key!r} (registered: {known})"
        ) from None


def form_handler_choices() -> list[tuple[str, str]]:
    """(key, label) pairs for editors, sorted by label."""
    return sorted(((h.key, h.label) for h in _HANDLERS.values()), key=lambda c: c[1])


def validate_form_handler_key(value: str) -> None:
    """Model/form validator: the key must name a registered handler."""
    if value not in _HANDLERS:
        labels = ", ".join(f"„{label}”" for _key, label in form_handler_choices())
        raise ValidationError(
            "Nieznany rodzaj formularza „%(value)s”. Wybierz jeden z: %(labels)s.",
            code="unknown_handler",
            params={"value": value, "labels": labels},
        )
