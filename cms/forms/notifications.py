"""E-mail to the editors about a new public-form submission (sent once, by a task)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from cms.forms.models import PublicFormPage, Submission

log = logging.getLogger(__name__)


def submission_recipients(*, page: PublicFormPage | None) -> list[str]:
    """The page's editors, or else the tenant's active superusers with an e-mail address."""
    if page is not None and page.recipient_list:
        return page.recipient_list
    users = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def tenant_base_url() -> str:
    """``scheme://host`` of the current tenant's primary domain."""
    tenant = connection.tenant  # type: ignore[attr-defined]
    domain_obj = tenant.get_primary_domain()
    domain = domain_obj.domain if domain_obj else f"{tenant.slug}.{settings.PLATFORM_DOMAIN}"
    local = settings.DEBUG or domain == "localhost" or domain.endswith(".localhost")
    return f"{'http' if local else 'https'}://{domain}"


def submission_admin_url(*, submission_id: int) -> str:
    return tenant_base_url() + reverse("submissions:inspect", args=[submission_id])


def submission_notify_editors(*, submission_id: int) -> list[str]:
    """E-mail the editors about a new submission once; returns the recipients."""
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("page")
            .filter(pk=submission_id, notified_at__isnull=True)
            .first()
        )
        if submission is None:  # gone, or already notified (a retried task)
            return []
        recipients = submission_recipients(page=submission.page)
        if not recipients:
            log.warning("no recipients for submission %s", submission_id)
            return []
        tenant_name = connection.tenant.name  # type: ignore[attr-defined]
        handler = submission.handler
        subject_prefix = handler.notify_subject if handler else "Nowe zgłoszenie"
        page_title = submission.page.title if submission.page else "(strona usunięta)"
        lines = [f"{label}: {value}" for label, value in submission.labelled_data()]
        body = (
            f"Dzień dobry,\n\nw serwisie {tenant_name} wpłynęło nowe zgłoszenie "
            f"z formularza „{page_title}”.\n\n"
            + "\n".join(lines)
            + "\n\nZgłoszenie czeka na moderację. Przyjmij je lub odrzuć w panelu:\n"
            f"{submission_admin_url(submission_id=submission.pk)}\n"
        )
        EmailMessage(
            subject=f"{subject_prefix}: {submission.summary}",
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
            reply_to=[submission.email] if submission.email else None,
        ).send()
        submission.notified_at = timezone.now()
        submission.save(update_fields=["notified_at"])
    return recipients
