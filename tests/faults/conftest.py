"""Real components for the fault tests, started and stopped by the tests themselves.

- ``RedisServer``: a ``redis-server`` of the test's own on a free loopback port (no disk).
- ``AppProcess``: gunicorn or a Celery worker, with the settings a deployment would have
  (persistent database connections, Redis cache and broker when given), as a subprocess whose
  output goes to a log file shown when a test fails.
- ``probe``: the scratch schema ``faults_probe`` where tests/faults/probe_tasks.py writes its
  attempts and effects, in the test database.

The processes talk to the test database (committed fixtures: the platform tenant,
``czestochowa`` and ``bydgoszcz``) or to a database of the test's own.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from .probe_tasks import PROBE_SCHEMA

ROOT = Path(__file__).resolve().parents[2]
HOST_A = "czestochowa.test.localhost"
HOST_B = "bydgoszcz.test.localhost"
# Variables of the parent that must not leak into the processes under test.
_DROPPED_PREFIXES = ("DJANGO_", "DATABASE_URL", "REDIS_", "CELERY_", "EMBEDDED_", "WEB_")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition: Callable[[], Any], *, timeout: float, what: str, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


def database_url(settings_dict: dict[str, Any]) -> str:
    """A DATABASE_URL (django-environ) for Django connection settings, sockets included."""
    user = quote(settings_dict.get("USER") or "postgres", safe="")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{quote(password, safe='')}" if password else user
    host = str(settings_dict.get("HOST") or "")
    port = str(settings_dict.get("PORT") or "")
    name = settings_dict["NAME"]
    if host.startswith("/"):
        return f"postgres://{auth}@/{name}?host={host}" + (f"&port={port}" if port else "")
    return f"postgres://{auth}@{host or '127.0.0.1'}{':' + port if port else ''}/{name}"


def conninfo(settings_dict: dict[str, Any]) -> dict[str, Any]:
    params: dict[str, Any] = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER") or "postgres",
        "autocommit": True,
    }
    for key, name in (("HOST", "host"), ("PORT", "port"), ("PASSWORD", "password")):
        if settings_dict.get(key):
            params[name] = settings_dict[key]
    params.update(
        {k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if k in {"host", "port"}}
    )
    return params


def http_get(port: int, host: str, path: str, *, timeout: float = 10.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- redis-server ------------------------------------------------------------------------------


class RedisServer:
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed"
        self.process = subprocess.Popen(  # noqa: S603 (fixed binary and arguments)
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.ping, timeout=10, what="redis-server to accept connections")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


# --- gunicorn and Celery workers -----------------------------------------------------------------


def app_env(*, database_url: str, workdir: Path, **extra: str) -> dict[str, str]:
    """Environment of a deployed process: development settings without DEBUG, persistent
    database connections with health checks (as in production), logs at WARNING."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED_PREFIXES)}
    return {
        **base,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "false",
        "PLATFORM_DOMAIN": "test.localhost",
        "DJANGO_ALLOWED_HOSTS": ".test.localhost,test.localhost",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "300",
        "DJANGO_LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(workdir / "media"),
        "CELERY_BROKER_DIR": str(workdir / "broker"),
        **extra,
    }


class AppProcess:
    """A subprocess in its own process group (SIGKILL reaches its children too)."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], workdir: Path) -> None:
        self.name = name
        self.log_path = workdir / f"{name}.log"
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
            [sys.executable, "-m", *args],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group: no shutdown, no acknowledgement, nothing."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


def start_gunicorn(env: dict[str, str], workdir: Path) -> tuple[AppProcess, int]:
    port = free_port()
    server = AppProcess(
        "gunicorn",
        [
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--graceful-timeout",
            "3",
            "--log-level",
            "warning",
        ],
        env,
        workdir,
    )

    def ready() -> bool:
        assert server.alive(), f"gunicorn exited:\n{server.log()}"
        try:
            return http_get(port, HOST_A, "/healthz?live=1", timeout=2)[0] == 200
        except OSError:
            return False

    wait_until(ready, timeout=60, what="gunicorn to serve /healthz?live=1", every=0.3)
    return server, port


def start_worker(env: dict[str, str], workdir: Path, *, name: str = "worker") -> AppProcess:
    return AppProcess(
        name,
        [
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}-{os.getpid()}@%h",
            "-I",
            "tests.faults.probe_tasks",
        ],
        env,
        workdir,
    )


def wait_worker_ready(worker: AppProcess, *, timeout: float = 60) -> None:
    def ready() -> bool:
        assert worker.alive(), f"{worker.name} exited:\n{worker.log()}"
        return " ready." in worker.log()

    wait_until(ready, timeout=timeout, what=f"{worker.name} to be ready", every=0.3)


# --- the probe tables ------------------------------------------------------------------------------


class Probe:
    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params

    def rows(self, table: str, token: str) -> list[str]:
        with psycopg.connect(**self.params) as conn:
            return [
                r[0]
                for r in conn.execute(
                    f"SELECT schema_name FROM {PROBE_SCHEMA}.{table} WHERE token = %s ORDER BY id",
                    [token],
                )
            ]


@pytest.fixture(scope="module")
def test_database(django_db_setup: None, django_db_blocker: Any) -> dict[str, Any]:
    """Connection settings of the test database (its committed tenants), for subprocesses."""
    with django_db_blocker.unblock():
        return dict(connection.settings_dict)


@pytest.fixture(scope="module")
def probe(test_database: dict[str, Any]) -> Iterator[Probe]:
    params = conninfo(test_database)
    with psycopg.connect(**params) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {PROBE_SCHEMA} CASCADE")
        conn.execute(f"CREATE SCHEMA {PROBE_SCHEMA}")
        conn.execute(
            f"CREATE TABLE {PROBE_SCHEMA}.attempt (id serial PRIMARY KEY, token text NOT NULL,"
            " schema_name text NOT NULL, at timestamptz NOT NULL DEFAULT now())"
        )
        conn.execute(
            f"CREATE TABLE {PROBE_SCHEMA}.effect (id serial PRIMARY KEY, token text UNIQUE"
            " NOT NULL, schema_name text NOT NULL, at timestamptz NOT NULL DEFAULT now())"
        )
    yield Probe(params)
    with psycopg.connect(**params) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {PROBE_SCHEMA} CASCADE")
