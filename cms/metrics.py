"""Figures of one tenant's site for the coordinators (``tenants.extensions.tenant_metrics``).

Run in the tenant's schema. Only what the public can see counts as published (the one rule,
``cms.visibility.public_pages``), and only edits made by a person count as edits: provisioning
and demo data save revisions without a user.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.utils import timezone
from wagtail.models import Revision

from cms.events.models import EventPage
from cms.forms.models import Submission, SubmissionStatus
from cms.models import NewsPage
from cms.visibility import public_pages
from tenants.extensions import MetricValue

RECENT_DAYS = 90


def cms_metrics(tenant: Any, *, now: dt.datetime | None = None) -> dict[str, MetricValue]:
    """``news_published_90d`` and ``events_published_90d``: public pages first published in the
    last 90 days; ``submissions_pending``: public-form answers waiting for moderation;
    ``last_edit``: when an editor last saved a revision (None if never)."""
    since = (now or timezone.now()) - dt.timedelta(days=RECENT_DAYS)
    edits = Revision.objects.filter(user__isnull=False).aggregate(last=Max("created_at"))
    return {
        "news_published_90d": (
            public_pages(NewsPage.objects.all()).filter(first_published_at__gte=since).count()
        ),
        "events_published_90d": (
            public_pages(EventPage.objects.all()).filter(first_published_at__gte=since).count()
        ),
        "submissions_pending": Submission.objects.filter(status=SubmissionStatus.NEW).count(),
        "last_edit": edits["last"],
    }
