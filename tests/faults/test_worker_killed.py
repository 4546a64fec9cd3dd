"""A Celery worker killed (SIGKILL) in the middle of a tenant task: the task runs again on the
next worker, in the same tenant, and its effect is applied exactly once.

Real components: a redis-server of the test's own as broker, ``celery worker`` subprocesses,
the test database. The task is acknowledged only after it ran (``acks_late``); a message whose
worker vanished is redelivered once the broker's visibility timeout has passed (shortened to
a few seconds here; see CELERY_VISIBILITY_TIMEOUT in config/settings/base.py): a worker starting
after that takes the message back from the dead one's unacknowledged set.
"""

from __future__ import annotations

import time
import uuid

import pytest
from celery import Celery

from tenants.celery_tenancy import send_for_tenant

from .conftest import app_env, database_url, start_worker, wait_until, wait_worker_ready

pytestmark = [pytest.mark.django_db, pytest.mark.worker]
VISIBILITY_TIMEOUT = 3


def sender_app(broker_url: str, monkeypatch: pytest.MonkeyPatch) -> Celery:
    """The project's Celery configuration, publishing to the test's own broker."""
    from tenant_schemas_celery.app import CeleryApp

    # Celery prefers these variables to its configuration (.ci/run's second path sets them).
    for name in ("CELERY_BROKER_URL", "CELERY_BROKER_WRITE_URL", "CELERY_RESULT_BACKEND"):
        monkeypatch.delenv(name, raising=False)

    app = CeleryApp("faults-sender", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url = broker_url
    app.conf.result_backend = broker_url
    app.conf.broker_transport_options = {"visibility_timeout": VISIBILITY_TIMEOUT}
    return app


def test_killed_worker_task_runs_again_once(
    redis_server, probe, test_database, tenant_a, tmp_path, monkeypatch
) -> None:
    broker = redis_server.url(0)
    env = app_env(
        database_url=database_url(test_database),
        workdir=tmp_path,
        CELERY_BROKER_URL=broker,
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
    )
    token = uuid.uuid4().hex
    first = start_worker(env, tmp_path, name="first")
    second = None
    sender = sender_app(broker, monkeypatch)
    try:
        wait_worker_ready(first)
        send_for_tenant(sender.tasks["faults.apply_once"], tenant_a, token, 3.0)

        wait_until(lambda: probe.rows("attempt", token), timeout=30, what="the task to start")
        started = time.monotonic()
        first.kill()  # mid-task: after its attempt, before its effect

        assert probe.rows("effect", token) == []
        time.sleep(max(0.0, started + VISIBILITY_TIMEOUT + 0.5 - time.monotonic()))
        second = start_worker(env, tmp_path, name="second")
        wait_worker_ready(second)
        wait_until(
            lambda: probe.rows("effect", token), timeout=60, what="the task to run again", every=0.3
        )
        attempts = probe.rows("attempt", token)
        effects = probe.rows("effect", token)
    finally:
        first.stop()
        if second is not None:
            second.stop()
        sender.close()

    assert len(attempts) >= 2, attempts
    assert set(attempts) == {tenant_a.schema_name}
    assert effects == [tenant_a.schema_name]
