"""A slow, idempotent tenant task for the fault tests (loaded by the worker with ``-I``).

Each run records an attempt as soon as it starts (committed at once: the worker runs in
autocommit), sleeps, then applies its effect keyed by a token: running it again after a crash,
or twice, leaves exactly one effect. The rows name the schema the task ran in, which shows that
a redelivered task keeps its tenant. The tables live in the scratch schema ``faults_probe``
(tests/faults/conftest.py creates and drops it).
"""

from __future__ import annotations

import time

from celery import shared_task
from django.db import connection

from tenants.celery_tenancy import TenantScopedTask

PROBE_SCHEMA = "faults_probe"


@shared_task(base=TenantScopedTask, bind=True, acks_late=True, name="faults.apply_once")
def apply_once(self, token: str, seconds: float) -> str:
    schema = connection.schema_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {PROBE_SCHEMA}.attempt (token, schema_name) VALUES (%s, %s)",
            [token, schema],
        )
    time.sleep(seconds)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {PROBE_SCHEMA}.effect (token, schema_name) VALUES (%s, %s) "
            "ON CONFLICT (token) DO NOTHING",
            [token, schema],
        )
    return schema
