"""The rules of the isolation and authorisation matrix (``test_matrix.py``).

Every URL pattern the project serves — walked from Django's resolvers of both URL confs, the
tenant sites' (``config.urls_tenants``, Wagtail's admin included) and the platform's
(``config.urls_public``) — must match exactly one rule here, or the matrix fails for it: a new
URL joins the matrix the moment it is routed, and its author says what each role may get.

A rule names the routes it covers (``fnmatch`` globs over the route as the resolver spells it,
``admin/registry/organisations/edit/<int:pk>/``) and builds the concrete requests for a route:
each :class:`Case` is a URL with what every role must get (:class:`Expect`). On top of each
case's own expectation, every response of the matrix is checked for:

- no other tenant's canary secret, ever, for any role (isolation);
- no private or draft canary secret of the host tenant unless the case lets the role see them
  (``sees_hidden``: administrators in the admin);
- no 500.

Roles
-----
On a tenant host: ``anonymous``; ``other_tenant_editor`` (the other tenant's administrator,
its session cookie carried over); ``editor_no_perm`` (a staff user of the host tenant with
admin access and no other permission); ``editor`` (the host tenant's administrator). On the
platform host the same slots hold: anonymous, a tenant administrator's session, an operator
without permissions, the operator (superuser of the public schema).

API roles join when the partner API lands: :data:`API_ROLES` lists the slots
(``api_key_other_tenant``, ``api_key_read_only``); a slot is *in the role list* as soon as its
``available()`` says the API is routed (``api.urls`` importable), and its ``make_client`` must
then return a client that sends the key (``Authorization: Bearer <key>``). An API key is not
a session: outside ``/api/`` an API role must get exactly what ``anonymous`` gets (a case
with no expectation of its own for the role takes the anonymous one). The API's own rules
(``build_api``) say what every role gets there: a session, an unknown key or another tenant's
key → 401 problem, the host tenant's read-only key → the public canaries (and the archived
organisation: partner systems sync the whole register), never a draft or another tenant's.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.matrix_canaries import DRAFT, PRIVATE, PUBLIC, Canary, TenantWorld

TENANT, PLATFORM = "config.urls_tenants", "config.urls_public"
ANON, OTHER, NO_PERM, EDITOR = "anonymous", "other_tenant_editor", "editor_no_perm", "editor"
BASE_ROLES = (ANON, OTHER, NO_PERM, EDITOR)
ADMIN_LOGIN = "/admin/login/"
OPERATOR_LOGIN = "/operator/login/"


@dataclass(frozen=True)
class ApiRole:
    """A role of the partner API (see the module docstring)."""

    name: str
    description: str

    def available(self) -> bool:
        return importlib.util.find_spec("api.urls") is not None

    def make_client(self, world: Any, host: str) -> Any:
        from django.test import Client

        from tests.api.conftest import make_key

        own, other = world.tenants["czestochowa"], world.tenants["bydgoszcz"]
        issuer = other if self.name == API_OTHER else own
        key = make_key(issuer.tenant, name=f"Matryca {self.name}")
        return Client(
            HTTP_HOST=host,
            HTTP_AUTHORIZATION=f"Bearer {key.key}",
            raise_request_exception=False,
        )


API_OTHER, API_READ = "api_key_other_tenant", "api_key_read_only"
API_ROLES = (
    ApiRole(API_OTHER, "an API key of the other tenant"),
    ApiRole(API_READ, "a read-only API key of the host tenant"),
)
API_ROLE_NAMES = frozenset(role.name for role in API_ROLES)


def roles() -> tuple[str, ...]:
    """The role list: the base roles and the API roles that exist."""
    return BASE_ROLES + tuple(r.name for r in API_ROLES if r.available())


# --- expectations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    statuses: frozenset[int]
    redirect_to: str = ""  # a redirect must go to an address starting with this
    shows: tuple[str, ...] = ()  # secrets the body must contain
    sees_hidden: bool = False  # may the host tenant's private/draft secrets appear
    may_show: tuple[str, ...] = ()  # hidden secrets this role may see here (and only these)

    def __str__(self) -> str:
        text = "/".join(str(s) for s in sorted(self.statuses))
        if self.redirect_to:
            text += f"→{self.redirect_to}"
        if self.shows:
            text += f" showing {', '.join(self.shows)}"
        return text


def expect(*statuses: int, **kwargs: Any) -> Expect:
    return Expect(frozenset(statuses), **kwargs)


OK = expect(200)
NOT_FOUND = expect(404)
TO_ADMIN_LOGIN = expect(302, redirect_to=ADMIN_LOGIN)
TO_OPERATOR_LOGIN = expect(302, redirect_to=OPERATOR_LOGIN)
# Wagtail answers a missing permission with a redirect to the dashboard and a message, or 403.
ADMIN_DENIED = expect(302, 403, redirect_to="/admin/")
# What an admin view may answer to a user it lets in: a page, a redirect inside the admin, a
# missing object, a POST-only action; never a 500, never a 403 to the tenant's administrator.
ADMIN_ANY = frozenset({200, 301, 302, 400, 404, 405})


def all_roles(e: Expect) -> dict[str, Expect]:
    return {role: e for role in BASE_ROLES}


@dataclass
class Case:
    url: str
    expect: dict[str, Expect]
    canary: Canary | None = None
    # The input the page repeats back (a search box): a secret equal to it is looked for by
    # the title its object is listed under, not by the bare word.
    echo: str = ""


@dataclass
class Ctx:
    own: TenantWorld
    other: TenantWorld

    @property
    def page_kinds(self) -> tuple[str, ...]:
        return ("page", "news", "event", "partnership", "project")

    def page_canaries(self) -> list[Canary]:
        return [c for c in self.own.canaries if c.kind in self.page_kinds]


Builder = Callable[[Ctx, str], list[Case]]


@dataclass(frozen=True)
class Rule:
    name: str
    urlconf: str
    patterns: tuple[str, ...]
    build: Builder
    # A known defect, with the issue that tracks it: the rule's cases are expected to fail
    # (strict xfail), so the matrix turns red the day it is fixed and the note must go.
    known_issue: str = ""

    def matches(self, urlconf: str, route: str) -> bool:
        return urlconf == self.urlconf and any(
            route == p or fnmatchcase(route, p) for p in self.patterns
        )


# --- URL building ----------------------------------------------------------------------------

_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def fill(route: str, values: dict[str, Any] | None = None, default_int: int = 1) -> str:
    """The route with its ``<conv:name>`` parameters filled (ints by default with 1)."""
    values = values or {}

    def one(match: re.Match[str]) -> str:
        name, conv = match["name"], match["conv"] or "str"
        if name in values:
            return str(values[name])
        return str(default_int) if conv == "int" else "x"

    return "/" + _PARAM.sub(one, route)


def _each_int_param(route: str) -> list[str]:
    return [m["name"] for m in _PARAM.finditer(route) if (m["conv"] or "") == "int"]


# --- public (tenant) rules --------------------------------------------------------------------


def _object_case(canary: Canary, url: str | None = None) -> Case:
    """The address of one object: the public one is shown to all, the private one answered
    with Wagtail's password form (to everyone: a password restriction binds administrators
    too), a draft is not found."""
    url = url or canary.url
    if canary.visibility == PUBLIC:
        return Case(url, all_roles(expect(200, shows=(canary.secret,))), canary)
    if canary.visibility == PRIVATE:
        return Case(url, all_roles(OK), canary)
    return Case(url, all_roles(NOT_FOUND), canary)


def _listing(url: str, shows: Iterable[Canary] = ()) -> Case:
    return Case(url, all_roles(expect(200, shows=tuple(c.secret for c in shows))))


def build_pages(ctx: Ctx, route: str) -> list[Case]:
    own = ctx.own
    cases = [_object_case(c) for c in ctx.page_canaries()]
    year, month = own.one("event").extra["month"]
    pub = {kind: own.of(kind, PUBLIC) for kind in ctx.page_kinds}
    cases += [
        _listing("/"),
        _listing(own.urls["news"], pub["news"]),
        _listing(own.urls["news"] + "rss/", pub["news"]),
        _listing(own.urls["calendar"], pub["event"]),
        _listing(f"{own.urls['calendar']}miesiac/{year:04d}/{month:02d}/", pub["event"]),
        _listing(own.urls["projects"], pub["project"] + pub["partnership"]),
        *(_listing(url) for key, url in own.urls.items() if key.startswith("form:")),
        Case("/nie-ma-takiej-strony/", all_roles(NOT_FOUND)),
    ]
    return cases


def build_ical(ctx: Ctx, route: str) -> list[Case]:
    own = ctx.own
    cases = [_listing(own.urls["calendar"] + "kalendarz.ics", own.of("event", PUBLIC))]
    for canary in own.of("event"):
        cases.append(_object_case(canary, canary.url + "wydarzenie.ics"))
    return cases


def build_documents(ctx: Ctx, route: str) -> list[Case]:
    cases = [_object_case(c) for c in ctx.own.of("document")]
    public = ctx.own.one("document")
    cases.append(Case(f"/documents/{public.pk}/inny-plik.pdf", all_roles(NOT_FOUND)))
    return cases


def build_document_password(ctx: Ctx, route: str) -> list[Case]:
    url = fill(route, {"restriction_id": ctx.own.ids["document_restriction"]})
    return [Case(url, all_roles(expect(200, 405)))]


def build_page_password(ctx: Ctx, route: str) -> list[Case]:
    private = ctx.own.one("page", PRIVATE)
    url = fill(
        route, {"page_view_restriction_id": ctx.own.ids["page_restriction"], "page_id": private.pk}
    )
    return [Case(url, all_roles(expect(200, 405)))]


def build_media(ctx: Ctx, route: str) -> list[Case]:
    image = ctx.own.one("image")
    schema = ctx.own.tenant.schema_name
    other_schema = ctx.other.tenant.schema_name
    cases = [Case(image.url, all_roles(OK), image)]
    # Documents never straight from the media directory (their collections may be private).
    for document in ctx.own.of("document"):
        cases.append(Case(f"/media/{schema}/{document.extra['file']}", all_roles(NOT_FOUND)))
    # Another tenant's upload is not found on this host, even by its exact path.
    other_image = ctx.other.one("image")
    cases.append(Case(f"/media/{other_schema}/{other_image.extra['file']}", all_roles(NOT_FOUND)))
    cases.append(Case(f"/media/{schema}/../{other_schema}/x.png", all_roles(NOT_FOUND)))
    return cases


def build_search(ctx: Ctx, route: str) -> list[Case]:
    cases = []
    for canary in ctx.page_canaries() + ctx.other.canaries:
        visible = canary.tenant == ctx.own.tenant.slug and canary.visibility == PUBLIC
        shows = (canary.secret,) if visible else ()
        cases.append(
            Case(
                f"/szukaj/?q={canary.secret}",
                all_roles(expect(200, shows=shows)),
                canary,
                echo=canary.secret,
            )
        )
    return cases


def build_registry_lists(ctx: Ctx, route: str) -> list[Case]:
    url = fill(route)
    shows = ctx.own.of("organisation", PUBLIC) if route == "organizacje/" else []
    cases = [_listing(url, shows)]
    if route == "organizacje/":
        for canary in ctx.own.of("organisation") + ctx.other.of("organisation"):
            visible = canary.tenant == ctx.own.tenant.slug and canary.visibility == PUBLIC
            shows_ = (canary.secret,) if visible else ()
            cases.append(
                Case(
                    f"{url}?q={canary.secret}",
                    all_roles(expect(200, shows=shows_)),
                    canary,
                    echo=canary.secret,
                )
            )
    return cases


def build_registry_detail(ctx: Ctx, route: str) -> list[Case]:
    cases = []
    for canary in ctx.own.of("organisation"):
        url = fill(route, {"pk": canary.pk, "slug": "fundacja"})
        if canary.visibility != PUBLIC:
            cases.append(Case(url, all_roles(NOT_FOUND), canary))
        elif "slug" in route:
            cases.append(Case(url, all_roles(expect(200, 301, 302)), canary))
        else:
            cases.append(Case(url, all_roles(expect(301, 302, redirect_to="/organizacje/"))))
    cases.append(Case(fill(route, {"pk": 999999, "slug": "x"}), all_roles(NOT_FOUND)))
    return cases


def build_static(ctx: Ctx, route: str) -> list[Case]:
    return [Case(fill(route), all_roles(OK))]


# --- admin (tenant) rules ---------------------------------------------------------------------


def admin_roles(
    *,
    editor: Expect,
    no_perm: Expect = ADMIN_DENIED,
) -> dict[str, Expect]:
    return {ANON: TO_ADMIN_LOGIN, OTHER: TO_ADMIN_LOGIN, NO_PERM: no_perm, EDITOR: editor}


EDITOR_SEES = expect(200, sees_hidden=True)
EDITOR_ANY = Expect(ADMIN_ANY, sees_hidden=True)
NO_PERM_ANY = Expect(ADMIN_ANY | {403})


def build_admin_generic(ctx: Ctx, route: str) -> list[Case]:
    """Any admin view: only signed-in users of this tenant get in; what they get is a page,
    a redirect, a missing object or a refused method, never another tenant's data and, for an
    editor without permissions, never a private or draft object. Object ids are filled with
    the host tenant's private page (for page views) or 1."""
    values: dict[str, Any] = {"pk": 1}  # choosers take the id as <str:pk>
    if route.startswith("admin/pages/") or "page_id" in route:
        private = ctx.own.one("page", PRIVATE)
        values = {name: private.pk for name in _each_int_param(route)}
    url = fill(route, values)
    no_perm = NO_PERM_ANY
    if any(fnmatchcase(route, p) for p in CHOOSERS):
        no_perm = Expect(ADMIN_ANY | {403}, sees_hidden=True)
    return [Case(url, admin_roles(editor=EDITOR_ANY, no_perm=no_perm))]


# Known limitation, left to Wagtail: its choosers (and the move confirmation, which names the
# page) list every page and snippet to every admin user, whatever their permissions, drafts
# and view-restricted pages included; they only show titles, and only to signed-in staff of
# the same tenant. An editor without permissions may therefore see hidden titles there.
CHOOSERS = (
    "admin/choose-page/*",
    "admin/snippets/choose/*",
    "admin/pages/<int:page_to_move_id>/move/*",
)


def build_admin_open(ctx: Ctx, route: str) -> list[Case]:
    """Sign-in, password reset and the admin's static helpers: open to everyone (a signed-in
    user is sent on from the sign-in page)."""
    ok = expect(200, 302) if route == "admin/login/" else OK
    return [Case(fill(route), all_roles(ok))]


def build_admin_catch_all(ctx: Ctx, route: str) -> list[Case]:
    return [Case("/admin/nie-ma-takiego-widoku/", admin_roles(editor=NOT_FOUND, no_perm=NOT_FOUND))]


def build_admin_failwhale(ctx: Ctx, route: str) -> list[Case]:
    """Wagtail's deliberate error view (``failwhale``, for checking that errors are reported):
    a 500 for signed-in users, the login page for everyone else."""
    fails = expect(500)
    return [Case(fill(route), admin_roles(editor=fails, no_perm=fails))]


def build_admin_revisions_compare(ctx: Ctx, route: str) -> list[Case]:
    page = ctx.own.one("page", DRAFT)
    url = f"/admin/pages/{page.pk}/revisions/compare/earliest...latest/"
    return [Case(url, admin_roles(editor=EDITOR_ANY))]


def build_admin_page_objects(ctx: Ctx, route: str) -> list[Case]:
    """Views of one page (edit, draft, history...): its editor may, the others may not."""
    cases = []
    shows_secret = route.endswith(("/edit/", "/view_draft/"))
    # Unpublishing a draft (or deleting) may answer with a redirect and a message.
    statuses = (200, 302) if route.endswith(("/unpublish/", "/delete/")) else (200,)
    for canary in ctx.page_canaries():
        url = fill(route, {"page_id": canary.pk})
        shows = (canary.secret,) if shows_secret else ()
        editor = expect(*statuses, shows=shows, sees_hidden=True)
        cases.append(Case(url, admin_roles(editor=editor), canary))
    return cases


def build_admin_explore(ctx: Ctx, route: str) -> list[Case]:
    own = ctx.own
    children = {
        own.ids["home"]: own.of("page"),
        own.ids["news_index"]: own.of("news"),
    }
    cases = []
    for page_id, canaries in children.items():
        url = fill(route, {"parent_page_id": page_id})
        shows = tuple(c.secret for c in canaries) if not route.endswith("results/") else ()
        cases.append(Case(url, admin_roles(editor=expect(200, shows=shows, sees_hidden=True))))
    return cases


def _snippet_builder(kind: str, pk_key: str | None = None) -> Builder:
    def build(ctx: Ctx, route: str) -> list[Case]:
        canaries = ctx.own.of(kind)
        if "<" not in route:  # the listing
            shows = tuple(c.secret for c in canaries) if route.endswith(("s/", "y/")) else ()
            url = fill(route)
            return [Case(url, admin_roles(editor=expect(200, shows=shows, sees_hidden=True)))]
        cases = []
        for canary in canaries:
            pk = canary.extra[pk_key] if pk_key else canary.pk
            url = fill(route, {"pk": pk, "document_id": pk, "image_id": pk})
            shows = (canary.secret,) if "/edit/" in route or route.endswith("/<int:pk>/") else ()
            editor = expect(200, shows=shows, sees_hidden=True)
            cases.append(Case(url, admin_roles(editor=editor), canary))
        return cases

    return build


def build_registry_export(ctx: Ctx, route: str) -> list[Case]:
    secrets = tuple(c.secret for c in ctx.own.of("organisation"))
    return [
        Case(
            f"{fill(route)}?format={fmt}",
            admin_roles(editor=expect(200, shows=secrets, sees_hidden=True)),
        )
        for fmt in ("csv", "json", "hsds")
    ] + [Case(f"{fill(route)}?format=pdf", admin_roles(editor=expect(400)))]


def build_submissions(ctx: Ctx, route: str) -> list[Case]:
    submission = ctx.own.one("submission", PRIVATE)
    url = fill(route, {"pk": submission.pk})
    shows = (submission.secret,) if "inspect" in route else ()
    return [Case(url, admin_roles(editor=expect(200, shows=shows, sees_hidden=True)), submission)]


# --- partner API (tenant) rules ----------------------------------------------------------------

API_DENIED = expect(401)
# What the API's records carry: the register's organisations in every public status (archived
# ones too: partner systems keep the whole register) and partnerships and projects as records
# (their pages may be private; the records have no visibility of their own).
API_RECORD_KINDS = {"organisations": "organisation", "partnerships": "partnership"}
API_RECORD_KINDS |= {"projects": "project", "news": "news", "events": "event"}


def _api_synced(ctx: Ctx) -> tuple[str, ...]:
    """Hidden secrets the host's read key may get: the archived organisation, the records of
    partnerships and projects whose pages are private or drafts."""
    archived = [c.secret for c in ctx.own.of("organisation", PRIVATE)]
    records = [c.secret for c in ctx.own.canaries if c.kind in ("partnership", "project")]
    return tuple(archived + records)


def api_roles(read: Expect) -> dict[str, Expect]:
    """A session (of any user) is no API credential; another tenant's key is an unknown key."""
    denied = {role: API_DENIED for role in (*BASE_ROLES, API_OTHER)}
    return {**denied, API_READ: read}


def build_api(ctx: Ctx, route: str) -> list[Case]:
    synced = _api_synced(ctx)
    resource = route.removeprefix("api/v1/").split("/", 1)[0]
    kind = API_RECORD_KINDS.get(resource)
    if route in ("api/v1/schema/", "api/v1/docs/", "api/v1/docs/redoc/"):
        return [Case(fill(route), {role: OK for role in roles()})]
    if route.endswith("^.*$"):
        return [Case("/api/v1/nie-ma-takiego-zasobu/", {role: NOT_FOUND for role in roles()})]
    if route == "api/v1/events/occurrences/":
        url = "/api/v1/events/occurrences/?start=2026-01-01&end=2026-12-31"
        return [Case(url, api_roles(expect(200, may_show=synced)))]
    if "<int:pk>" not in route:
        shows: tuple[str, ...] = ()
        if kind in ("organisation", "news", "event"):
            shows = tuple(c.secret for c in ctx.own.of(kind, PUBLIC))
        return [Case(fill(route), api_roles(expect(200, shows=shows, may_show=synced)))]
    cases = []
    for canary in ctx.own.of(kind or ""):
        pk = canary.extra.get("snippet_pk", canary.pk)
        listed = canary.visibility == PUBLIC or canary.secret in synced
        read = expect(200, shows=(canary.secret,), may_show=synced) if listed else NOT_FOUND
        cases.append(Case(fill(route, {"pk": pk}), api_roles(read), canary))
    for canary in ctx.other.of(kind or ""):  # the other tenant's record, by its own id
        pk = canary.extra.get("snippet_pk", canary.pk)
        cases.append(Case(fill(route, {"pk": pk}), api_roles(expect(200, 404, may_show=synced))))
    cases.append(Case(fill(route, {"pk": 999999}), api_roles(NOT_FOUND)))
    return cases


# --- platform rules ---------------------------------------------------------------------------


def operator_roles(*, editor: Expect, no_perm: Expect) -> dict[str, Expect]:
    return {ANON: TO_OPERATOR_LOGIN, OTHER: TO_OPERATOR_LOGIN, NO_PERM: no_perm, EDITOR: editor}


def build_platform_home(ctx: Ctx, route: str) -> list[Case]:
    return [Case("/", all_roles(OK)), Case("/nie-ma-takiej-strony/", all_roles(NOT_FOUND))]


def build_operator_open(ctx: Ctx, route: str) -> list[Case]:
    return [Case(fill(route), all_roles(expect(200, 302, 405)))]


def build_operator(ctx: Ctx, route: str) -> list[Case]:
    if route.startswith("operator/^("):
        url = "/operator/tenants/"
    elif route == "operator/(?P<url>.*)$":
        url = "/operator/nie-ma/"
    else:
        url = fill(route, {"object_id": ctx.own.tenant.pk, "id": 1})
    # Django's admin: a staff user without permissions gets 403 on model views (its index
    # answers 200 with "no permissions"); the operator may see everything.
    # 403 for the operator too where an action is switched off (tenants are provisioned by a
    # command, axes' logs are read-only).
    editor = Expect(frozenset({200, 301, 302, 403, 404, 405}), sees_hidden=True)
    no_perm = expect(200, 302, 403, 404, 405)
    return [Case(url, operator_roles(editor=editor, no_perm=no_perm))]


# --- the rules --------------------------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    # Public tenant pages.
    Rule("wagtail pages", TENANT, (r"^((?:[\w\-]+/)*)$",), build_pages),
    Rule("iCal files", TENANT, ("^(?P<page_path>*",), build_ical),
    Rule("documents", TENANT, (r"^documents/(\d+)/(.*)$",), build_documents),
    Rule(
        "document password",
        TENANT,
        ("documents/authenticate_with_password/*",),
        build_document_password,
    ),
    Rule("page password", TENANT, ("_util/authenticate_with_password/*",), build_page_password),
    Rule("media", TENANT, ("media/<path:path>",), build_media),
    Rule("search", TENANT, ("szukaj/",), build_search),
    Rule(
        "registry lists",
        TENANT,
        (
            "organizacje/",
            "organizacje/mapa/",
            "organizacje/mapa.geojson",
            "organizacje/statystyki/",
            "organizacje/1-5-procent/",
        ),
        build_registry_lists,
    ),
    Rule("registry detail", TENANT, ("organizacje/<int:pk>*",), build_registry_detail),
    Rule(
        "sitemap, robots, login",
        TENANT,
        ("sitemap.xml", "robots.txt", "_util/login/"),
        build_static,
    ),
    # Admin views with canaries.
    Rule(
        "page views",
        TENANT,
        (
            "admin/pages/<int:page_id>/edit/",
            "admin/pages/<int:page_id>/view_draft/",
            "admin/pages/<int:page_id>/history/",
            "admin/pages/<int:page_id>/usage/",
            "admin/pages/<int:page_id>/delete/",
            "admin/pages/<int:page_id>/unpublish/",
        ),
        build_admin_page_objects,
    ),
    Rule(
        "page explorer",
        TENANT,
        ("admin/pages/<int:parent_page_id>/", "admin/pages/<int:parent_page_id>/results/"),
        build_admin_explore,
    ),
    Rule(
        "revisions compare",
        TENANT,
        ("admin/pages/^(?P<pk>*",),
        build_admin_revisions_compare,
    ),
    Rule(
        "organisations",
        TENANT,
        (
            "admin/registry/organisations/",
            "admin/registry/organisations/edit/<int:pk>/",
            "admin/registry/organisations/changes/<int:pk>/",
            "admin/registry/organisations/history/<int:pk>/",
            "admin/registry/organisations/delete/<int:pk>/",
        ),
        _snippet_builder("organisation"),
    ),
    Rule(
        "partnerships",
        TENANT,
        (
            "admin/partnerships/partnerships/",
            "admin/partnerships/partnerships/edit/<int:pk>/",
            "admin/partnerships/partnerships/history/<int:pk>/",
        ),
        _snippet_builder("partnership", "snippet_pk"),
    ),
    Rule(
        "projects",
        TENANT,
        (
            "admin/partnerships/projects/",
            "admin/partnerships/projects/edit/<int:pk>/",
            "admin/partnerships/projects/history/<int:pk>/",
        ),
        _snippet_builder("project", "snippet_pk"),
    ),
    Rule(
        "documents admin",
        TENANT,
        ("admin/documents/", "admin/documents/edit/<int:document_id>/"),
        _snippet_builder("document"),
    ),
    Rule(
        "images admin",
        TENANT,
        ("admin/images/", "admin/images/<int:image_id>/"),
        _snippet_builder("image"),
    ),
    Rule("registry export", TENANT, ("admin/registry/export/",), build_registry_export),
    Rule("submissions", TENANT, ("admin/zgloszenia/*",), build_submissions),
    Rule(
        "admin open",
        TENANT,
        (
            "admin/login/",
            "admin/password_reset/*",
            "admin/jsi18n/",
            "admin/sprite/",
        ),
        build_admin_open,
    ),
    Rule("partner API", TENANT, ("api/v1/*",), build_api),
    Rule("admin catch-all", TENANT, ("admin/^.*/$",), build_admin_catch_all),
    Rule("admin error test", TENANT, ("admin/failwhale/",), build_admin_failwhale),
    # Every other admin view, area by area (a new area needs its own line).
    Rule(
        "admin areas",
        TENANT,
        tuple(
            f"admin/{area}"
            for area in (
                "",
                "test404/",
                "api/main/*",
                "integracje/*",
                "pages/*",
                "bulk/*",
                "choose-*",
                "tag-autocomplete/*",
                "collections/*",
                "workflows/*",
                "reports/*",
                "account/",
                "logout/",
                "dismissibles/",
                "editing-sessions/*",
                "block-preview/",
                "forms/*",
                "redirects/*",
                "settings/*",
                "embeds/*",
                "snippets/*",
                "documents/*",
                "images/*",
                "registry/*",
                "partnerships/*",
                "sites/*",
                "users/*",
                "groups/*",
                "dane-osobowe/",
            )
        ),
        build_admin_generic,
    ),
    # The platform.
    Rule("platform home", PLATFORM, ("",), build_platform_home),
    Rule(
        "operator open",
        PLATFORM,
        ("operator/login/", "operator/logout/", "operator/jsi18n/"),
        build_operator_open,
    ),
    Rule(
        "operator deletes a user",
        PLATFORM,
        ("operator/auth/user/<path:object_id>/delete/",),
        build_operator,
        known_issue="deleting a user in the operator admin collects its rows in tenant-only "
        "tables (wagtailusers_userprofile) that the public schema has not: 500",
    ),
    Rule(
        "operator admin",
        PLATFORM,
        (
            "operator/",
            "operator/password_change/*",
            "operator/autocomplete/",
            "operator/r/*",
            "operator/tenants/*",
            "operator/auth/*",
            "operator/axes/*",
            "operator/wagtaildocs/*",
            "operator/taggit/*",
            "operator/^(?P<app_label>*",
            "operator/(?P<url>.*)$",
        ),
        build_operator,
    ),
)


def rule_for(urlconf: str, route: str) -> Rule | None:
    """The first rule that covers ``route`` (specific rules come before the area rules)."""
    return next((r for r in RULES if r.matches(urlconf, route)), None)


def walk(urlconf: str) -> Iterator[str]:
    """Every URL pattern of ``urlconf`` as one route string, includes followed."""

    def inner(resolver: URLResolver, prefix: str) -> Iterator[str]:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from inner(pattern, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    seen: set[str] = set()
    for route in inner(get_resolver(urlconf), ""):
        if route not in seen:
            seen.add(route)
            yield route


def all_routes() -> list[tuple[str, str]]:
    return [(conf, route) for conf in (TENANT, PLATFORM) for route in walk(conf)]


@dataclass
class Stats:
    """What the matrix ran (printed at the end of the test run by ``conftest.py``)."""

    routes: set[tuple[str, str]] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    canaries: set[str] = field(default_factory=set)
    cases: int = 0
    checks: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        return (
            f"security matrix: {len(self.routes)} URL patterns ({len(self.urls)} URLs) "
            f"× {len(self.roles)} roles × {len(self.canaries)} canaries; "
            f"{self.cases} cases run, {sum(self.checks.values())} checks "
            f"({', '.join(f'{k} {v}' for k, v in sorted(self.checks.items()))})"
        )


STATS = Stats()
