"""Canaries of the security matrix: in each tenant, a public, a private (view-restricted) and a
draft object of every kind, each carrying a secret word found nowhere else.

A secret is ``zq<tenant><kind><visibility>zq`` (``zqczpagedraftzq``): it is in the object's
title, text or file, never in its slug or file name, so a body that contains it showed the
object itself, not merely a link that happens to spell it. Kinds that have no such state get
no canary for it (images carry no view restriction and no draft; a document has no draft).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from cms.events.models import EventIndexPage
from cms.events.services import default_page_create, event_page_create
from cms.forms.models import PublicFormPage
from cms.forms.services import default_pages_create, submission_create
from cms.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from partnerships.models import PartnershipPage, ProjectIndexPage, ProjectPage
from partnerships.services import partnership_create, project_create
from registry.models import OrganisationStatus
from registry.services import organisation_create
from tenants.models import Tenant

PUBLIC, PRIVATE, DRAFT = "public", "private", "draft"
VISIBILITIES = (PUBLIC, PRIVATE, DRAFT)
_VIS_CODE = {PUBLIC: "pub", PRIVATE: "priv", DRAFT: "draft"}
TENANT_CODES = {"czestochowa": "cz", "bydgoszcz": "bd"}
PAGE_PASSWORD = "haslo-matrycy-2026"
EDITOR_PASSWORD = "Haslo-matrycy-redaktor-2026"
# A 1×1 PNG: the image canary's file (its secret is in the title).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def secret(tenant_slug: str, kind: str, visibility: str) -> str:
    return f"zq{TENANT_CODES[tenant_slug]}{kind}{_VIS_CODE[visibility]}zq"


@dataclass
class Canary:
    tenant: str  # the tenant's slug
    kind: str  # page, news, event, document, image, organisation, partnership, project, ...
    visibility: str  # public, private, draft
    secret: str
    pk: int  # the object's primary key in its schema (the page id for pages)
    url: str = ""  # where the object itself is served ("" when it has no public address)
    title: str = ""  # how a list or search result names it (the secret with its kind's word)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.tenant}:{self.kind}:{self.visibility}"


@dataclass
class TenantWorld:
    tenant: Tenant
    canaries: list[Canary]
    users: dict[str, Any]  # role → user of this tenant (admin, editor_no_perm)
    urls: dict[str, str]  # named addresses: news index, calendar, projects index, forms...
    ids: dict[str, int]  # ids the admin URLs take (a collection, a form page, a restriction...)

    def of(self, kind: str, visibility: str | None = None) -> list[Canary]:
        return [
            c
            for c in self.canaries
            if c.kind == kind and (visibility is None or c.visibility == visibility)
        ]

    def one(self, kind: str, visibility: str = PUBLIC) -> Canary:
        (canary,) = self.of(kind, visibility)
        return canary


@dataclass
class World:
    tenants: dict[str, TenantWorld]  # slug → its canaries
    platform_users: dict[str, Any] = field(default_factory=dict)  # the operator (public schema)

    @property
    def canaries(self) -> list[Canary]:
        return [c for w in self.tenants.values() for c in w.canaries]


def _publish_child(parent: Page, page: Page, visibility: str) -> Page:
    parent.add_child(instance=page)
    if visibility == DRAFT:
        page.live = False
        page.has_unpublished_changes = True
        page.save(update_fields=["live", "has_unpublished_changes"])
        page.save_revision()
    else:
        page.save_revision().publish()
    if visibility == PRIVATE:
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password=PAGE_PASSWORD
        )
    return page


def _page_canary(slug: str, kind: str, visibility: str, page: Page, **extra: Any) -> Canary:
    page.refresh_from_db()
    return Canary(
        slug,
        kind,
        visibility,
        secret(slug, kind, visibility),
        page.pk,
        url=page.url or "",
        title=page.title,
        extra=extra,
    )


def _user(username: str, *, superuser: bool = False) -> Any:
    user = get_user_model().objects.create_user(
        username=username,
        email=username,
        password=EDITOR_PASSWORD,
        is_staff=True,
        is_superuser=superuser,
    )
    if not superuser:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    return user


def build_tenant(tenant: Tenant) -> TenantWorld:
    """Plant every canary of ``tenant`` (inside its schema)."""
    slug = tenant.slug
    canaries: list[Canary] = []
    with tenant_context(tenant):
        home = HomePage.objects.get()
        news_index = NewsIndexPage.objects.get()
        calendar = EventIndexPage.objects.first() or default_page_create(parent=home)
        forms = {p.handler_key: p for p in PublicFormPage.objects.all()} or {
            p.handler_key: p for p in default_pages_create(parent=home)
        }
        projects = ProjectIndexPage(title="Projekty i partnerstwa", slug="projekty-matryca")
        home.add_child(instance=projects)
        projects.save_revision().publish()
        day = timezone.localdate() + timedelta(days=5)
        restriction_ids: list[int] = []

        for visibility in VISIBILITIES:
            vis = visibility

            def s(kind: str, vis: str = vis) -> str:
                return secret(slug, kind, vis)

            page = _publish_child(
                home,
                StandardPage(title=f"Strona {s('page')}", slug=f"strona-{vis}", lead=s("page")),
                vis,
            )
            canaries.append(_page_canary(slug, "page", vis, page))
            news = _publish_child(
                news_index,
                NewsPage(
                    title=f"Aktualność {s('news')}",
                    slug=f"aktualnosc-{vis}",
                    date=timezone.localdate(),
                    lead=f"Zajawka {s('news')}.",
                ),
                vis,
            )
            canaries.append(_page_canary(slug, "news", vis, news))
            event = event_page_create(
                index=calendar,
                title=f"Spotkanie {s('event')}",
                slug=f"spotkanie-{vis}",
                lead=f"Opis {s('event')}.",
                start_date=day,
                start_time=time(16, 30),
                end_time=time(18, 0),
            )
            if vis == DRAFT:
                event.unpublish()
            if vis == PRIVATE:
                PageViewRestriction.objects.create(
                    page=event, restriction_type="password", password=PAGE_PASSWORD
                )
            canaries.append(_page_canary(slug, "event", vis, event, month=(day.year, day.month)))

            partnership = partnership_create(
                name=f"Partnerstwo {s('partnership')}",
                slug=f"partnerstwo-{vis}",
                kind="tri_sector",
                purpose=f"Cel {s('partnership')}.",
            )
            ppage = _publish_child(
                projects,
                PartnershipPage(
                    title=f"Partnerstwo {s('partnership')}",
                    slug=f"partnerstwo-{vis}",
                    partnership=partnership,
                ),
                vis,
            )
            canaries.append(
                _page_canary(slug, "partnership", vis, ppage, snippet_pk=partnership.pk)
            )
            project = project_create(
                title=f"Projekt {s('project')}",
                slug=f"projekt-{vis}",
                programme="RPO 2014-2020",
                status="finished",
                start_date=date(2016, 1, 1),
                end_date=date(2018, 12, 31),
            )
            prpage = _publish_child(
                projects,
                ProjectPage(
                    title=f"Projekt {s('project')}", slug=f"projekt-{vis}", project=project
                ),
                vis,
            )
            canaries.append(_page_canary(slug, "project", vis, prpage, snippet_pk=project.pk))

            status = {
                PUBLIC: OrganisationStatus.PUBLISHED,
                PRIVATE: OrganisationStatus.ARCHIVED,
                DRAFT: OrganisationStatus.SUBMITTED,
            }[vis]
            org = organisation_create(
                status=status,
                name=f"Fundacja {s('organisation')}",
                legal_form="fundacja",
                city="Miasto",
                description=f"Opis {s('organisation')}.",
            )
            canaries.append(
                Canary(
                    slug,
                    "organisation",
                    vis,
                    s("organisation"),
                    org.pk,
                    url=f"/organizacje/{org.pk}/",
                    title=org.name,
                )
            )

        # Documents: public (root collection) and private (a password-protected collection).
        root = Collection.get_first_root_node()
        private = root.add_child(name="Matryca – zarząd")
        restriction = CollectionViewRestriction.objects.create(
            collection=private, restriction_type="password", password=PAGE_PASSWORD
        )
        restriction_ids.append(restriction.pk)
        for vis, collection in ((PUBLIC, root), (PRIVATE, private)):
            doc_secret = secret(slug, "document", vis)
            document = get_document_model().objects.create(
                title=f"Dokument {doc_secret}",
                file=ContentFile(f"%PDF-1.4 {doc_secret}".encode(), name=f"protokol-{vis}.pdf"),
                collection=collection,
            )
            canaries.append(
                Canary(
                    slug,
                    "document",
                    vis,
                    doc_secret,
                    document.pk,
                    url=document.url,
                    title=document.title,
                    extra={"file": document.file.name},
                )
            )
        image_secret = secret(slug, "image", PUBLIC)
        image = get_image_model().objects.create(
            title=f"Zdjęcie {image_secret}",
            file=ContentFile(PNG, name="zdjecie-matryca.png"),
            width=1,
            height=1,
        )
        canaries.append(
            Canary(
                slug,
                "image",
                PUBLIC,
                image_secret,
                image.pk,
                url=image.file.url,
                title=image.title,
                extra={"file": image.file.name},
            )
        )
        # A form submission is never public: "private" is the only state it has.
        submission_secret = secret(slug, "submission", PRIVATE)
        submission = submission_create(
            handler_key="error",
            page=forms.get("error"),
            data={"page_url": "/", "description": f"Zgłoszenie {submission_secret}"},
            email=f"zglaszajacy@{slug}.example.pl",
        )
        canaries.append(
            Canary(
                slug,
                "submission",
                PRIVATE,
                submission_secret,
                submission.pk,
                title=f"Zgłoszenie {submission_secret}",
            )
        )

        users = {
            "admin": _user(f"matrix-admin@{slug}.example.pl", superuser=True),
            "editor_no_perm": _user(f"matrix-editor@{slug}.example.pl"),
        }
        private_page = next(c for c in canaries if c.kind == "page" and c.visibility == PRIVATE)
        page_restriction = PageViewRestriction.objects.get(page_id=private_page.pk)
        world = TenantWorld(
            tenant=tenant,
            canaries=canaries,
            users=users,
            urls={
                "home": "/",
                "news": news_index.url,
                "calendar": calendar.url,
                "projects": projects.url,
                **{f"form:{key}": page.url for key, page in forms.items()},
            },
            ids={
                "home": home.pk,
                "news_index": news_index.pk,
                "collection": private.pk,
                "document_restriction": restriction.pk,
                "page_restriction": page_restriction.pk,
                "form_page": forms["error"].pk,
                "user": users["editor_no_perm"].pk,
            },
        )
    return world
