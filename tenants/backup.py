"""Backup of one tenant into one archive, and its restore as a NEW tenant.

The archive (an uncompressed tar; the dump inside is compressed) holds:

- ``schema.dump``: ``pg_dump --format=custom --schema=<schema>`` of the tenant's schema;
- ``media/…``: the tenant's media folder (``MEDIA_ROOT/<schema>/``);
- ``manifest.json``: the tenant's public-schema rows (tenant, domains) as metadata, its applied
  migrations, the row count and a checksum of every table and the value of every sequence,
  the dump's and each media file's SHA-256.

The checksums are taken inside the very snapshot ``pg_dump`` dumps (``pg_export_snapshot`` +
``pg_dump --snapshot``), so they describe exactly the dumped data even while the site is
being written to; a restore recomputes them on the restored schema and refuses a mismatch.

Restoring under a new schema name: a custom-format dump names its schema in every statement
(schema-qualified since PostgreSQL 10.3) and in its data, so the name cannot be rewritten with
text tools, and restoring under the original name is impossible while that tenant exists. The
dump is therefore restored into a scratch database, the schema renamed there with
``ALTER SCHEMA … RENAME`` (objects refer to each other by OID, so nothing else changes), dumped
again and that dump restored into the platform's database in one transaction. This needs the
``CREATEDB`` privilege for the scratch database, which is dropped afterwards.

Client binaries: ``PG_BIN_DIR`` when set, otherwise ``pg_dump``/``pg_restore`` from ``PATH`` and
from the ``pgserver`` wheel (a PostgreSQL 16 shipped as a project dependency, so every image
has one); the one with the server's major version wins, else the oldest newer one.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import subprocess
import tarfile
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django_tenants.utils import schema_context, schema_exists
from psycopg import sql

from tenants import extensions
from tenants.invitations import platform_host_for
from tenants.models import (
    RESERVED_SLUGS,
    Domain,
    Tenant,
    schema_name_for_slug,
    validate_schema_name,
)

FORMAT = "tenant-backup/1"
MANIFEST = "manifest.json"
DUMP = "schema.dump"
MEDIA = "media"
# Tenant fields that belong to the source tenant only; the rest is copied to the new tenant.
_OWN_FIELDS = {"id", "schema_name", "slug", "created_at", "provisioned_at"}

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore could not be made; the message says why, in Polish."""


def _noop(message: str) -> None:
    return None


# --- PostgreSQL clients and connections ------------------------------------------------------


def _server_major() -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000  # type: ignore[attr-defined]


@functools.cache
def _client_major(path: str) -> int | None:
    try:
        out = subprocess.run(  # noqa: S603 - a binary we located, fixed arguments
            [path, "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else None


def _client_candidates(name: str) -> Iterator[Path]:
    if settings.PG_BIN_DIR:
        yield Path(settings.PG_BIN_DIR) / name
    found = shutil.which(name)
    if found:
        yield Path(found)
    try:
        with warnings.catch_warnings():
            # platformdirs warns on import when XDG_RUNTIME_DIR is unset (containers, CI).
            warnings.simplefilter("ignore")
            import pgserver
    except ImportError:  # pragma: no cover - pgserver is a dependency
        return
    yield Path(pgserver.__file__).parent / "pginstall" / "bin" / name


def pg_client(name: str) -> Path:
    """``pg_dump`` or ``pg_restore`` able to talk to the server (see the module docstring)."""
    server = _server_major()
    versions = [
        (path, major)
        for path in dict.fromkeys(_client_candidates(name))
        if path.is_file() and (major := _client_major(str(path))) is not None
    ]
    same = [path for path, major in versions if major == server]
    if same:
        return same[0]
    newer = sorted((major, str(path)) for path, major in versions if major > server)
    if newer:
        return Path(newer[0][1])
    raise BackupError(
        f"Brak programu {name} w wersji {server} lub nowszej (serwer PostgreSQL {server}). "
        "Zainstaluj klienta PostgreSQL albo wskaż jego katalog w zmiennej PG_BIN_DIR."
    )


def _conninfo(dbname: str | None = None) -> str:
    settings_dict = connection.settings_dict
    known = {option.keyword.decode() for option in psycopg.pq.Conninfo.get_defaults()}
    params: dict[str, Any] = {
        "dbname": dbname or settings_dict["NAME"],
        "host": settings_dict.get("HOST") or None,
        "port": str(settings_dict.get("PORT") or "") or None,
        "user": settings_dict.get("USER") or None,
    }
    params.update({k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if k in known})
    return psycopg.conninfo.make_conninfo(
        **{k: v for k, v in params.items() if v not in (None, "")}
    )


def _client_env() -> dict[str, str]:
    """The password goes to the clients through the environment, never on a command line."""
    env = dict(os.environ)
    password = connection.settings_dict.get("PASSWORD")
    if password:
        env["PGPASSWORD"] = str(password)
    return env


def _connect(dbname: str | None = None, **kwargs: Any) -> psycopg.Connection:
    password = connection.settings_dict.get("PASSWORD") or None
    return psycopg.connect(_conninfo(dbname), password=password, **kwargs)


def _run(args: list[str], *, what: str) -> None:
    result = subprocess.run(  # noqa: S603 - located binary, arguments built here
        args, capture_output=True, text=True, env=_client_env(), check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise BackupError(f"{what} nie powiodło się:\n" + "\n".join(detail))


# --- checksums -------------------------------------------------------------------------------


def schema_checksums(cursor: psycopg.Cursor, schema: str) -> dict[str, Any]:
    """Row count and checksum of every table of ``schema`` and the value of every sequence.

    A table's checksum is the MD5 of the sorted MD5s of its rows' text form: independent of
    physical order, equal for equal contents whatever the schema is called."""
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY c.relname",
        [schema],
    )
    tables: dict[str, dict[str, Any]] = {}
    for (table,) in cursor.fetchall():
        cursor.execute(
            sql.SQL(
                "SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '')"
                " FROM (SELECT md5(t::text) AS h FROM {}.{} AS t) AS rows"
            ).format(sql.Identifier(schema), sql.Identifier(table))
        )
        rows, checksum = cursor.fetchone()  # type: ignore[misc]
        tables[table] = {"rows": rows, "checksum": checksum}
    cursor.execute(
        "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = %s"
        " ORDER BY sequencename",
        [schema],
    )
    sequences = {name: value for name, value in cursor.fetchall()}
    return {"tables": tables, "sequences": sequences}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def tenant_media_root(schema_name: str) -> Path:
    """The tenant's media folder (``TenantFileSystemStorage``: MEDIA_ROOT/<schema>/)."""
    relative = settings.MULTITENANT_RELATIVE_MEDIA_ROOT % schema_name
    return Path(settings.MEDIA_ROOT) / relative


def _media_files(root: Path) -> dict[str, dict[str, Any]]:
    if not root.is_dir():
        return {}
    files = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        files[path.relative_to(root).as_posix()] = {
            "size": path.stat().st_size,
            "sha256": _sha256(path),
        }
    return files


# --- backup ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]

    @property
    def total_rows(self) -> int:
        return sum(t["rows"] for t in self.manifest["tables"].values())


def _tenant_metadata(tenant: Tenant) -> dict[str, Any]:
    values = {
        field.name: field.value_from_object(tenant)
        for field in Tenant._meta.concrete_fields
        if field.name not in {"id"}
    }
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _applied_migrations(cursor: psycopg.Cursor, schema: str) -> list[list[str]]:
    cursor.execute(
        sql.SQL("SELECT app, name FROM {}.django_migrations ORDER BY app, name").format(
            sql.Identifier(schema)
        )
    )
    return [[app, name] for app, name in cursor.fetchall()]


def tenant_backup(*, tenant: Tenant, output: Path, progress: Progress = _noop) -> BackupResult:
    """Write the archive of ``tenant`` to ``output`` (see the module docstring)."""
    schema = tenant.schema_name
    if tenant.is_public or not schema_exists(schema):
        raise BackupError(f"Najemca „{tenant.slug}” nie ma własnego schematu do skopiowania.")
    output = Path(output)
    if output.exists():
        raise BackupError(f"Plik {output} już istnieje; wskaż inną nazwę (--output).")
    pg_dump = pg_client("pg_dump")
    label = tenant.slug
    with tempfile.TemporaryDirectory(prefix="tenant-backup-") as tmp:
        dump_path = Path(tmp) / DUMP
        # One read-only snapshot for the checksums and pg_dump: both see the same data.
        with _connect() as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            with conn.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]  # type: ignore[index]
                progress(f"{label}: sumy kontrolne tabel schematu {schema}")
                checksums = schema_checksums(cursor, schema)
                migrations = _applied_migrations(cursor, schema)
                rows = sum(t["rows"] for t in checksums["tables"].values())
                progress(f"{label}: {len(checksums['tables'])} tabel, {rows} wierszy")
                progress(f"{label}: pg_dump ({pg_dump})")
                _run(
                    [
                        str(pg_dump),
                        "--format=custom",
                        f"--schema={schema}",
                        "--no-owner",
                        "--no-privileges",
                        f"--snapshot={snapshot}",
                        f"--file={dump_path}",
                        f"--dbname={_conninfo()}",
                    ],
                    what="Zrzut schematu (pg_dump)",
                )
            conn.rollback()
        media_root = tenant_media_root(schema)
        progress(f"{label}: pliki multimedialne z {media_root}")
        media = _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "source": {
                "schema": schema,
                "slug": tenant.slug,
                "server_major": _server_major(),
                "pg_dump": str(_client_major(str(pg_dump))),
            },
            "tenant": _tenant_metadata(tenant),
            "domains": [
                {"domain": d.domain, "is_primary": d.is_primary}
                for d in Domain.objects.filter(tenant=tenant).order_by("-is_primary", "domain")
            ],
            "migrations": migrations,
            "tables": checksums["tables"],
            "sequences": checksums["sequences"],
            "dump": {"path": DUMP, "size": dump_path.stat().st_size, "sha256": _sha256(dump_path)},
            "media": media,
        }
        progress(
            f"{label}: archiwum {output} (zrzut {manifest['dump']['size']} B, plików: {len(media)})"
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".part")
        with tarfile.open(partial, "w") as archive:
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(body))
            archive.add(dump_path, arcname=DUMP)
            for relative in media:
                archive.add(media_root / relative, arcname=f"{MEDIA}/{relative}")
        os.replace(partial, output)
    progress(f"{label}: gotowe")
    return BackupResult(path=output, manifest=manifest)


# --- restore ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    tenant: Tenant
    domain: str
    tables: int
    rows: int
    media_files: int


def read_manifest(archive_path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive_path) as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read())
    except FileNotFoundError:
        raise BackupError(f"Nie ma pliku {archive_path}.") from None
    except (tarfile.TarError, KeyError, ValueError, OSError) as exc:
        raise BackupError(f"{archive_path} nie jest kopią najemcy ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"Nieznany format kopii: {found!r} (obsługiwany: {FORMAT}).")
    shapes = {
        "source": dict,
        "tenant": dict,
        "domains": list,
        "migrations": list,
        "tables": dict,
        "sequences": dict,
        "dump": dict,
        "media": dict,
    }
    broken = [key for key, shape in shapes.items() if not isinstance(manifest.get(key), shape)]
    schema = manifest.get("source", {}).get("schema") if not broken else None
    try:
        # The name reaches SQL and the clients' arguments: only a valid tenant schema name.
        validate_schema_name(schema if isinstance(schema, str) else "")
    except ValidationError:
        schema = None
    if broken or schema is None:
        raise BackupError(
            f"Manifest kopii {archive_path} jest niekompletny lub uszkodzony"
            f"{' (' + ', '.join(broken) + ')' if broken else ''}."
        )
    return manifest


def _new_tenant(manifest: dict[str, Any], *, slug: str, domain: str, name: str | None) -> Tenant:
    fields = {
        key: value
        for key, value in manifest["tenant"].items()
        if key not in _OWN_FIELDS and key in {f.name for f in Tenant._meta.concrete_fields}
    }
    tenant = Tenant(**fields, slug=slug, schema_name=schema_name_for_slug(slug))
    if name:
        tenant.name = name
    errors: dict[str, list[str]] = {}
    try:
        tenant.full_clean(exclude=["provisioned_at"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if slug in RESERVED_SLUGS:
        errors.setdefault("slug", []).append("Ten identyfikator jest zarezerwowany.")
    if tenant.schema_name and schema_exists(tenant.schema_name):
        errors.setdefault("slug", []).append("Schemat dla tego identyfikatora już istnieje.")
    try:
        Domain(domain=domain).clean()
    except ValidationError as exc:
        errors.setdefault("domain", []).extend(exc.messages)
    if Domain.objects.filter(domain=domain).exists():
        errors.setdefault("domain", []).append(f"Domena {domain} jest już zajęta.")
    if errors:
        raise ValidationError(errors)
    return tenant


def _check_migrations(manifest: dict[str, Any]) -> None:
    """A backup of a newer release (migrations this code does not know) must not be restored."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(tuple(m) for m in manifest["migrations"] if tuple(m) not in known)
    if unknown:
        listed = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            "Kopia pochodzi z nowszej wersji platformy (nieznane migracje: "
            f"{listed}{'…' if len(unknown) > 5 else ''}). Odtwórz ją po aktualizacji."
        )


def _extract(archive_path: Path, manifest: dict[str, Any], workdir: Path) -> tuple[Path, Path]:
    with tarfile.open(archive_path) as archive:
        # The "data" filter refuses absolute paths, "..", links out of the folder, devices.
        archive.extractall(workdir, filter="data")
    dump = workdir / DUMP
    if not dump.is_file() or _sha256(dump) != manifest["dump"]["sha256"]:
        raise BackupError(
            "Zrzut schematu w archiwum jest uszkodzony (suma SHA-256 się nie zgadza)."
        )
    media = workdir / MEDIA
    found = _media_files(media)
    if found != manifest["media"]:
        missing = sorted(set(manifest["media"]) - set(found))
        damaged = sorted(
            k for k in set(found) & set(manifest["media"]) if found[k] != manifest["media"][k]
        )
        extra = sorted(set(found) - set(manifest["media"]))
        raise BackupError(
            "Pliki multimedialne w archiwum nie zgadzają się z manifestem "
            f"(brak: {len(missing)}, uszkodzone: {len(damaged)}, nadmiarowe: {len(extra)})."
        )
    return dump, media


@contextmanager
def _scratch_database() -> Iterator[str]:
    name = f"tenant_restore_{secrets.token_hex(6)}"
    with _connect(autocommit=True) as admin:
        encoding = admin.execute(
            "SELECT pg_encoding_to_char(encoding) FROM pg_database"
            " WHERE datname = current_database()"
        ).fetchone()[0]  # type: ignore[index]
        try:
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING {}").format(
                    sql.Identifier(name), sql.Literal(encoding)
                )
            )
        except psycopg.errors.InsufficientPrivilege:
            raise BackupError(
                "Odtworzenie pod nową nazwą wymaga tymczasowej bazy danych, a rola bazy nie ma "
                "uprawnienia CREATEDB (ALTER ROLE … CREATEDB)."
            ) from None
    try:
        yield name
    finally:
        with _connect(autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _renamed_dump(dump: Path, *, old: str, new: str, workdir: Path, progress: Progress) -> Path:
    """A dump of the same schema named ``new`` (restore, rename and dump in a scratch DB)."""
    pg_restore, pg_dump = pg_client("pg_restore"), pg_client("pg_dump")
    renamed = workdir / "renamed.dump"
    with _scratch_database() as scratch:
        progress(f"baza tymczasowa {scratch}: pg_restore")
        _run(
            [
                str(pg_restore),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={_conninfo(scratch)}",
                str(dump),
            ],
            what="Odtworzenie w bazie tymczasowej (pg_restore)",
        )
        progress(f"baza tymczasowa {scratch}: zmiana nazwy schematu {old} → {new}")
        with _connect(scratch, autocommit=True) as conn:
            conn.execute(
                sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                    sql.Identifier(old), sql.Identifier(new)
                )
            )
        _run(
            [
                str(pg_dump),
                "--format=custom",
                f"--schema={new}",
                "--no-owner",
                "--no-privileges",
                f"--file={renamed}",
                f"--dbname={_conninfo(scratch)}",
            ],
            what="Zrzut schematu po zmianie nazwy (pg_dump)",
        )
    return renamed


def _compare(manifest: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    problems = []
    expected_tables, actual_tables = manifest["tables"], actual["tables"]
    for table in sorted(set(expected_tables) | set(actual_tables)):
        if expected_tables.get(table) != actual_tables.get(table):
            problems.append(
                f"{table}: oczekiwano {expected_tables.get(table)}, jest {actual_tables.get(table)}"
            )
    if manifest["sequences"] != actual["sequences"]:
        problems.append("wartości sekwencji się różnią")
    return problems


def _drop_schema(schema: str) -> None:
    with _connect(autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def _needs_migrations(schema: str) -> bool:
    from django.db.migrations.executor import MigrationExecutor

    with schema_context(schema):
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def tenant_restore(
    *,
    archive: Path,
    slug: str,
    domain: str | None = None,
    name: str | None = None,
    progress: Progress = _noop,
) -> RestoreResult:
    """Restore the archive as a new tenant ``slug`` on ``domain`` (default
    ``<slug>.<PLATFORM_DOMAIN>``); the source tenant, if it still exists, is not touched.

    Bad input (a damaged archive, a taken slug or domain, a backup of a newer release) raises
    ``ValidationError`` or ``BackupError`` before anything is written; a failure later removes
    everything the restore created."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    domain = (domain or platform_host_for(slug)).strip().lower()
    tenant = _new_tenant(manifest, slug=slug, domain=domain, name=name)
    _check_migrations(manifest)
    old_schema, new_schema = manifest["source"]["schema"], tenant.schema_name
    media_root = tenant_media_root(new_schema)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"Katalog multimediów {media_root} nie jest pusty.")
    progress(f"{slug}: kopia najemcy „{manifest['source']['slug']}” z {manifest['created_at']}")
    created_schema = created_media = False
    with tempfile.TemporaryDirectory(prefix="tenant-restore-") as tmp:
        workdir = Path(tmp)
        progress(f"{slug}: rozpakowanie i sprawdzenie archiwum")
        dump, media = _extract(archive, manifest, workdir)
        dump = _renamed_dump(
            dump, old=old_schema, new=new_schema, workdir=workdir, progress=progress
        )
        try:
            progress(f"{slug}: pg_restore do schematu {new_schema}")
            _run(
                [
                    str(pg_client("pg_restore")),
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={_conninfo()}",
                    str(dump),
                ],
                what="Odtworzenie schematu (pg_restore)",
            )
            created_schema = True  # one transaction: before this, nothing was created
            progress(f"{slug}: porównanie liczby wierszy i sum kontrolnych")
            with _connect() as conn, conn.cursor() as cursor:
                actual = schema_checksums(cursor, new_schema)
            problems = _compare(manifest, actual)
            if problems:
                raise BackupError(
                    "Odtworzone dane różnią się od kopii:\n" + "\n".join(problems[:10])
                )
            rows = sum(t["rows"] for t in actual["tables"].values())
            progress(f"{slug}: {len(actual['tables'])} tabel, {rows} wierszy — zgodne z kopią")
            progress(f"{slug}: pliki multimedialne ({len(manifest['media'])}) → {media_root}")
            created_media = True
            shutil.copytree(media, media_root, dirs_exist_ok=True)
            if _media_files(media_root) != manifest["media"]:
                raise BackupError("Skopiowane pliki multimedialne różnią się od kopii.")
            if _needs_migrations(new_schema):
                from django.core.management import call_command

                progress(f"{slug}: migracje do bieżącej wersji")
                call_command(
                    "migrate_schemas",
                    tenant=True,
                    schema_name=new_schema,
                    interactive=False,
                    verbosity=0,
                )
                connection.set_schema_to_public()  # type: ignore[attr-defined]
            with transaction.atomic():
                tenant.provisioned_at = timezone.now()
                tenant.save()
                Domain.objects.create(domain=domain, tenant=tenant, is_primary=True)
                old_hostnames = [d["domain"] for d in manifest["domains"]]
                with schema_context(new_schema):
                    for extension in extensions.restore_setup:
                        progress(f"{slug}: {extension.name}: {', '.join(old_hostnames)} → {domain}")
                        extension.func(old_hostnames=old_hostnames, hostname=domain)
        except BaseException:
            connection.set_schema_to_public()  # type: ignore[attr-defined]
            if created_schema:
                _drop_schema(new_schema)
            if created_media and media_root.exists():
                shutil.rmtree(media_root)
            raise
    progress(f"{slug}: gotowe — http://{domain}/")
    return RestoreResult(
        tenant=tenant,
        domain=domain,
        tables=len(actual["tables"]),
        rows=rows,
        media_files=len(manifest["media"]),
    )
