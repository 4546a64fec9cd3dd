"""Writes on a tenant's Wagtail site. Run inside the tenant's schema."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from cms.events.services import default_page_create as events_default_page
from cms.forms.services import default_pages_create as forms_default_pages
from cms.models import (
    AccessibilityStatementPage,
    ContactPage,
    HomePage,
    NewsIndexPage,
    SiteSettings,
)

if TYPE_CHECKING:
    from tenants.extensions import ProvisioningContext

COMPLAINTS_PROCEDURE = (
    "<p>Każdy ma prawo do wystąpienia z żądaniem zapewnienia dostępności cyfrowej strony "
    "internetowej lub jej elementu, a także do wnioskowania o udostępnienie informacji w formie "
    "alternatywnej. Żądanie powinno zawierać dane osoby zgłaszającej, wskazanie strony lub jej "
    "elementu oraz sposób kontaktu. Podmiot publiczny realizuje żądanie niezwłocznie, nie później "
    "niż w ciągu 7 dni od dnia jego wystąpienia; jeżeli nie jest to możliwe, informuje o terminie "
    "realizacji, nie dłuższym niż 2 miesiące.</p>"
    "<p>Jeżeli podmiot publiczny odmówi realizacji żądania, można złożyć skargę. Po wyczerpaniu "
    "tej procedury można złożyć wniosek do Rzecznika Praw Obywatelskich.</p>"
)


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _contact_offices(tenant) -> list[tuple[str, dict]]:
    if tenant is None or not (tenant.street and tenant.postal_code and tenant.city):
        return []
    hours = [
        {
            "day": str(h["day"]),
            "opens": dt.time.fromisoformat(h["opens"]),
            "closes": dt.time.fromisoformat(h["closes"]),
        }
        for h in tenant.office_hours
    ]
    return [
        (
            "office",
            {
                "name": tenant.name,
                "street": tenant.street,
                "postal_code": tenant.postal_code,
                "city": tenant.city,
                "phones": list(tenant.phones),
                "emails": [tenant.email] if tenant.email else [],
                "hours": hours,
                "note": "",
            },
        )
    ]


def generic_pages_create(*, home: HomePage) -> None:
    """Pages every site has whatever the tenant: Aktualności, Kalendarz and the public forms.
    Idempotent. They live in the template schema already, so a cloned tenant has them."""
    if not home.get_children().type(NewsIndexPage).exists():
        _publish(home, NewsIndexPage(title="Aktualności", slug="aktualnosci", show_in_menus=True))
    events_default_page(parent=home)
    forms_default_pages(parent=home)


def tenant_pages_create(*, home: HomePage, site_name: str, tenant=None, contact_email: str) -> None:
    """Pages filled with the tenant's own data: Kontakt and Deklaracja dostępności."""
    children = home.get_children()
    if not children.type(ContactPage).exists():
        _publish(
            home,
            ContactPage(
                title="Kontakt",
                slug="kontakt",
                show_in_menus=True,
                offices=_contact_offices(tenant),
            ),
        )
    if not children.type(AccessibilityStatementPage).exists():
        today = timezone.localdate()
        _publish(
            home,
            AccessibilityStatementPage(
                title="Deklaracja dostępności",
                slug="deklaracja-dostepnosci",
                entity_name=site_name,
                published_on=today,
                updated_on=today,
                prepared_on=today,
                status=AccessibilityStatementPage.Status.PARTIAL,
                non_accessible_content=(
                    "<ul><li>Część dokumentów PDF i zdjęć opublikowanych przez redakcję może nie "
                    "mieć pełnych opisów alternatywnych; są sukcesywnie uzupełniane.</li></ul>"
                ),
                method=AccessibilityStatementPage.Method.SELF,
                contact_person="Redakcja serwisu",
                contact_email=contact_email,
                contact_phone=(tenant.phones[0] if tenant is not None and tenant.phones else ""),
                complaints_procedure=COMPLAINTS_PROCEDURE,
            ),
        )


TEMPLATE_HOME_TITLE = "Strona główna"


def _home_intro(site_name: str) -> str:
    return (
        f"<p>Witamy w serwisie {site_name}. Znajdziesz tu aktualności, wydarzenia "
        "i informacje o ekonomii społecznej w regionie.</p>"
    )


@transaction.atomic
def template_site_content_ensure() -> HomePage:
    """The tenant-independent part of a site, kept in the template schema (run by
    ``migrate_schemas`` after migrating it): a home page and the generic pages. No Site:
    a clone gets its Site, title and tenant pages from ``site_bootstrap``."""
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title=TEMPLATE_HOME_TITLE, slug="strona-glowna", intro=_home_intro(""))
        _publish(Page.get_first_root_node(), home)
    generic_pages_create(home=home)
    return home


@transaction.atomic
def site_bootstrap(*, site_name: str, hostname: str, tenant=None, contact_email: str = "") -> Site:
    """Give a tenant schema its Polish home page, default page tree and a Wagtail Site bound
    to ``hostname`` (never a default site answering any host). Idempotent.

    On a schema cloned from the template the home page and generic pages already exist; the
    home page is renamed to the tenant and only the tenant's own pages are added."""
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title=site_name, slug="strona-glowna", intro=_home_intro(site_name), seo_title=site_name
        )
        _publish(Page.get_first_root_node(), home)
    elif not Site.objects.exists():
        home.title = site_name
        home.draft_title = site_name
        home.seo_title = site_name
        home.intro = _home_intro(site_name)
        home.save_revision().publish()
    site, _created = Site.objects.update_or_create(
        hostname=hostname,
        port=80,
        defaults={"root_page": home, "site_name": site_name, "is_default_site": False},
    )
    settings_obj = SiteSettings.for_site(site)
    if tenant is not None and not settings_obj.address:
        settings_obj.address = "\n".join(
            p for p in (tenant.street, f"{tenant.postal_code} {tenant.city}".strip()) if p
        )
        settings_obj.phones = ", ".join(tenant.phones)
        settings_obj.email = tenant.email
        settings_obj.save()
    generic_pages_create(home=home)
    tenant_pages_create(
        home=home,
        site_name=site_name,
        tenant=tenant,
        contact_email=(getattr(tenant, "email", "") or contact_email),
    )
    return site


def site_provision(context: ProvisioningContext) -> Site:
    """``tenant_setup`` step (``tenants.extensions``): the new tenant's site, bound to its host."""
    return site_bootstrap(
        site_name=context.tenant.name,
        hostname=context.domain,
        tenant=context.tenant,
        contact_email=context.admin_email,
    )


@transaction.atomic
def site_bind_hostname(*, hostname: str) -> Site:
    """Bind an extra host name (custom domain) to the tenant's existing site."""
    primary = Site.objects.order_by("pk").first()
    if primary is None:
        raise Site.DoesNotExist("Serwis najemcy nie ma jeszcze strony głównej.")
    site, _ = Site.objects.get_or_create(
        hostname=hostname,
        port=80,
        defaults={"root_page": primary.root_page, "site_name": primary.site_name},
    )
    return site


@transaction.atomic
def site_rehost(*, old_hostnames: Sequence[str], hostname: str) -> Site:
    """A schema restored from another tenant's backup answers that tenant's hosts: move its
    primary site (the oldest bound to one of ``old_hostnames``) to ``hostname`` and drop the
    sites of the other old hosts (custom domains the new tenant does not own)."""
    sites = list(Site.objects.filter(hostname__in=list(old_hostnames)).order_by("pk"))
    if not sites:
        raise Site.DoesNotExist("Odtworzony serwis nie ma strony przypisanej do dawnych domen.")
    primary, *others = sites
    for site in others:
        site.delete()
    primary.hostname = hostname
    primary.port = 80
    primary.save(update_fields=["hostname", "port"])
    return primary


def scheduled_publishing_apply() -> int:
    """Publish what editors scheduled and unpublish what has expired, in the current tenant;
    returns how many items were due. Wagtail's own ``publish_scheduled`` does the work (so its
    signals fire: the search index and the page cache follow); idempotent."""
    from django.core.management import call_command
    from wagtail.models import Revision

    now = timezone.now()
    due = Revision.objects.filter(approved_go_live_at__lte=now).count()
    due += Page.objects.filter(live=True, expire_at__lt=now).count()
    if due:
        call_command("publish_scheduled", verbosity=0)
    return due
