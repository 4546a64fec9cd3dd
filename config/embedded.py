"""Embedded PostgreSQL (the ``pgserver`` wheel) for machines with nothing but Python.

Used only when ``DATABASE_URL`` is not set. The data folder lives inside the project
(git-ignored) and the server keeps running between commands, so the next run reuses it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

DEFAULT_DB_NAME = "ekonomia"


def embedded_database(data_dir: Path, db_name: str = DEFAULT_DB_NAME) -> dict[str, str]:
    """Start (or reuse) the embedded server; return Django connection settings for ``db_name``."""
    import warnings

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); harmless here.
        warnings.simplefilter("ignore")
        import pgserver  # imported lazily: only the embedded mode needs it

    data_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = pgserver.get_server(str(data_dir), cleanup_mode=None)
    uri = urlparse(server.get_uri())
    socket_dir = parse_qs(uri.query)["host"][0]
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", db_name):
        raise ValueError(f"Invalid embedded database name: {db_name!r}")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{db_name}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{db_name}";')
    return {"NAME": db_name, "USER": "postgres", "PASSWORD": "", "HOST": socket_dir, "PORT": ""}


def database_config(base_dir: Path, *, allow_embedded: bool = True) -> dict[str, Any]:
    """Connection settings: from DATABASE_URL when set, else the embedded server."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        import environ

        return dict(environ.Env.db_url_config(url))
    if not allow_embedded:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("DATABASE_URL must be set: the embedded database is disabled.")
    data_dir = Path(os.environ.get("EMBEDDED_PGDATA", base_dir / ".pgdata"))
    return dict(embedded_database(data_dir, os.environ.get("EMBEDDED_DB_NAME", DEFAULT_DB_NAME)))


def stop(data_dir: Path) -> None:
    """Stop the embedded server running from ``data_dir`` (if any)."""
    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

    if (data_dir / "postmaster.pid").exists():
        # pgserver runs the server as the "pgserver" system user when started by root.
        user = "pgserver" if os.geteuid() == 0 else None
        pg_ctl(["-w", "stop", "-m", "fast"], pgdata=data_dir, user=user)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["stop"]:
        stop(
            Path(
                os.environ.get(
                    "EMBEDDED_PGDATA", Path(__file__).resolve().parent.parent / ".pgdata"
                )
            )
        )
    else:
        sys.exit("usage: python -m config.embedded stop")
