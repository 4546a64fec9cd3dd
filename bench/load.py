#!/usr/bin/env python
"""Load test: every demo tenant's site plus 50 more provisioned ones, all page kinds, on loopback.

Prepares a scratch database (``bench_load`` on the embedded server, or DATABASE_URL when set):
migrations, the demo tenants (``seed_demo``) and 50 more tenants provisioned with the fast clone
path (``tenants.services.tenant_provision``; idempotent, so a second run reuses them; ``--drop``
drops the scratch database at the end). Collects static files into ``.run/load-static``.

Then starts gunicorn (2 workers x 4 threads, DEBUG off, the per-tenant page cache on, as
deployed) on a free loopback port and runs a bounded asyncio client: ``--concurrency``
keep-alive connections requesting, for ``--seconds`` (60), URLs drawn round-robin from a
shuffled list of every tenant's home page, news list, news article, event calendar, registry
list, organisation page, search, sitemap and a static and a media file (the kinds a tenant has:
the 50 new tenants have no news article, organisation or image; each demo tenant gets one
small image, served as a rendition from ``/media/``), with ``/healthz?live=1``
(no database, no template) as the baseline floor measured in the same run.

Prints per page kind: requests, errors, p50 and p95 in ms; the last line reads
``requests=<n> errors=<n> seconds=<s> rps=<n> baseline_p95_ms=<x> worst_p95_ms=<x>
zero_errors=<bool>`` (one line).
Exits 1 when any request failed (a status other than 200, or no answer).

Usage: python bench/load.py [--seconds 60] [--concurrency 8] [--tenants 50] [--drop]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("EMBEDDED_DB_NAME", "bench_load")
os.environ["CELERY_BROKER_URL"] = "memory://"
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
os.environ["DJANGO_DEBUG"] = "False"
os.environ.setdefault("PLATFORM_DOMAIN", "localhost")
os.environ.setdefault("STATIC_ROOT", str(ROOT / ".run" / "load-static"))

KINDS = [
    "baseline",
    "home",
    "news_list",
    "news_article",
    "calendar",
    "registry_list",
    "organisation",
    "search",
    "sitemap",
    "static",
    "media",
]
SEARCH = "/szukaj/?q=" + quote("spółdzielnia socjalna")


@dataclass(frozen=True)
class Target:
    kind: str
    host: str
    path: str


def _tenant_targets(host: str) -> list[Target]:
    """The URLs of the current tenant (called in its schema)."""
    from cms.events.models import EventIndexPage
    from cms.models.pages import NewsIndexPage, NewsPage
    from cms.visibility import public_pages
    from registry.selectors import organisation_list
    from registry.views import organisation_url

    def page_path(model) -> str | None:
        page = public_pages(model.objects.all()).order_by("path").first()
        if page is None:
            return None
        parts = page.get_url_parts()
        return parts[2] if parts else None

    targets = [
        Target("home", host, "/"),
        Target("registry_list", host, "/organizacje/"),
        Target("search", host, SEARCH),
        Target("sitemap", host, "/sitemap.xml"),
    ]
    for kind, model in (
        ("news_list", NewsIndexPage),
        ("news_article", NewsPage),
        ("calendar", EventIndexPage),
    ):
        path = page_path(model)
        if path:
            targets.append(Target(kind, host, path))
    image = _bench_image()
    if image is not None:
        targets.append(Target("media", host, image.get_rendition("width-400").url))
    organisation = organisation_list().order_by("pk").first()
    if organisation is not None:
        targets.append(Target("organisation", host, organisation_url(organisation)))
    return targets


def _bench_image(create: bool = False):
    """The current tenant's benchmark image (a small PNG), made when ``create`` is set."""
    from wagtail.images import get_image_model

    model = get_image_model()
    image = model.objects.filter(title="Obraz testu obciążeniowego").first()
    if image is None and create:
        import io

        from django.core.files.images import ImageFile
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (800, 500), (40, 110, 160)).save(buffer, format="PNG")
        image = model(
            title="Obraz testu obciążeniowego",
            description="Jednolite niebieskie tło (obraz testu obciążeniowego).",
            file=ImageFile(buffer, name="obciazenie.png"),
        )
        image.save()
    return image


def prepare(extra_tenants: int) -> list[Target]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django_tenants.utils import tenant_context

    from tenants.demo import DEMO_TENANTS
    from tenants.models import Tenant
    from tenants.selectors import tenant_list_public
    from tenants.services import platform_tenant_ensure, tenant_provision

    started = time.perf_counter()
    call_command("migrate_schemas", interactive=False, verbosity=0)
    platform_tenant_ensure()
    demo = [spec["slug"] for spec in DEMO_TENANTS]
    if Tenant.objects.filter(slug__in=demo).count() < len(demo):
        call_command("seed_demo", verbosity=0)
    print(f"database ready (migrations, demo tenants) in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    created = 0
    for i in range(1, extra_tenants + 1):
        result = tenant_provision(
            name=f"Gmina Obciążeniowa {i}",
            slug=f"load-{i:02d}",
            kind="municipality",
            teryt_code="2464011",
            admin_email=f"admin@load-{i:02d}.example.pl",
            contact={"street": "ul. Focha 19/21", "postal_code": "42-217", "city": "Częstochowa"},
        )
        created += result.created
    print(
        f"{extra_tenants} more tenants ({created} provisioned now) in "
        f"{time.perf_counter() - started:.0f} s"
    )
    static_root = Path(settings.STATIC_ROOT)
    if not (static_root / "staticfiles.json").exists() and not any(static_root.glob("*")):
        call_command("collectstatic", interactive=False, verbosity=0)

    targets: list[Target] = []
    slugs = [*demo, *(f"load-{i:02d}" for i in range(1, extra_tenants + 1))]
    for tenant in tenant_list_public().filter(slug__in=slugs).order_by("slug"):
        with tenant_context(tenant):
            if tenant.slug in demo:
                _bench_image(create=True)  # media: the demo data have no uploads
            targets.extend(_tenant_targets(tenant.primary_domain))
    return targets


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CONN_MAX_AGE": "300"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


# --- a minimal HTTP/1.1 keep-alive client on asyncio streams ---------------------------------


class Connection:
    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, host: str, path: str, timeout: float = 30.0) -> tuple[int, bytes]:
        return await asyncio.wait_for(self._get(host, path), timeout)

    async def _get(self, host: str, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: identity\r\n"
            "Connection: keep-alive\r\n\r\n".encode("ascii")
        )
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        else:
            body = await self.reader.read()
            self.close()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


async def discover_files(port: int, targets: list[Target]) -> list[Target]:
    """A static file and a media file of each tenant, as its own pages link them."""
    found: list[Target] = []
    conn = Connection(port)
    by_host: dict[str, list[Target]] = defaultdict(list)
    for t in targets:
        by_host[t.host].append(t)
    for host, mine in by_host.items():
        static = media = None
        for t in mine:
            if t.kind not in {"home", "news_article", "news_list"}:
                continue
            _, body = await conn.get(host, t.path)
            text = body.decode("utf-8", "replace")
            static = static or next(iter(re.findall(r'(?:href|src)="(/static/[^"]+)"', text)), None)
            media = media or next(iter(re.findall(r'(?:src|srcset)="(/media/[^" ]+)', text)), None)
        if static:
            found.append(Target("static", host, static))
        if media:
            found.append(Target("media", host, media))
    conn.close()
    return found


async def warm_up(port: int, targets: list[Target]) -> list[str]:
    conn = Connection(port)
    errors = []
    for t in targets:
        try:
            status, _ = await conn.get(t.host, t.path, timeout=60)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            conn.close()
            errors.append(f"{t.kind} {t.host}{t.path}: {exc!r}")
            continue
        if status != 200:
            errors.append(f"{t.kind} {t.host}{t.path}: HTTP {status}")
    conn.close()
    return errors


async def run_load(port: int, targets: list[Target], seconds: float, concurrency: int) -> Stats:
    stats = Stats()
    order = list(targets)
    random.Random(2026).shuffle(order)
    position = 0
    stop_at = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal position
        conn = Connection(port)
        while time.perf_counter() < stop_at:
            target = order[position % len(order)]
            position += 1
            started = time.perf_counter()
            try:
                status, _ = await conn.get(target.host, target.path)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                conn.close()
                stats.errors[target.kind].append(f"{target.host}{target.path}: {exc!r}")
                continue
            elapsed = time.perf_counter() - started
            if status != 200:
                stats.errors[target.kind].append(f"{target.host}{target.path}: HTTP {status}")
            else:
                stats.latencies[target.kind].append(elapsed)
        conn.close()

    await asyncio.gather(*(client() for _ in range(concurrency)))
    return stats


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--tenants", type=int, default=50, help="tenants beyond the demo ones")
    parser.add_argument("--drop", action="store_true", help="drop the scratch database at the end")
    args = parser.parse_args()

    targets = prepare(args.tenants)
    port = free_port()
    server = start_server(port)
    try:
        targets += asyncio.run(discover_files(port, targets))
        hosts = sorted({t.host for t in targets})
        targets += [Target("baseline", h, "/healthz?live=1") for h in hosts]
        # Warm-up, not measured: every URL once (fills the page cache); failures count.
        warm_errors = asyncio.run(warm_up(port, targets))
        begun = time.perf_counter()
        stats = asyncio.run(run_load(port, targets, args.seconds, args.concurrency))
        elapsed = time.perf_counter() - begun
    finally:
        server.terminate()
        server.wait(timeout=30)
        if args.drop:
            _drop_scratch_database()

    counts = defaultdict(int)
    for t in targets:
        counts[t.kind] += 1
    print(
        f"{len(hosts)} tenant hosts, {len(targets)} URLs, gunicorn 2 workers x 4 threads, "
        f"{args.concurrency} keep-alive clients, {elapsed:.0f} s"
    )
    print(
        f"{'kind':14s} {'urls':>5s} {'requests':>9s} {'errors':>7s} {'p50 ms':>8s} {'p95 ms':>8s}"
    )
    total = errors = 0
    worst = 0.0
    for kind in KINDS:
        done, bad = stats.latencies.get(kind, []), stats.errors.get(kind, [])
        total += len(done) + len(bad)
        errors += len(bad)
        if not done:
            print(f"{kind:14s} {counts[kind]:8d} {len(bad):8d} {len(bad):8d} {'-':>8s} {'-':>8s}")
            continue
        p50, p95 = 1000 * percentile(done, 0.50), 1000 * percentile(done, 0.95)
        if kind != "baseline":
            worst = max(worst, p95)
        print(
            f"{kind:14s} {counts[kind]:8d} {len(done) + len(bad):8d} {len(bad):8d} "
            f"{p50:8.1f} {p95:8.1f}"
        )
    for kind, bad in stats.errors.items():
        for line in bad[:5]:
            print(f"  error {kind}: {line}")
    for line in warm_errors[:10]:
        print(f"  warm-up error: {line}")
    errors += len(warm_errors)
    baseline = stats.latencies.get("baseline") or [0.0]
    print(
        f"requests={total} errors={errors} seconds={elapsed:.0f} rps={total / elapsed:.0f} "
        f"baseline_p95_ms={1000 * percentile(baseline, 0.95):.1f} worst_p95_ms={worst:.1f} "
        f"zero_errors={errors == 0}"
    )
    return 0 if errors == 0 else 1


def _drop_scratch_database() -> None:
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if not name.startswith("bench"):
        print(f"not dropping {name}: only scratch databases named bench* are dropped")
        return
    connection.close()
    from django.db import connections

    with connections["default"]._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"scratch database {name} dropped")


if __name__ == "__main__":
    sys.exit(main())
