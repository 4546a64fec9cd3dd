"""Personal data in public form submissions: exporter and eraser for ``cms.privacy``, and the
retention limit (submissions older than ``FORM_SUBMISSION_RETENTION_MONTHS`` are deleted).

A submission is found by its submitter's address (the ``email`` column and the answer's
personal fields, which each handler names in ``FormHandler.personal_fields``) or by the name
given in a personal field. Erasure keeps the submission (its moderation history and what it
led to stay explainable) but blanks the personal fields, the address and the IP hash, and
replaces the person's address and name wherever else the answer or its summary quotes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import partial

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cms.forms.handlers import FormHandler, form_handler_choices, get_form_handler
from cms.forms.models import Submission
from tenants.extensions import ErasureContext, PersonalDataItem, PersonQuery

CATEGORY = "Zgłoszenia z formularzy publicznych"
DEFAULT_PERSONAL_FIELDS = FormHandler.personal_fields


def _personal_fields(submission: Submission) -> tuple[str, ...]:
    handler = submission.handler
    return handler.personal_fields if handler is not None else DEFAULT_PERSONAL_FIELDS


def _matched(submission: Submission, person: PersonQuery) -> tuple[str, ...]:
    data = submission.data or {}
    values = [data.get(name) for name in _personal_fields(submission)]
    matched = []
    if person.matches_email(submission.email) or any(person.matches_email(v) for v in values):
        matched.append("e-mail")
    if any(person.matches_name(v) for v in values):
        matched.append("imię i nazwisko")
    if any(person.matches_phone(v) for v in values):
        matched.append("telefon")
    return tuple(matched)


def _candidates(person: PersonQuery):
    """A superset of the person's submissions in SQL; ``_matched`` decides in Python."""
    keys = {
        name
        for key, _label in form_handler_choices()
        for name in get_form_handler(key).personal_fields
    }
    keys |= set(DEFAULT_PERSONAL_FIELDS)
    condition = Q(email__iexact=person.email)
    for key in sorted(keys):
        condition |= Q(**{f"data__{key}__iexact": person.email})
        if person.name:
            condition |= Q(**{f"data__{key}__iexact": person.name})
    if person.phone:
        condition |= Q(data__has_any_keys=sorted(keys))
    return Submission.objects.filter(condition).select_related("page").order_by("pk")


def submissions_find(person: PersonQuery) -> Iterator[PersonalDataItem]:
    for submission in _candidates(person):
        matched = _matched(submission, person)
        if not matched:
            continue
        data = {
            "Formularz": submission.handler_label(),
            "Strona formularza": submission.page.title if submission.page else None,
            "Data zgłoszenia": submission.created_at.isoformat(),
            "Status": submission.get_status_display(),
            "E-mail zgłaszającego": submission.email,
        }
        data["Treść zgłoszenia"] = dict(submission.labelled_data())
        yield PersonalDataItem(
            category=CATEGORY,
            reference=f"Zgłoszenie nr {submission.pk} z {submission.created_at:%Y-%m-%d}",
            data=data,
            matched=matched,
            erase=partial(_submission_erase, submission.pk),
        )


def _submission_erase(submission_id: int, context: ErasureContext) -> str:
    person = context.person
    submission = Submission.objects.select_for_update().get(pk=submission_id)
    personal = set(_personal_fields(submission))
    data = dict(submission.data or {})
    for key, value in data.items():
        if key in personal:
            data[key] = ""
        elif isinstance(value, str):
            data[key] = person.redact(value)
    submission.data = data
    submission.email = ""
    submission.ip_hash = ""
    submission.summary = person.redact(submission.summary)
    submission.save(update_fields=["data", "email", "ip_hash", "summary"])
    return "dane osobowe zgłaszającego usunięte, zgłoszenie zachowane"


def retention_cutoff(*, months: int, now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - relativedelta(months=months)


@transaction.atomic
def submission_retention_purge(*, months: int, now: datetime | None = None) -> int:
    """Delete the current tenant's submissions older than ``months``; returns how many.
    ``months`` < 1 keeps everything (retention switched off)."""
    if months < 1:
        return 0
    cutoff = retention_cutoff(months=months, now=now)
    _total, per_model = Submission.objects.filter(created_at__lt=cutoff).delete()
    return per_model.get(Submission._meta.label, 0)
