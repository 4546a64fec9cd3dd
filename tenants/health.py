"""Dependency checks for ``/healthz``."""

from __future__ import annotations

import logging

from django.db import connection

log = logging.getLogger(__name__)


def check_database() -> str:
    try:
        connection.set_schema_to_public()  # type: ignore[attr-defined]
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        log.warning("health: database check failed: %s", exc)
        return f"error: {type(exc).__name__}"
    return "ok"


def check_broker() -> str:
    from celery import current_app as app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
    except Exception as exc:
        log.warning("health: broker check failed: %s", exc)
        return f"error: {type(exc).__name__}"
    return "ok"


def check_all() -> dict[str, str]:
    report = {"database": check_database(), "broker": check_broker()}
    report["status"] = "ok" if all(v == "ok" for v in report.values()) else "error"
    return report
