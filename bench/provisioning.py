#!/usr/bin/env python
"""Provisioning benchmark: N tenants cloned from the template vs N built by migrations.

Runs against its own database (``bench`` on the embedded server, or DATABASE_URL when set),
prepares it with ``migrate_schemas`` (public + template), then provisions tenants both ways in
the same run, alternating so that both see the same machine state, and drops them afterwards.
Each provisioning is the full service call: schema, domain, Wagtail site with home page and the
first administrator. The last line reads
``clone_median_s=<x> migrate_median_s=<y> speedup=<y/x>``.

Usage: python bench/provisioning.py [--n 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("EMBEDDED_DB_NAME", "bench")
os.environ["CELERY_BROKER_URL"] = "memory://"  # invitation e-mails are not the subject here
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5, help="tenants per method")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tenants.models import Tenant
    from tenants.services import platform_tenant_ensure, tenant_provision

    t = time.perf_counter()
    call_command("migrate_schemas", interactive=False, verbosity=0)
    platform_tenant_ensure()
    print(f"database ready (migrate_schemas) in {time.perf_counter() - t:.1f} s")

    run_id = int(time.time())
    results: dict[str, list[float]] = {"clone": [], "migrate": []}
    breakdown: dict[str, list[dict[str, float]]] = {"clone": [], "migrate": []}
    created: list[Tenant] = []
    try:
        for i in range(args.n):
            for method in ("clone", "migrate"):
                slug = f"bench-{method}-{run_id}-{i}"
                started = time.perf_counter()
                result = tenant_provision(
                    name=f"Gmina testowa {i}",
                    slug=slug,
                    kind="municipality",
                    teryt_code="2464011",
                    admin_email=f"admin@{slug}.example.pl",
                    use_template=(method == "clone"),
                )
                elapsed = time.perf_counter() - started
                created.append(result.tenant)
                results[method].append(elapsed)
                breakdown[method].append(result.timings)
                print(
                    f"{method:8s} {i + 1}/{args.n}: {elapsed:6.3f} s "
                    f"(schema {result.timings['schema']:.3f} s, "
                    f"site+admin {result.timings['site_and_admin']:.3f} s)",
                    flush=True,
                )
    finally:
        for tenant in created:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{tenant.schema_name}" CASCADE')
            tenant.delete()

    clone = statistics.median(results["clone"])
    migrate = statistics.median(results["migrate"])
    clone_schema = statistics.median(b["schema"] for b in breakdown["clone"])
    migrate_schema = statistics.median(b["schema"] for b in breakdown["migrate"])
    print()
    print(f"{'method':10s} {'median s':>9s} {'min s':>7s} {'max s':>7s} {'schema only s':>14s}")
    for method, schema_s in (("clone", clone_schema), ("migrate", migrate_schema)):
        values = results[method]
        print(
            f"{method:10s} {statistics.median(values):9.3f} {min(values):7.3f} "
            f"{max(values):7.3f} {schema_s:14.3f}"
        )
    print(
        f"clone_median_s={clone:.3f} migrate_median_s={migrate:.3f} speedup={migrate / clone:.1f}"
    )


if __name__ == "__main__":
    main()
