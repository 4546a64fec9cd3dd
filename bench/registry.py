#!/usr/bin/env python
"""Registry benchmark: CSV import speed and memory, folded search against a naive baseline.

Runs against its own database (``bench`` on the embedded server, or DATABASE_URL when set):
provisions a throw-away tenant, writes N generated organisations (valid NIP/REGON/KRS, Polish
names) to a CSV file, imports it through ``registry.importing`` (the same code as the admin and
the ``import_organisations`` command), then times searches over the N organisations with the
folded full-text selector (GIN index on the generated ``search_vector``) next to a naive
``icontains`` over name and city, for the same queries in the same run. The same file is then
imported a second time (every row found and unchanged: the idempotent re-import path). The
tenant schema is dropped at the end, whatever happens.

Import speed is wall-clock time of ``import_organisations_from_path`` (reading the file twice,
parsing, validation, lookups, writes and history, one transaction) divided by the rows in the
file. Peak memory is the process's peak resident set size (``resource.getrusage`` ru_maxrss)
read right after the first import: it includes Django and the generation of the CSV, so it is an
upper bound of what the import needs (tracemalloc would slow the import it measures).
The last line reads
``import_rows_per_s=<n> import_peak_mb=<n> search_p95_ms=<n> naive_p95_ms=<n>``.

Usage: python bench/registry.py [--n 100000] [--queries 200] [--no-reimport]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("EMBEDDED_DB_NAME", "bench")
os.environ["CELERY_BROKER_URL"] = "memory://"
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

QUERIES = [
    "czestochowa",
    "CZĘSTOCHOWA",
    "Jędrzejów",
    "fundacja razem",
    "spółdzielnia socjalna",
    "uśmiech",
    "zolty dom",
    "klub sportowy sokół",
    "Kłobuck",
    "nadzieja",
    "przyszłość bydgoszcz",
    "jurajska",
    "nr 4711",
    "pomocna dłoń",
    "warsztat terapii",
]


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="organisations to import")
    parser.add_argument("--queries", type=int, default=200, help="searches per method")
    parser.add_argument(
        "--no-reimport", action="store_true", help="skip the second (unchanged) import"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Q
    from django_tenants.utils import tenant_context

    from registry.exporters import COLUMNS
    from registry.generators import generate_organisations
    from registry.importing import import_organisations_from_path
    from registry.models import LegalForm, Organisation
    from registry.selectors import organisation_search
    from tenants.services import platform_tenant_ensure, tenant_provision

    t = time.perf_counter()
    call_command("migrate_schemas", interactive=False, verbosity=0)
    platform_tenant_ensure()
    print(f"database ready (migrate_schemas) in {time.perf_counter() - t:.1f} s", flush=True)

    slug = f"bench-registry-{int(time.time())}"
    tenant = tenant_provision(
        name="Rejestr testowy",
        slug=slug,
        kind="municipality",
        teryt_code="2464011",
        admin_email=f"admin@{slug}.example.pl",
    ).tenant
    labels = dict(LegalForm.choices)
    headers = [h for h, _ in COLUMNS]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "organizacje.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, delimiter=";")
                writer.writerow(
                    [
                        "Nazwa",
                        "Forma prawna",
                        "KRS",
                        "NIP",
                        "REGON",
                        "Status OPP",
                        "Adres",
                        "Kod pocztowy",
                        "Miejscowość",
                        "TERYT",
                        "Szerokość",
                        "Długość",
                        "Zatrudnienie",
                    ]
                )
                for row in generate_organisations(args.n):
                    writer.writerow(
                        [
                            row["name"],
                            labels[row["legal_form"]],
                            row["krs"],
                            row["nip"],
                            row["regon"],
                            "tak" if row["is_opp"] else "nie",
                            row["street"],
                            row["postal_code"],
                            row["city"],
                            row["teryt"],
                            row["latitude"],
                            row["longitude"],
                            row["employees"],
                        ]
                    )
            size_mb = path.stat().st_size / 1e6
            print(
                f"generated {args.n} rows ({size_mb:.1f} MB CSV); columns of exports: "
                f"{len(headers)}",
                flush=True,
            )

            with tenant_context(tenant):
                rss_before = _peak_mb()
                started = time.perf_counter()
                result = import_organisations_from_path(path)
                import_s = time.perf_counter() - started
                peak = _peak_mb()
            print(
                f"import: {result.summary_line()} in {import_s:.1f} s "
                f"(peak RSS {peak:.0f} MB, {rss_before:.0f} MB before)",
                flush=True,
            )
            rows_per_s = args.n / import_s
            imports = [("import (all new)", result, import_s, peak)]

            with tenant_context(tenant):
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE registry_organisation")
                timings: dict[str, list[float]] = {"search": [], "naive": []}
                hits: dict[str, int] = {"search": 0, "naive": 0}
                for i in range(args.queries):
                    q = QUERIES[i % len(QUERIES)]
                    for method in ("search", "naive") if i % 2 == 0 else ("naive", "search"):
                        started = time.perf_counter()
                        if method == "search":
                            qs = organisation_search(q)
                        else:
                            cond = Q()
                            for word in q.split():
                                cond &= Q(name__icontains=word) | Q(city__icontains=word)
                            qs = Organisation.objects.filter(cond)
                        found = list(qs.order_by("name", "id").values_list("id", flat=True)[:50])
                        timings[method].append((time.perf_counter() - started) * 1000)
                        hits[method] += len(found)

            if not args.no_reimport:
                with tenant_context(tenant):
                    started = time.perf_counter()
                    again = import_organisations_from_path(path)
                    again_s = time.perf_counter() - started
                print(f"re-import: {again.summary_line()} in {again_s:.1f} s", flush=True)
                imports.append(("re-import (unchanged)", again, again_s, _peak_mb()))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{tenant.schema_name}" CASCADE')
        tenant.delete()

    print()
    print(
        f"{'import':22s} {'rows':>8s} {'created':>8s} {'unchanged':>9s} {'rejected':>8s} "
        f"{'seconds':>8s} {'rows/s':>7s} {'peak RSS MB':>11s}"
    )
    for label, res, seconds, peak_mb in imports:
        print(
            f"{label:22s} {res.total:8d} {res.created:8d} {res.unchanged:9d} "
            f"{res.rejected_count:8d} {seconds:8.1f} {res.total / seconds:7.0f} {peak_mb:11.0f}"
        )
    print()
    print(f"{'search':10s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s} {'rows found':>11s}")
    for method in ("search", "naive"):
        values = timings[method]
        print(
            f"{method:10s} {statistics.median(values):8.2f} {_percentile(values, 95):8.2f} "
            f"{max(values):8.2f} {hits[method]:11d}"
        )
    print("(naive icontains does not fold diacritics: 'czestochowa' finds nothing with it)")
    print(
        f"import_rows_per_s={rows_per_s:.0f} import_peak_mb={peak:.0f} "
        f"search_p95_ms={_percentile(timings['search'], 95):.2f} "
        f"naive_p95_ms={_percentile(timings['naive'], 95):.2f}"
    )


if __name__ == "__main__":
    main()
