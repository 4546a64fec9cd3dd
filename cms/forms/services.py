"""Writes of public forms: storing and moderating submissions; default pages.

Everything runs inside the current tenant's schema. The editors' e-mail about a new
submission is ``cms.forms.notifications``, sent by a task once the submission is committed.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page

from cms.forms import spam
from cms.forms.handlers import get_form_handler
from cms.forms.models import PublicFormPage, Submission, SubmissionStatus
from cms.forms.tasks import notify_editors_of_submission
from tenants.celery_tenancy import send_for_tenant_on_commit

log = logging.getLogger(__name__)

SUMMARY_MAX = 200


def _summary_of(*, handler_key: str, data: dict[str, Any]) -> str:
    handler = get_form_handler(handler_key)
    if handler.summary is not None:
        text = handler.summary(data)
    else:
        text = next(
            (str(v) for k, v in data.items() if k != "email" and isinstance(v, str) and v.strip()),
            handler.label,
        )
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1] + "…"


@transaction.atomic
def submission_create(
    *,
    handler_key: str,
    page: PublicFormPage | None,
    data: dict[str, Any],
    email: str = "",
    ip_hash: str = "",
) -> Submission:
    """Store a new (pending) submission. ``handler_key`` must be registered."""
    return Submission.objects.create(
        handler_key=handler_key,
        page=page,
        summary=_summary_of(handler_key=handler_key, data=data),
        data=data,
        email=email,
        ip_hash=ip_hash,
    )


def submission_store(*, form: Any, request: HttpRequest, page: PublicFormPage) -> Submission:
    """The default ``on_submit``: store the answer as a pending ``Submission`` and e-mail the
    editors about it once the transaction commits.

    The handler key comes from the page, so any handler whose answers only need moderation
    (and perhaps an ``on_accept`` hook) can use this function as its ``on_submit``.
    """
    data = form.handler_data()
    submission = submission_create(
        handler_key=page.handler_key,
        page=page,
        data=data,
        email=str(data.get("email") or ""),
        ip_hash=spam.ip_hash(spam.client_ip(request)),
    )
    tenant = connection.tenant  # type: ignore[attr-defined]
    send_for_tenant_on_commit(notify_editors_of_submission, tenant, submission.pk)
    return submission


def _lock_pending(submission: Submission) -> Submission:
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status != SubmissionStatus.NEW:
        raise ValidationError(
            f"To zgłoszenie zostało już rozpatrzone (status: {locked.get_status_display()})."
        )
    return locked


@transaction.atomic
def submission_accept(*, submission: Submission, user: Any, note: str = "") -> Submission:
    """Accept a pending submission and run its handler's ``on_accept`` in the same transaction.

    A ``ValidationError`` from ``on_accept`` rolls everything back (status stays "new").
    """
    locked = _lock_pending(submission)
    handler = locked.handler
    locked.status = SubmissionStatus.ACCEPTED
    locked.moderated_by = user
    locked.moderated_at = timezone.now()
    locked.moderation_note = note.strip()
    locked.save(update_fields=["status", "moderated_by", "moderated_at", "moderation_note"])
    if handler is not None and handler.on_accept is not None:
        handler.on_accept(submission=locked, user=user)
    return locked


@transaction.atomic
def submission_reject(*, submission: Submission, user: Any, note: str) -> Submission:
    """Reject a pending submission; the note (the reason) is required."""
    if not note.strip():
        raise ValidationError({"note": "Podaj powód odrzucenia zgłoszenia."})
    locked = _lock_pending(submission)
    locked.status = SubmissionStatus.REJECTED
    locked.moderated_by = user
    locked.moderated_at = timezone.now()
    locked.moderation_note = note.strip()
    locked.save(update_fields=["status", "moderated_by", "moderated_at", "moderation_note"])
    return locked


DEFAULT_PAGES = [
    {
        "handler_key": "news",
        "title": "Zgłoś newsa",
        "slug": "zglos-newsa",
        "intro": "<p>Twoja organizacja przygotowuje wydarzenie albo ma ciekawą wiadomość? "
        "Napisz do nas — po sprawdzeniu przez redakcję opublikujemy ją w serwisie.</p>",
        "thank_you_text": "<p>Redakcja przejrzy zgłoszenie i skontaktuje się z Tobą, "
        "jeśli będzie potrzebować dodatkowych informacji.</p>",
    },
    {
        "handler_key": "error",
        "title": "Zgłoś błąd",
        "slug": "zglos-blad",
        "intro": "<p>Zauważyłeś lub zauważyłaś błąd, nieaktualną informację albo barierę "
        "dostępności na stronie? Daj nam znać — poprawimy to.</p>",
        "thank_you_text": "<p>Dziękujemy za pomoc w utrzymaniu serwisu w dobrym stanie.</p>",
    },
    {
        # handler registered by the registry app (registry/handlers.py)
        "handler_key": "organisation",
        "title": "Zgłoś organizację",
        "slug": "zglos-organizacje",
        "intro": "<p>Twojej organizacji nie ma w bazie albo jej dane są nieaktualne? "
        "Wypełnij formularz — po sprawdzeniu przez redakcję wpiszemy ją do bazy.</p>",
        "thank_you_text": "<p>Redakcja sprawdzi zgłoszenie i doda organizację do bazy.</p>",
    },
]


@transaction.atomic
def default_pages_create(*, parent: Page) -> list[PublicFormPage]:
    """Published "Zgłoś newsa", "Zgłoś błąd" and "Zgłoś organizację" pages under ``parent``
    (idempotent)."""
    pages = []
    for spec in DEFAULT_PAGES:
        existing = (
            PublicFormPage.objects.child_of(parent).filter(handler_key=spec["handler_key"]).first()
        )
        if existing is not None:
            pages.append(existing)
            continue
        slug = spec["slug"]
        if Page.objects.child_of(parent).filter(slug=slug).exists():
            slug = f"{slug}-formularz"
        page = PublicFormPage(
            title=spec["title"],
            slug=slug,
            handler_key=spec["handler_key"],
            intro=spec["intro"],
            thank_you_text=spec["thank_you_text"],
        )
        parent.add_child(instance=page)
        page.save_revision().publish()
        pages.append(page)
    return pages
