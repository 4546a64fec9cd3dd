"""Cursor pagination, updated_since, the changes feed with tombstones, and delta sync that
never misses a transaction that began first and committed last."""

from __future__ import annotations

import threading
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from api.keys import key_generate
from registry.models import Organisation, OrganisationStatus
from registry.services import organisation_delete, organisation_update
from tests.api.conftest import api_get, org_create

pytestmark = pytest.mark.django_db


def _walk(slug: str, key: str, path: str = "organisations/", **params) -> list[dict]:
    seen: list[dict] = []
    cursor = None
    for _ in range(100):
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        body = api_get(slug, path, key, **query).json()
        seen += body["results"]
        cursor = body["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("the walk did not end")


def test_pages_walk_every_row_once_in_updated_at_order(tenant_a, key_a):
    orgs = [org_create(tenant_a, name=f"Spółdzielnia {i}") for i in range(7)]
    first = api_get("czestochowa", "organisations/", key_a.key, limit=3).json()
    assert len(first["results"]) == 3
    assert first["next"].startswith("http://czestochowa.")
    assert "cursor=" in first["next"]
    rows = _walk("czestochowa", key_a.key, limit=3)
    assert [r["id"] for r in rows] == [o.pk for o in orgs]
    stamps = [(r["updated_at"], r["id"]) for r in rows]
    assert stamps == sorted(stamps)


def test_cursor_is_stable_under_concurrent_inserts(tenant_a, key_a):
    orgs = [org_create(tenant_a, name=f"Fundacja {i}") for i in range(4)]
    page = api_get("czestochowa", "organisations/", key_a.key, limit=2).json()
    # Between pages: new rows arrive and one already seen is updated.
    late = [org_create(tenant_a, name=f"Nowa {i}") for i in range(2)]
    with tenant_context(tenant_a):
        organisation_update(organisation=orgs[0], name="Fundacja 0 (zmieniona)")
    rest = _walk("czestochowa", key_a.key, limit=2, cursor=page["next_cursor"])
    ids = [r["id"] for r in page["results"] + rest]
    # Each original row at least once, nothing twice except the one that moved forward,
    # and the new rows at the end (they are newer than the cursor).
    assert ids == [
        orgs[0].pk,
        orgs[1].pk,
        orgs[2].pk,
        orgs[3].pk,
        late[0].pk,
        late[1].pk,
        orgs[0].pk,
    ]


def test_updated_since_filters_every_list(tenant_a, key_a):
    old = org_create(tenant_a, name="Stara")
    with tenant_context(tenant_a):
        Organisation.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3))
    new = org_create(tenant_a, name="Nowa")
    since = (timezone.now() - timedelta(days=1)).isoformat()
    rows = _walk("czestochowa", key_a.key, updated_since=since)
    assert [r["id"] for r in rows] == [new.pk]
    for path in ("partnerships/", "projects/", "news/", "events/"):
        response = api_get("czestochowa", path, key_a.key, updated_since=since)
        assert response.status_code == 200, path


def test_submitted_organisations_are_not_served(tenant_a, key_a):
    org_create(tenant_a, name="Zgłoszona z formularza", status=OrganisationStatus.SUBMITTED)
    assert api_get("czestochowa", "organisations/", key_a.key).json()["results"] == []
    changes = api_get("czestochowa", "changes/", key_a.key).json()["results"]
    assert [c for c in changes if c["resource"] == "organisations"] == []


def _feed(key: str, cursor: str | None = None, slug: str = "czestochowa") -> dict:
    params = {"cursor": cursor} if cursor else {}
    response = api_get(slug, "changes/", key, limit=1000, **params)
    assert response.status_code == 200, response.content
    return response.json()


def _orgs(feed: dict) -> list[tuple[int, str]]:
    return [(c["id"], c["action"]) for c in feed["results"] if c["resource"] == "organisations"]


def test_changes_feed_reports_updates_and_tombstones(tenant_a, key_a):
    org = org_create(tenant_a, name="Do usunięcia", certificates=[{"name": "Znak", "year": 2020}])
    first = _feed(key_a.key)
    assert _orgs(first) == [(org.pk, "upsert")]
    entry = next(c for c in first["results"] if c["resource"] == "organisations")
    assert entry["data"]["certificates"] == [{"name": "Znak", "category": "", "year": 2020}]
    with tenant_context(tenant_a):
        organisation_delete(organisation=org)
    # The test runs in one transaction, which the feed treats as its own: a fresh walk
    # from the start now reports the tombstone.
    again = _feed(key_a.key)
    assert _orgs(again) == [(org.pk, "delete")]
    tomb = next(c for c in again["results"] if c["resource"] == "organisations")
    assert tomb["data"] is None
    assert tomb["deleted_at"].endswith("Z")


def test_sync_token_of_a_full_sync_leads_to_the_changes_after_it(tenant_a, key_a):
    body = api_get("czestochowa", "organisations/", key_a.key).json()
    token = body["sync_token"]
    org = org_create(tenant_a, name="Po pełnej synchronizacji")
    assert _orgs(_feed(key_a.key, token)) == [(org.pk, "upsert")]


def test_changes_feed_is_limited_to_the_key_scopes(tenant_a, key_factory, canaries):
    key = key_factory(tenant_a, scopes=["projects:read"])
    feed = _feed(key.key)
    assert {c["resource"] for c in feed["results"]} <= {"projects"}
    assert "Kanarek" not in str(feed)


# --- two overlapping transactions ----------------------------------------------------------


def _connect() -> psycopg.Connection:
    s = connection.settings_dict
    params = {
        "dbname": s["NAME"],
        "user": s.get("USER") or None,
        "password": s.get("PASSWORD") or None,
        "host": s.get("HOST") or None,
        "port": s.get("PORT") or None,
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v})


_INSERT_ORG = """
INSERT INTO registry_organisation (name, short_name, legal_form, krs, nip, regon, is_opp,
    description, street, postal_code, city, teryt, email, phone, contact_person, website,
    founders, status, published_at, external_ids, created_at, updated_at)
VALUES (%s, '', 'fundacja', '', '', '', false, '', '', '', 'Częstochowa', '', '', '', '', '',
    '', 'published', now(), '{}'::jsonb, now(), now())
RETURNING id
"""


@pytest.fixture
def committed(tenant_a):
    """Rows committed by a separate connection (visible to every transaction), and a key whose
    last use is fresh, so that the polls below write nothing in the test's own transaction."""
    conn = _connect()
    conn.autocommit = True
    schema = tenant_a.schema_name
    conn.execute(f'SET search_path TO "{schema}", public')
    new = key_generate()
    client_id = conn.execute(
        "INSERT INTO api_apiclient (name, contact_email, scopes, created_at, last_used_at)"
        " VALUES ('Obserwatorium', 'it@example.pl', ARRAY['organisations:read'], now(), now())"
        " RETURNING id"
    ).fetchone()[0]
    conn.execute(
        "INSERT INTO api_apikey (client_id, prefix, secret_sha256, created_at)"
        " VALUES (%s, %s, %s, now())",
        [client_id, new.prefix, new.secret_sha256],
    )
    a = conn.execute(_INSERT_ORG, ["Wiersz A"]).fetchone()[0]
    b = conn.execute(_INSERT_ORG, ["Wiersz B"]).fetchone()[0]
    try:
        yield {"schema": schema, "key": new.key, "a": a, "b": b}
    finally:
        conn.execute("DELETE FROM registry_organisation WHERE id IN (%s, %s)", [a, b])
        conn.execute("DELETE FROM api_apikey WHERE client_id = %s", [client_id])
        conn.execute("DELETE FROM api_apiclient WHERE id = %s", [client_id])
        conn.close()


def _in_thread(target) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def test_a_transaction_that_commits_late_is_never_skipped(committed):
    schema, key = committed["schema"], committed["key"]
    start = _feed(key)
    assert {i for i, _ in _orgs(start)} >= {committed["a"], committed["b"]}
    cursor = start["next_cursor"]

    t1_updated, t1_commit, t1_done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def t1() -> None:  # begins first, updates A, commits last
        try:
            with _connect() as conn:
                conn.execute(f'SET search_path TO "{schema}", public')
                conn.execute(
                    "UPDATE registry_organisation SET name = 'Wiersz A (T1)', updated_at = now()"
                    " WHERE id = %s",
                    [committed["a"]],
                )
                t1_updated.set()
                t1_commit.wait(30)
                conn.commit()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            t1_updated.set()
            t1_done.set()

    def t2() -> None:  # begins later, updates B, commits at once
        try:
            with _connect() as conn:
                conn.execute(f'SET search_path TO "{schema}", public')
                conn.execute(
                    "UPDATE registry_organisation SET name = 'Wiersz B (T2)', updated_at = now()"
                    " WHERE id = %s",
                    [committed["b"]],
                )
                conn.commit()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread1 = _in_thread(t1)
    assert t1_updated.wait(30)
    _in_thread(t2).join(30)
    assert not errors

    # The naive updated_at walk already shows B, committed after A was written: a client
    # keeping the newest updated_at as its mark would skip A for ever.
    listing = api_get("czestochowa", "organisations/", key).json()["results"]
    names = {r["id"]: r["name"] for r in listing}
    assert names[committed["b"]] == "Wiersz B (T2)"
    assert names[committed["a"]] == "Wiersz A"

    # The feed holds everything back while T1 (older) is in flight.
    during = _feed(key, cursor)
    assert _orgs(during) == []
    cursor = during["next_cursor"]

    t1_commit.set()
    assert t1_done.wait(30)
    thread1.join(30)
    assert not errors

    after = _feed(key, cursor)
    changed = {c["id"]: c["data"]["name"] for c in after["results"]}
    assert changed == {committed["a"]: "Wiersz A (T1)", committed["b"]: "Wiersz B (T2)"}
    # Caught up: polling again yields nothing new.
    assert _feed(key, after["next_cursor"])["results"] == []


@pytest.mark.parametrize(
    ("xid32", "xmax", "full"),
    [
        (20, 10, 20),  # the reader's own transaction may be past the snapshot's xmax
        (5, 2**32 + 10, 2**32 + 5),  # same epoch
        (2**32 - 6, 2**32 + 10, 2**32 - 6),  # the previous epoch, across the wrap-around
        (100, 2**33 + 50, 2**33 + 100),
        (2, 2**33 + 50, 0),  # frozen rows read as transaction 2: older than any cursor
    ],
)
def test_row_transaction_ids_are_widened_to_64_bits(xid32, xmax, full):
    from api.selectors import _FULL_XID

    with connection.cursor() as cursor:
        cursor.execute(
            "WITH b AS (SELECT %s::bigint AS xmax), t AS (SELECT %s::text::xid AS xmin) "
            f"SELECT {_FULL_XID.format(t='t')} FROM t, b",
            [xmax, xid32],
        )
        assert cursor.fetchone()[0] == full
