"""Writes on the tenant's Wagtail site. Run inside the tenant's schema."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page, Site

from cms.models import HomePage


@transaction.atomic
def site_bootstrap(*, site_name: str, hostname: str, tenant=None) -> Site:
    """Create the tenant's Polish home page and its Wagtail Site bound to ``hostname``.

    The Site answers only its own host name (never a default site answering any host).
    Idempotent: an existing home page and site are reused.
    """
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        intro = (
            f"<p>Witamy w serwisie {site_name}. Znajdziesz tu aktualności, wydarzenia "
            "i informacje o ekonomii społecznej w regionie.</p>"
        )
        home = HomePage(title=site_name, slug="strona-glowna", intro=intro, seo_title=site_name)
        root.add_child(instance=home)
        home.save_revision().publish()
    site, _created = Site.objects.update_or_create(
        hostname=hostname,
        port=80,
        defaults={"root_page": home, "site_name": site_name, "is_default_site": False},
    )
    return site


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
