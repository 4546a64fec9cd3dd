"""Fast cloning of the migrated template schema into a new tenant schema.

django-tenants ships a general-purpose ``clone_schema`` PL/pgSQL function that re-creates
itself on every call and walks the catalog object by object; for a Wagtail schema that takes
most of a second. Our schemas are made only by Django migrations, so the set of object kinds is
small and known: tables (columns, defaults, identity and generated columns), sequences,
constraints and indexes, plus the rows the migrations inserted (``django_migrations``, content
types, permissions, Wagtail's root page and locale...).

The DDL of the template is read from the catalog once and cached against a fingerprint of the
template's migration state; a clone is then one round trip that replays it (and copies the rows)
inside the caller's transaction, so a failure leaves nothing behind. Any object kind we do not
know how to copy (views, triggers, functions, types...) makes planning fail loudly instead of
producing a clone that differs from a migrated schema; ``tests/tenants/test_schema_clone.py``
compares a clone with a freshly migrated schema.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from django.db import connection, transaction


class CloneError(RuntimeError):
    pass


@dataclass(frozen=True)
class ClonePlan:
    source: str
    fingerprint: tuple[object, ...]
    sql: str  # statements to run with search_path = the new schema (names unqualified)
    table_count: int


_plans: dict[tuple[str, str], ClonePlan] = {}
_lock = threading.Lock()


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _fingerprint(cursor, source: str) -> tuple[object, ...]:
    cursor.execute(
        f"SELECT (SELECT count(*) FROM {_q(source)}.django_migrations),"
        f" (SELECT max(id) FROM {_q(source)}.django_migrations),"
        " (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        "  WHERE n.nspname = %s),"
        " (SELECT coalesce(max(c.oid::bigint), 0) FROM pg_class c JOIN pg_namespace n"
        "  ON n.oid = c.relnamespace WHERE n.nspname = %s)",
        [source, source],
    )
    return tuple(cursor.fetchone())


_UNSUPPORTED = {
    "views": "SELECT c.relname FROM pg_class c WHERE c.relnamespace = %s::regnamespace"
    " AND c.relkind IN ('v', 'm', 'p', 'f')",
    "functions": "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = %s::regnamespace",
    "types": "SELECT t.typname FROM pg_type t WHERE t.typnamespace = %s::regnamespace"
    " AND t.typtype NOT IN ('c', 'b') AND t.typrelid = 0",
    "triggers": "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
    " WHERE c.relnamespace = %s::regnamespace AND NOT t.tgisinternal",
    "statistics": "SELECT s.stxname FROM pg_statistic_ext s"
    " WHERE s.stxnamespace = %s::regnamespace",
    "policies": "SELECT p.polname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid"
    " WHERE c.relnamespace = %s::regnamespace",
}


def _build_plan(cursor, source: str) -> list[str]:
    """Read the template's catalog and return DDL + data statements for a new schema.

    Runs with ``search_path`` set to the source schema, so that ``pg_get_*`` functions print
    names in that schema unqualified; the statements then resolve against the new schema.
    """
    for kind, query in _UNSUPPORTED.items():
        cursor.execute(query, [source])
        found = [r[0] for r in cursor.fetchall()]
        if found:
            raise CloneError(
                f"Template schema {source!r} has {kind} the cloner cannot copy: {found}"
            )

    statements: list[str] = []

    # Sequences that are not identity sequences (identity ones come with their column).
    cursor.execute(
        """
        SELECT c.relname, format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax,
               s.seqstart, s.seqcache, s.seqcycle
        FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
        WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'S'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i')
        ORDER BY c.relname
        """,
        [source],
    )
    plain_sequences = cursor.fetchall()
    for name, typ, inc, smin, smax, start, cache, cycle in plain_sequences:
        statements.append(
            f"CREATE SEQUENCE {_q(name)} AS {typ} INCREMENT BY {inc} MINVALUE {smin} "
            f"MAXVALUE {smax} START WITH {start} CACHE {cache}{' CYCLE' if cycle else ''}"
        )

    # Tables and their columns.
    cursor.execute(
        """
        SELECT c.oid, c.relname, c.relpersistence FROM pg_class c
        WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r' ORDER BY c.relname
        """,
        [source],
    )
    tables = cursor.fetchall()
    cursor.execute(
        """
        SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               a.attidentity, a.attgenerated, pg_get_expr(ad.adbin, ad.adrelid),
               CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0
                    THEN (SELECT quote_ident(co.collname) FROM pg_collation co
                          WHERE co.oid = a.attcollation) END,
               seq.relname, s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache, s.seqcycle,
               col_description(a.attrelid, a.attnum)
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        LEFT JOIN pg_depend d ON a.attidentity <> '' AND d.refobjid = a.attrelid
             AND d.refobjsubid = a.attnum AND d.deptype = 'i' AND d.classid = 'pg_class'::regclass
        LEFT JOIN pg_class seq ON seq.oid = d.objid
        LEFT JOIN pg_sequence s ON s.seqrelid = seq.oid
        WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r'
          AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        """,
        [source],
    )
    columns: dict[int, list[tuple]] = {}
    for row in cursor.fetchall():
        columns.setdefault(row[0], []).append(row[1:])

    identity_sequences: list[str] = []
    copy_columns: dict[str, list[str]] = {}
    for oid, table, persistence in tables:
        defs = []
        insertable = []
        for (
            name,
            typ,
            notnull,
            identity,
            generated,
            default,
            collation,
            seqname,
            inc,
            smin,
            smax,
            start,
            cache,
            cycle,
            _comment,
        ) in columns[oid]:
            col = f"{_q(name)} {typ}"
            if collation:
                col += f" COLLATE {collation}"
            if generated == "s":
                col += f" GENERATED ALWAYS AS ({default}) STORED"
            elif default is not None:
                col += f" DEFAULT {default}"
            if notnull:
                col += " NOT NULL"
            if identity:
                kind = "ALWAYS" if identity == "a" else "BY DEFAULT"
                col += (
                    f" GENERATED {kind} AS IDENTITY (SEQUENCE NAME {_q(seqname)} "
                    f"INCREMENT BY {inc} MINVALUE {smin} MAXVALUE {smax} START WITH {start} "
                    f"CACHE {cache}{' CYCLE' if cycle else ' NO CYCLE'})"
                )
                identity_sequences.append(seqname)
            defs.append(col)
            if generated != "s":
                insertable.append(_q(name))
        unlogged = "UNLOGGED " if persistence == "u" else ""
        statements.append(f"CREATE {unlogged}TABLE {_q(table)} ({', '.join(defs)})")
        copy_columns[table] = insertable

    # Rows the migrations left in the template (only tables that have any).
    if tables:
        probes = " UNION ALL ".join(
            f"SELECT {i} FROM (SELECT 1 FROM {_q(source)}.{_q(t)} LIMIT 1) x{i}"
            for i, (_oid, t, _p) in enumerate(tables)
        )
        cursor.execute(probes)
        with_rows = {tables[r[0]][1] for r in cursor.fetchall()}
    else:
        with_rows = set()
    for _oid, table, _p in tables:
        if table in with_rows:
            cols = ", ".join(copy_columns[table])
            statements.append(
                f"INSERT INTO {_q(table)} ({cols}) OVERRIDING SYSTEM VALUE "
                f"SELECT {cols} FROM {_q(source)}.{_q(table)}"
            )
    # Sequence positions, read from the template at clone time.
    for seq in [row[0] for row in plain_sequences] + identity_sequences:
        statements.append(
            f"SELECT pg_catalog.setval({_literal(_q(seq))}, last_value, is_called) "
            f"FROM {_q(source)}.{_q(seq)}"
        )

    # Constraints: keys and checks first, then foreign keys (which need the keys).
    cursor.execute(
        """
        SELECT rel.relname, con.conname, pg_get_constraintdef(con.oid), con.contype
        FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
        WHERE rel.relnamespace = %s::regnamespace AND con.contype IN ('p', 'u', 'c', 'x', 'f')
        ORDER BY CASE con.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'x' THEN 2
                 WHEN 'c' THEN 3 ELSE 4 END, rel.relname, con.conname
        """,
        [source],
    )
    for table, name, definition, _contype in cursor.fetchall():
        statements.append(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {definition}")

    # Indexes that do not back a constraint.
    cursor.execute(
        """
        SELECT pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.relnamespace = %s::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid
                          AND con.contype IN ('p', 'u', 'x'))
        ORDER BY c.relname
        """,
        [source],
    )
    # pg_get_indexdef always qualifies the table; print it as quote_ident() would.
    on_source = re.compile(
        r" ON (ONLY )?(" + re.escape(_q(source)) + "|" + re.escape(source) + r")\."
    )
    for (definition,) in cursor.fetchall():
        statements.append(on_source.sub(r" ON \1", definition, count=1))

    # Ownership of plain sequences (serial columns).
    cursor.execute(
        """
        SELECT seq.relname, tbl.relname, a.attname
        FROM pg_depend d
        JOIN pg_class seq ON seq.oid = d.objid AND seq.relkind = 'S'
        JOIN pg_class tbl ON tbl.oid = d.refobjid
        JOIN pg_attribute a ON a.attrelid = tbl.oid AND a.attnum = d.refobjsubid
        WHERE seq.relnamespace = %s::regnamespace AND d.deptype = 'a'
        """,
        [source],
    )
    for seq, table, column in cursor.fetchall():
        statements.append(f"ALTER SEQUENCE {_q(seq)} OWNED BY {_q(table)}.{_q(column)}")

    # Comments (db_comment on models and fields).
    cursor.execute(
        """
        SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c
        WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r'
          AND obj_description(c.oid, 'pg_class') IS NOT NULL
        """,
        [source],
    )
    for table, comment in cursor.fetchall():
        statements.append(f"COMMENT ON TABLE {_q(table)} IS {_literal(comment)}")
    for oid, table, _p in tables:
        for row in columns[oid]:
            if row[-1] is not None:
                statements.append(
                    f"COMMENT ON COLUMN {_q(table)}.{_q(row[0])} IS {_literal(row[-1])}"
                )
    return statements


def _forget_search_path() -> None:
    """set_config() moved the session's search_path behind the backend's back: make the next
    cursor issue SET search_path again, for the public schema."""
    connection.forget_search_path()  # type: ignore[attr-defined]
    connection.set_schema_to_public()  # type: ignore[attr-defined]


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def clone_plan(source: str) -> ClonePlan:
    """The (cached) plan for cloning ``source``; rebuilt when the template's migrations change."""
    with connection.cursor() as cursor:
        fingerprint = _fingerprint(cursor, source)
    key = (connection.alias, source)
    plan = _plans.get(key)
    if plan is not None and plan.fingerprint == fingerprint:
        return plan
    with _lock, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('search_path', %s, true)", [_q(source)])
        try:
            statements = _build_plan(cursor, source)
        finally:
            _forget_search_path()
        table_count = sum(
            1 for s in statements if s.startswith(("CREATE TABLE", "CREATE UNLOGGED"))
        )
        plan = ClonePlan(source, fingerprint, ";\n".join(statements), table_count)
        _plans[key] = plan
    return plan


def clone_schema(source: str, target: str) -> ClonePlan:
    """Create schema ``target`` as a copy of ``source`` (structure and rows), atomically.

    Must be called inside ``transaction.atomic()``: the caller decides what else belongs to the
    same all-or-nothing unit (the tenant row, its site, its first user).
    """
    if not connection.in_atomic_block:
        raise CloneError("clone_schema() must run inside transaction.atomic()")
    plan = clone_plan(source)
    quoted = _q(target)
    sql = (
        f"CREATE SCHEMA {quoted};\n"
        f"SELECT set_config('search_path', {_literal(quoted)}, true);\n" + plan.sql
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
    _forget_search_path()

    return plan
