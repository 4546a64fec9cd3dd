"""Demo content of public forms for the demo tenants (facts from ../shared/seeds/)."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from cms.forms.models import Submission

# Seed 001 (pps.czestochowa.pl, "Ekonomia Społeczna (ES)"): the city runs the Rodzinny Piknik
# Organizacji Pozarządowych; the Wydział Polityki Społecznej (ngo@czestochowa.um.gov.pl) is
# the NGO desk. No date is given in the seed, so the sample leaves the event date empty.
CZESTOCHOWA_SAMPLE_EMAIL = "ngo@czestochowa.um.gov.pl"
CZESTOCHOWA_SAMPLE_NEWS: dict[str, str | None] = {
    "name": "Częstochowskie Centrum Organizacji Pozarządowych",
    "email": CZESTOCHOWA_SAMPLE_EMAIL,
    "title": "Rodzinny Piknik Organizacji Pozarządowych",
    "content": (
        "Zapraszamy na Rodzinny Piknik Organizacji Pozarządowych. Jego celem jest promocja "
        "działań częstochowskich organizacji pozarządowych poprzez stworzenie przestrzeni do "
        "bezpośredniego kontaktu liderów NGO z mieszkańcami miasta."
    ),
    "link": "",
    "event_date": None,
}


def seed_demo_content(tenant) -> None:
    """Ensure the two default form pages; add a pending sample submission in Częstochowa.

    Idempotent: running it again changes nothing.
    """
    from wagtail.models import Site

    from cms.forms.services import default_pages_create, submission_create

    with tenant_context(tenant):
        site = Site.objects.select_related("root_page").order_by("pk").first()
        if site is None:
            return
        pages = default_pages_create(parent=site.root_page.specific)
        if tenant.slug != "czestochowa":
            return
        news_page = next(p for p in pages if p.handler_key == "news")
        title = CZESTOCHOWA_SAMPLE_NEWS["title"]
        if not Submission.objects.filter(handler_key="news", data__title=title).exists():
            submission_create(
                handler_key="news",
                page=news_page,
                data=dict(CZESTOCHOWA_SAMPLE_NEWS),
                email=CZESTOCHOWA_SAMPLE_EMAIL,
            )
