"""Scheduled publishing: a beat task fans out to every tenant, which publishes what editors
scheduled and unpublishes what expired, through Wagtail's own command (so the page cache and
the search index follow); the public news list shows the change at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page, Revision

from cms.models import NewsIndexPage, NewsPage
from cms.tasks import scheduled_publishing_dispatch, scheduled_publishing_run
from tenants.selectors import tenant_list_public

pytestmark = pytest.mark.django_db


def _news(title: str, *, publish: bool) -> NewsPage:
    index = NewsIndexPage.objects.get()
    page = NewsPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        live=publish,
        date=timezone.localdate(),
        lead="Komunikat Centrum Wspierania Ekonomii Społecznej.",
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def _schedule_in_the_past(page: NewsPage) -> None:
    """An editor scheduled the page an hour from now; the hour has passed (the revision's
    content keeps its go-live time, as Wagtail writes it)."""
    past = timezone.now() - dt.timedelta(minutes=2)
    page.go_live_at = timezone.now() + dt.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()  # scheduled, not published: go_live_at is in the future
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    content = dict(revision.content, go_live_at=past.isoformat())
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past, content=content)


def test_due_pages_are_published_and_expired_ones_unpublished(
    tenant_a, client_a, eager_celery, settings
):
    settings.PAGE_CACHE_SECONDS = 300
    with tenant_context(tenant_a):
        scheduled = _news("Zaplanowany komunikat OWES", publish=False)
        _schedule_in_the_past(scheduled)
        expiring = _news("Nabór zakończony", publish=True)
        Page.objects.filter(pk=expiring.pk).update(
            expire_at=timezone.now() - dt.timedelta(minutes=1)
        )
    before = client_a.get("/aktualnosci/").text  # cached now
    assert "Zaplanowany komunikat OWES" not in before

    with tenant_context(tenant_a):
        due = scheduled_publishing_run.delay().get()
        again = scheduled_publishing_run.delay().get()
        assert Page.objects.get(pk=scheduled.pk).live is True
        assert Page.objects.get(pk=expiring.pk).live is False
        assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()

    assert (due, again) == (2, 0)  # idempotent: nothing is due the second time
    after = client_a.get("/aktualnosci/").text  # the publish dropped the cached list
    assert "Zaplanowany komunikat OWES" in after
    assert "Nabór zakończony" not in after


def test_dispatch_reaches_every_tenant_and_only_its_own_pages(tenant_a, tenant_b, eager_celery):
    with tenant_context(tenant_b):
        canary = _news("Kanarek Bydgoszcz", publish=False)
        _schedule_in_the_past(canary)

    sent = scheduled_publishing_dispatch.apply().get()

    assert sent == tenant_list_public().count() >= 2
    with tenant_context(tenant_b):
        assert Page.objects.get(pk=canary.pk).live is True
    with tenant_context(tenant_a):
        assert not Page.objects.filter(title="Kanarek Bydgoszcz").exists()


def test_the_run_refuses_the_public_schema(db):
    from tenants.celery_tenancy import TenantRequired

    with pytest.raises(TenantRequired):
        scheduled_publishing_run.apply(throw=True).get()


def test_beat_schedules_the_dispatch_every_five_minutes():
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["cms-scheduled-publishing"]
    assert entry["task"] in app.tasks
    assert str(entry["schedule"]._orig_minute) == "*/5"
