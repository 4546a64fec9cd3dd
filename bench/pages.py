#!/usr/bin/env python
"""Page-serving benchmark: a tenant's home page (cached and uncached) next to a bare Django view.

Prepares its own database (``bench`` on the embedded server, or DATABASE_URL when set) with one
provisioned tenant, then starts two gunicorn servers (2 workers each, DEBUG off) on loopback:
one with the per-tenant page cache on and one with it off (PAGE_CACHE_SECONDS=0). Every URL
goes through the same middleware stack (tenant routing, sessions, CSRF...). The bare view is
``/robots.txt`` (a tiny text response, no database). A load generator with keep-alive
connections in this process measures each URL for a fixed time. Prints requests/s and
latency percentiles; the last line reads
``bare_rps=<n> home_cached_rps=<n> home_uncached_rps=<n> cached_vs_bare=<ratio>``.

Usage: python bench/pages.py [--seconds 8] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("EMBEDDED_DB_NAME", "bench")
os.environ["CELERY_BROKER_URL"] = "memory://"
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
os.environ["DJANGO_DEBUG"] = "False"

SLUG = "bench-pages"


def prepare() -> str:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from tenants.services import platform_tenant_ensure, tenant_provision

    call_command("migrate_schemas", interactive=False, verbosity=0)
    platform_tenant_ensure()
    result = tenant_provision(
        name="Gmina Benchmarkowo",
        slug=SLUG,
        kind="municipality",
        teryt_code="2464011",
        admin_email="admin@bench.example.pl",
        contact={"street": "ul. Focha 19/21", "postal_code": "42-217", "city": "Częstochowa"},
    )
    return result.domain if settings.PLATFORM_DOMAIN else f"{SLUG}.localhost"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, cache_seconds: int) -> subprocess.Popen:
    env = {**os.environ, "PAGE_CACHE_SECONDS": str(cache_seconds), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def load(port: int, host: str, path: str, seconds: float, concurrency: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = 0.0

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        bad = 0
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": host})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    # warm-up: fills the page cache and the routing cache in both workers
    for _ in range(20):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        c.request("GET", path, headers={"Host": host})
        c.getresponse().read()
        c.close()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    begun = time.perf_counter()
    stop_at = begun + seconds
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - begun
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "errors": errors,
        "requests": len(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    host = prepare()
    cached_port, uncached_port = free_port(), free_port()
    servers = [start_server(cached_port, 300), start_server(uncached_port, 0)]
    try:
        results = {
            "bare": load(cached_port, host, "/robots.txt", args.seconds, args.concurrency),
            "home_cached": load(cached_port, host, "/", args.seconds, args.concurrency),
            "home_uncached": load(uncached_port, host, "/", args.seconds, args.concurrency),
        }
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(timeout=20)
    print(
        f"host {host}, gunicorn 2 workers per server, {args.concurrency} keep-alive clients, "
        f"{args.seconds:.0f} s per URL"
    )
    print(f"{'url':16s} {'req/s':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'errors':>7s}")
    for name, r in results.items():
        print(f"{name:16s} {r['rps']:8.0f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['errors']:7d}")
    bare, cached, uncached = (results[k]["rps"] for k in ("bare", "home_cached", "home_uncached"))
    print(
        f"bare_rps={bare:.0f} home_cached_rps={cached:.0f} home_uncached_rps={uncached:.0f} "
        f"cached_vs_bare={cached / bare:.2f}"
    )


if __name__ == "__main__":
    main()
