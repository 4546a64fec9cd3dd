"""Retention of form submissions: a nightly beat task fans out to every active tenant and each
deletes only its submissions older than FORM_SUBMISSION_RETENTION_MONTHS (default 12)."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone
from django_tenants.utils import tenant_context

from cms.forms.models import Submission
from cms.forms.services import submission_create
from cms.privacy.models import PrivacyRequest
from cms.privacy.tasks import submission_retention_dispatch, submission_retention_run
from config.celery import app
from tenants.selectors import tenant_list_public

pytestmark = pytest.mark.django_db


def _plant(tenant, *, now, months: int) -> dict[str, int]:
    """Submissions one minute either side of the limit, and a fresh one."""
    limit = now - relativedelta(months=months)
    ages = {
        "expired": limit - dt.timedelta(minutes=1),
        "long_expired": limit - relativedelta(years=3),
        "just_kept": limit + dt.timedelta(minutes=1),
        "fresh": now - dt.timedelta(days=1),
    }
    ids = {}
    with tenant_context(tenant):
        for label, created_at in ages.items():
            submission = submission_create(
                handler_key="news", page=None, data={"title": label}, email="a@example.pl"
            )
            Submission.objects.filter(pk=submission.pk).update(created_at=created_at)
            ids[label] = submission.pk
    return ids


def _left(tenant) -> set[int]:
    with tenant_context(tenant):
        return set(Submission.objects.values_list("pk", flat=True))


def test_retention_deletes_only_expired_submissions_in_every_tenant(
    tenant_a, tenant_b, eager_celery
):
    now = timezone.now()
    planted = {t.slug: _plant(t, now=now, months=12) for t in (tenant_a, tenant_b)}

    sent = submission_retention_dispatch.apply().get()

    assert sent == tenant_list_public().count() >= 2  # every active tenant
    for tenant in (tenant_a, tenant_b):
        ids = planted[tenant.slug]
        assert _left(tenant) == {ids["just_kept"], ids["fresh"]}
        with tenant_context(tenant):
            record = PrivacyRequest.objects.get()
        assert (record.kind, record.outcome, record.item_count, record.handled_by) == (
            "retention",
            "done",
            2,
            None,
        )
        assert record.note == "Okres przechowywania zgłoszeń: 12 mies."
        assert record.items[0]["result"] == "usunięto: 2"


def test_retention_limit_is_configurable_and_a_second_run_deletes_nothing(
    tenant_a, tenant_b, eager_celery, settings
):
    settings.FORM_SUBMISSION_RETENTION_MONTHS = 3
    now = timezone.now()
    ids = _plant(tenant_a, now=now, months=3)
    canary = _plant(tenant_b, now=now, months=12)

    with tenant_context(tenant_a):
        first = submission_retention_run.delay().get()
        second = submission_retention_run.delay().get()

    assert (first, second) == (2, 0)
    assert _left(tenant_a) == {ids["just_kept"], ids["fresh"]}
    # Sent for tenant A only: B keeps even what a 3-month limit would delete.
    assert _left(tenant_b) == set(canary.values())
    with tenant_context(tenant_a):
        assert PrivacyRequest.objects.count() == 1  # a run that deletes nothing is not recorded


def test_zero_months_keeps_everything(tenant_a, eager_celery, settings):
    settings.FORM_SUBMISSION_RETENTION_MONTHS = 0
    ids = _plant(tenant_a, now=timezone.now(), months=12)

    with tenant_context(tenant_a):
        assert submission_retention_run.delay().get() == 0
    assert _left(tenant_a) == set(ids.values())


def test_the_per_tenant_task_refuses_to_run_without_a_tenant(eager_celery):
    with pytest.raises(Exception, match="wymaga wskazania najemcy") as excinfo:
        submission_retention_run.delay().get()
    assert type(excinfo.value).__name__ == "TenantRequired"


def test_retention_runs_nightly_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["privacy-submission-retention"]

    assert entry["task"] == "cms.privacy.tasks.submission_retention_dispatch"
    assert entry["task"] in app.tasks
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({3}, {15})
    assert settings.FORM_SUBMISSION_RETENTION_MONTHS == 12
