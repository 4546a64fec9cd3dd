"""Issue 11: the isolation and authorisation matrix.

Every URL pattern of both URL confs × every role × the canaries planted in both tenants (a
public, a private and a draft object of each kind). The rules — which concrete URLs a pattern
gets and what each role must receive — are in ``matrix_rules.py``; a pattern without a rule
fails here, so a new URL joins the matrix as soon as it is routed.

The canaries are planted once for the module inside a transaction that is rolled back at the
end (each test runs in a savepoint of it), and the role clients are signed in once with
``force_login``; the host is tenant A (czestochowa), the other tenant B (bydgoszcz), whose
canaries carry the same slugs, so a missing tenant filter would show B's secret on A's URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client, override_settings
from django_tenants.utils import tenant_context

from tenants.models import Tenant
from tests.conftest import host_of
from tests.security import matrix_rules as rules
from tests.security.matrix_canaries import PUBLIC, World, build_tenant

HOST, OTHER_TENANT = "czestochowa", "bydgoszcz"
ROUTES = rules.all_routes()
ROLES = rules.roles()


def _public_schema() -> None:
    cast(Any, connection).set_schema_to_public()


def _client(host: str) -> Client:
    # A view that fails answers 500 here (checked like any status) instead of raising.
    return Client(HTTP_HOST=host, raise_request_exception=False)


def _signed_in(host: str, user: Any, tenant: Tenant | None) -> Client:
    client = _client(host)
    # force_login runs django-axes' login signal, which needs a client address it has not.
    with override_settings(AXES_ENABLED=False):
        if tenant is None:
            _public_schema()
            client.force_login(user)
        else:
            with tenant_context(tenant):
                client.force_login(user)
    _public_schema()
    return client


class Matrix:
    def __init__(self, world: World, clients: dict[tuple[str, str], Client]):
        self.world = world
        self.clients = clients
        self.cookies = {
            key: client.cookies.get(settings.SESSION_COOKIE_NAME) for key, client in clients.items()
        }
        self.ctx = rules.Ctx(own=world.tenants[HOST], other=world.tenants[OTHER_TENANT])

    def client(self, urlconf: str, role: str) -> Client:
        """The role's client with its session cookie as it was signed in (a test may log out)."""
        client = self.clients[(urlconf, role)]
        client.cookies.clear()
        cookie = self.cookies[(urlconf, role)]
        if cookie is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = cookie.value
        return client


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker) -> Iterator[Matrix]:
    tenants: dict[str, Tenant] = {}
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            tenants.update({s: Tenant.objects.get(slug=s) for s in (HOST, OTHER_TENANT)})
            world = World(tenants={slug: build_tenant(t) for slug, t in tenants.items()})
            _public_schema()
            users = get_user_model().objects
            operator = users.create_superuser("matrix-operator", "operator@example.pl", "x")
            staff = users.create_user("matrix-staff", "staff@example.pl", "x", is_staff=True)
            own, other = world.tenants[HOST], world.tenants[OTHER_TENANT]
            tenant_host, platform_host = host_of(HOST), settings.PLATFORM_DOMAIN
            other_editor = _signed_in(host_of(OTHER_TENANT), other.users["admin"], other.tenant)
            tenant_admin = _signed_in(tenant_host, own.users["admin"], own.tenant)
            clients = {
                (rules.TENANT, rules.ANON): _client(tenant_host),
                (rules.TENANT, rules.OTHER): _client(tenant_host),
                (rules.TENANT, rules.NO_PERM): _signed_in(
                    tenant_host, own.users["editor_no_perm"], own.tenant
                ),
                (rules.TENANT, rules.EDITOR): tenant_admin,
                (rules.PLATFORM, rules.ANON): _client(platform_host),
                (rules.PLATFORM, rules.OTHER): _client(platform_host),
                (rules.PLATFORM, rules.NO_PERM): _signed_in(platform_host, staff, None),
                (rules.PLATFORM, rules.EDITOR): _signed_in(platform_host, operator, None),
            }
            # Another tenant's editor: its session cookie, carried to this host.
            for conf in (rules.TENANT, rules.PLATFORM):
                clients[(conf, rules.OTHER)].cookies = other_editor.cookies
            for role in rules.API_ROLES:
                if role.available():
                    for conf, host in (
                        (rules.TENANT, tenant_host),
                        (rules.PLATFORM, platform_host),
                    ):
                        clients[(conf, role.name)] = role.make_client(world, host)
            matrix = Matrix(world, clients)
            matrix.cookies[(rules.PLATFORM, rules.OTHER)] = tenant_admin.cookies.get(
                settings.SESSION_COOKIE_NAME
            )
            yield matrix
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            _public_schema()
            _remove_uploads(tenants)


def _remove_uploads(tenants: dict[str, Tenant]) -> None:
    """Uploads are not rolled back with the rows: the canaries' files go by hand."""
    for tenant in tenants.values():
        for folder in ("documents", "original_images", "images"):
            for path in (Path(settings.MEDIA_ROOT) / tenant.schema_name / folder).glob("*"):
                if "protokol-" in path.name or "zdjecie-matryca" in path.name:
                    path.unlink()


def _body(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", errors="replace").lower()


def _check(matrix: Matrix, urlconf: str, role: str, case: rules.Case) -> list[str]:
    """What is wrong with the response to ``case`` for ``role`` ([] when nothing)."""
    stats = rules.STATS
    expected = case.expect.get(role)
    if expected is None and role in rules.API_ROLE_NAMES:
        expected = case.expect.get(rules.ANON)  # outside the API a key is no credential
    if expected is None:
        return [f"{case.url}: no expectation for role {role}"]
    response = matrix.client(urlconf, role).get(case.url)
    stats.cases += 1
    stats.urls.add(f"{urlconf}:{case.url}")
    problems = []
    body = _body(response)
    stats.checks["status"] += 1
    if response.status_code not in expected.statuses:
        problems.append(f"{case.url}: {response.status_code}, expected {expected}")
    if expected.redirect_to and response.status_code in (301, 302):
        stats.checks["redirect"] += 1
        if not response["Location"].startswith(expected.redirect_to):
            problems.append(f"{case.url}: redirects to {response['Location']}, expected {expected}")
    titles = {c.secret: c.title.lower() for c in matrix.world.canaries}

    def needle(secret: str) -> str:
        return titles[secret] if secret == case.echo and titles.get(secret) else secret

    for secret in expected.shows:
        stats.checks["visible"] += 1
        if needle(secret) not in body:
            problems.append(f"{case.url}: {secret} not shown (expected {expected})")
    own = matrix.ctx.own.tenant.slug
    for canary in matrix.world.canaries:
        stats.canaries.add(canary.label)
        if canary.tenant != own:
            stats.checks["isolation"] += 1
            if needle(canary.secret) in body:
                problems.append(f"{case.url}: shows another tenant's {canary.label}")
        elif (
            canary.visibility != PUBLIC
            and not expected.sees_hidden
            and canary.secret not in expected.may_show
        ):
            stats.checks["hidden"] += 1
            if needle(canary.secret) in body:
                problems.append(f"{case.url}: shows {canary.label} to {role}")
    return problems


def test_every_url_pattern_has_a_rule():
    missing = [f"{conf} {route}" for conf, route in ROUTES if rules.rule_for(conf, route) is None]
    assert missing == [], "URL patterns without a rule in tests/security/matrix_rules.py"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("urlconf", "route"), ROUTES, ids=[f"{c[7:]}:{r}" for c, r in ROUTES])
def test_matrix(request, matrix: Matrix, urlconf: str, route: str, role: str) -> None:
    rule = rules.rule_for(urlconf, route)
    assert rule is not None, f"no rule for {route} ({urlconf}): add one to matrix_rules.py"
    if rule.known_issue and role in (rules.EDITOR,):
        request.applymarker(pytest.mark.xfail(reason=rule.known_issue, strict=True))
    cases = rule.build(matrix.ctx, route)
    assert cases, f"rule {rule.name!r} built no URL for {route}"
    rules.STATS.routes.add((urlconf, route))
    rules.STATS.roles.add(role)
    problems = [p for case in cases for p in _check(matrix, urlconf, role, case)]
    assert problems == [], f"{role} on {route} (rule {rule.name!r})"


def test_operator_admin_offers_only_models_of_the_public_schema():
    # Wagtail's documents and taggit registered themselves with Django's admin; on the
    # platform host their tables do not exist and every page of theirs was a 500.
    from django.contrib import admin

    import config.urls_public  # noqa: F401  (prunes the operator admin on import)

    apps = {model._meta.app_config.name for model in admin.site._registry}
    assert apps <= set(settings.SHARED_APPS)
    assert {"tenants", "django.contrib.auth"} <= apps
