"""Tenant propagation through a real Celery worker (in-process thread, memory broker)."""

from __future__ import annotations

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections
from django_tenants.utils import tenant_context

from config.celery import app
from tenants.celery_tenancy import send_for_tenant
from tenants.tasks import send_admin_invitation

pytestmark = [pytest.mark.django_db, pytest.mark.worker]


def _close_worker_connections(**kwargs):
    # The worker thread has its own database connections; close them so the test database
    # can be dropped at the end of the session.
    connections.close_all()


@pytest.fixture(scope="module")
def celery_worker():
    task_postrun.connect(_close_worker_connections, weak=False, dispatch_uid="test_close_conns")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
    task_postrun.disconnect(dispatch_uid="test_close_conns")


def test_task_runs_in_the_schema_of_the_tenant_it_was_sent_from(
    celery_worker, tenant_a, tenant_b, mailoutbox
):
    # Both tenants' first administrators have the same primary key (1) in their own schemas:
    # only the schema decides whose e-mail address the task finds.
    with tenant_context(tenant_a):
        from_a = send_admin_invitation.delay(1)
    from_b = send_for_tenant(send_admin_invitation, tenant_b, 1)

    assert from_a.get(timeout=30) == "admin@czestochowa.example.pl"
    assert from_b.get(timeout=30) == "admin@bydgoszcz.example.pl"
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert set(by_recipient) == {"admin@czestochowa.example.pl", "admin@bydgoszcz.example.pl"}
    assert "http://czestochowa.test.localhost/admin/password_reset/confirm/" in (
        by_recipient["admin@czestochowa.example.pl"].body
    )
    assert "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych" in (
        by_recipient["admin@bydgoszcz.example.pl"].subject
    )


def test_task_sent_without_a_tenant_fails_closed(celery_worker, mailoutbox):
    result = send_admin_invitation.delay(1)  # sent from the public schema

    with pytest.raises(Exception, match="wymaga wskazania najemcy") as excinfo:
        result.get(timeout=30)
    assert type(excinfo.value).__name__ == "TenantRequired"
    assert mailoutbox == []
