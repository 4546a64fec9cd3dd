#!/usr/bin/env python
"""Provisioning benchmark: our template clone vs django-tenants' own clone vs migrations.

Runs against its own database (``bench`` on the embedded server, or DATABASE_URL when set),
prepares it with ``migrate_schemas`` (public + template), then provisions N tenants each way in
the same run, alternating so that all see the same machine state, and drops them afterwards.
Each provisioning is the full service call (``tenant_provision``): tenant row, schema, domain,
the apps' ``tenant_setup`` steps (Wagtail site, home page, page tree) and the first
administrator. Only the schema step differs:

* ``clone``: ``tenants.schema_clone`` copies the migrated template (what the platform uses);
* ``stock_clone``: django-tenants' PL/pgSQL ``clone_schema`` of the same template followed by
  ``migrate_schemas --fake``, which is what django-tenants' ``TENANT_BASE_SCHEMA`` does (the
  honest baseline: what a user would otherwise pick);
* ``migrate``: every migration on an empty schema.

The last line reads ``clone_median_s=<x> stock_clone_median_s=<y> migrate_median_s=<z>
speedup_vs_stock=<y/x>``.

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
    methods = ("clone", "stock_clone", "migrate")
    results: dict[str, list[float]] = {m: [] for m in methods}
    breakdown: dict[str, list[dict[str, float]]] = {m: [] for m in methods}
    created: list[Tenant] = []
    try:
        for i in range(args.n):
            for method in methods:
                slug = f"bench-{method.replace('_', '')}-{run_id}-{i}"
                started = time.perf_counter()
                result = tenant_provision(
                    name=f"Gmina testowa {i}",
                    slug=slug,
                    kind="municipality",
                    teryt_code="2464011",
                    admin_email=f"admin@{slug}.example.pl",
                    schema_method=method,
                )
                elapsed = time.perf_counter() - started
                created.append(result.tenant)
                results[method].append(elapsed)
                breakdown[method].append(result.timings)
                print(
                    f"{method:11s} {i + 1}/{args.n}: {elapsed:6.3f} s "
                    f"(schema {result.timings['schema']:.3f} s, "
                    f"site+admin {result.timings['site_and_admin']:.3f} s)",
                    flush=True,
                )
    finally:
        for tenant in created:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{tenant.schema_name}" CASCADE')
            tenant.delete()

    medians = {m: statistics.median(results[m]) for m in methods}
    print()
    print(f"{'method':12s} {'median s':>9s} {'min s':>7s} {'max s':>7s} {'schema only s':>14s}")
    for method in methods:
        values = results[method]
        schema_s = statistics.median(b["schema"] for b in breakdown[method])
        print(
            f"{method:12s} {medians[method]:9.3f} {min(values):7.3f} "
            f"{max(values):7.3f} {schema_s:14.3f}"
        )
    clone, stock, migrate = (medians[m] for m in methods)
    print(
        f"clone_median_s={clone:.3f} stock_clone_median_s={stock:.3f} "
        f"migrate_median_s={migrate:.3f} speedup_vs_stock={stock / clone:.1f}"
    )


if __name__ == "__main__":
    main()
