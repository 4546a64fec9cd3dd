"""Redis (the cache and the broker) stopped and started again while the platform runs.

Real components: a redis-server of the test's own, gunicorn and a Celery worker as
subprocesses with REDIS_URL and CELERY_BROKER_URL pointing at it, the test database.
While Redis is down, pages are still served (the cache degrades to "no cache",
config/cache.py); a task sent during the outage waits for the broker (the publish retry
policy) and is delivered once Redis is back, like one sent afterwards (the worker reconnects).
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from tenants.celery_tenancy import send_for_tenant

from .conftest import (
    HOST_A,
    HOST_B,
    app_env,
    database_url,
    http_get,
    start_gunicorn,
    start_worker,
    wait_until,
    wait_worker_ready,
)
from .test_worker_killed import sender_app

pytestmark = [pytest.mark.django_db, pytest.mark.worker]

PAGES = [(HOST_A, "/"), (HOST_B, "/"), (HOST_A, "/kontakt/"), (HOST_A, "/nie-ma-takiej-strony/")]
EXPECTED = {"/": 200, "/kontakt/": 200, "/nie-ma-takiej-strony/": 404}


def statuses(port: int) -> list[int]:
    return [http_get(port, host, path)[0] for host, path in PAGES]


def test_pages_served_and_tasks_delivered_across_a_redis_outage(
    redis_server, probe, test_database, tenant_a, tmp_path, monkeypatch
) -> None:
    env = app_env(
        database_url=database_url(test_database),
        workdir=tmp_path,
        REDIS_URL=redis_server.url(1),
        CELERY_BROKER_URL=redis_server.url(2),
    )
    expected = [EXPECTED[path] for _, path in PAGES]
    server, port = start_gunicorn(env, tmp_path)
    worker = start_worker(env, tmp_path)
    sender = sender_app(redis_server.url(2), monkeypatch)
    task = sender.tasks["faults.apply_once"]
    before, during, after = (uuid.uuid4().hex for _ in range(3))
    outcome: dict[str, object] = {}
    try:
        wait_worker_ready(worker)
        assert statuses(port) == expected  # cache warm
        send_for_tenant(task, tenant_a, before, 0.0)
        wait_until(lambda: probe.rows("effect", before), timeout=30, what="the first task")

        redis_server.stop()
        down = [statuses(port) for _ in range(3)]

        def send_during_outage() -> None:
            try:
                send_for_tenant(task, tenant_a, during, 0.0)
                outcome["sent_at"] = time.monotonic()
            except Exception as exc:  # reported by the assertion below
                outcome["error"] = exc

        sending = threading.Thread(target=send_during_outage)
        sending.start()
        time.sleep(1.5)
        assert "sent_at" not in outcome
        assert "error" not in outcome
        restarted_at = time.monotonic()
        redis_server.start()
        sending.join(timeout=30)
        send_for_tenant(task, tenant_a, after, 0.0)

        wait_until(
            lambda: probe.rows("effect", during) and probe.rows("effect", after),
            timeout=60,
            what="the tasks sent during and after the outage",
            every=0.3,
        )
        up = statuses(port)
    finally:
        server.stop()
        worker.stop()
        sender.close()
        if not redis_server.ping():
            redis_server.start()

    assert down == [expected] * 3, server.log()
    assert "error" not in outcome, outcome
    assert outcome["sent_at"] >= restarted_at
    assert up == expected
    assert probe.rows("effect", during) == [tenant_a.schema_name]
    assert probe.rows("effect", after) == [tenant_a.schema_name]
