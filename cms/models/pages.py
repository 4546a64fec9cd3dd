from __future__ import annotations

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BodyBlock, OfficeBlock
from cms.text import json_ld


class HomePage(Page):
    """The tenant site's home page (one per tenant, directly under the tree root)."""

    intro = RichTextField("wstęp", blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name="treść")

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "strona główna"
        verbose_name_plural = "strony główne"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tenant"] = getattr(request, "tenant", None)
        return context


class StandardPage(Page):
    """A plain content page (e.g. "Ekonomia Społeczna (ES)", "O projekcie")."""

    lead = models.TextField("zajawka", blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name="treść")

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]

    class Meta:
        verbose_name = "strona standardowa"
        verbose_name_plural = "strony standardowe"


class AccessibilityStatementPage(Page):
    """Deklaracja dostępności in the structure required by the act of 4 April 2019 on digital
    accessibility of public bodies' websites (and the minister's template of the statement).

    Pre-filled when a tenant is provisioned; every part stays editable by the tenant.
    """

    class Status(models.TextChoices):
        FULL = "full", "zgodna"
        PARTIAL = "partial", "częściowo zgodna"
        NONE = "none", "niezgodna"

    class Method(models.TextChoices):
        SELF = "self", "samooceny przeprowadzonej przez podmiot publiczny"
        EXTERNAL = "external", "oceny podmiotu zewnętrznego"

    entity_name = models.CharField("nazwa podmiotu", max_length=255)
    site_url = models.URLField("adres strony", blank=True)
    published_on = models.DateField("data publikacji strony")
    updated_on = models.DateField("data ostatniej istotnej aktualizacji")
    status = models.CharField(
        "status pod względem zgodności",
        max_length=10,
        choices=Status.choices,
        default=Status.PARTIAL,
    )
    non_accessible_content = RichTextField(
        "treści niedostępne", blank=True, help_text="Lista niezgodności z uzasadnieniem."
    )
    exemptions = RichTextField("wyłączenia", blank=True)
    prepared_on = models.DateField("data sporządzenia deklaracji")
    reviewed_on = models.DateField("data ostatniego przeglądu deklaracji", null=True, blank=True)
    method = models.CharField(
        "deklarację sporządzono na podstawie",
        max_length=10,
        choices=Method.choices,
        default=Method.SELF,
    )
    keyboard_shortcuts = RichTextField("skróty klawiaturowe", blank=True)
    contact_person = models.CharField("osoba kontaktowa", max_length=200)
    contact_email = models.EmailField("e-mail osoby kontaktowej")
    contact_phone = models.CharField("telefon osoby kontaktowej", max_length=40, blank=True)
    complaints_procedure = RichTextField("procedura wnioskowo-skargowa")
    architectural_accessibility = RichTextField("dostępność architektoniczna", blank=True)
    mobile_apps = RichTextField("aplikacje mobilne", blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("entity_name"),
        FieldPanel("site_url"),
        FieldPanel("published_on"),
        FieldPanel("updated_on"),
        FieldPanel("status"),
        FieldPanel("non_accessible_content"),
        FieldPanel("exemptions"),
        FieldPanel("prepared_on"),
        FieldPanel("reviewed_on"),
        FieldPanel("method"),
        FieldPanel("keyboard_shortcuts"),
        FieldPanel("contact_person"),
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
        FieldPanel("complaints_procedure"),
        FieldPanel("architectural_accessibility"),
        FieldPanel("mobile_apps"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "deklaracja dostępności"
        verbose_name_plural = "deklaracje dostępności"

    def clean(self) -> None:
        super().clean()
        from django.core.exceptions import ValidationError

        errors = {}
        if self.updated_on and self.published_on and self.updated_on < self.published_on:
            errors["updated_on"] = "Aktualizacja nie może być wcześniejsza niż publikacja strony."
        if self.reviewed_on and self.prepared_on and self.reviewed_on < self.prepared_on:
            errors["reviewed_on"] = (
                "Przegląd nie może być wcześniejszy niż sporządzenie deklaracji."
            )
        if self.status != self.Status.FULL and not self.non_accessible_content:
            errors["non_accessible_content"] = (
                "Przy zgodności częściowej lub braku zgodności wymień treści niedostępne."
            )
        if errors:
            raise ValidationError(errors)


class NewsIndexPage(RoutablePageMixin, Page):
    """ "Aktualności": a paginated list of news with an RSS feed at ``rss/``.

    (Wagtail serves only slash-terminated paths, so feeds are ``rss/``, not ``rss.xml``.)"""

    intro = RichTextField("wstęp", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    PER_PAGE = 10

    class Meta:
        verbose_name = "lista aktualności"
        verbose_name_plural = "listy aktualności"

    def news(self):
        """The news the public may see (cms.visibility), newest first; for the list and RSS."""
        from cms.visibility import public_pages

        return (
            public_pages(NewsPage.objects.child_of(self))
            .select_related("image")
            .order_by("-date", "-pk")
        )

    @path("")
    def index(self, request):
        from django.core.paginator import Paginator

        paginator = Paginator(self.news(), self.PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("strona"))
        return self.render(request, context_overrides={"news_page": page_obj})

    @path("rss/", name="rss")
    def rss(self, request):
        from cms.feeds import NewsFeed

        return NewsFeed(self)(request)


class NewsPage(Page):
    """A news item ("Częstochowa – społecznie odpowiedzialny samorząd", 2013-05-29...)."""

    date = models.DateField("data publikacji")
    lead = models.TextField("zajawka", help_text="Jedno–dwa zdania widoczne na liście i w RSS.")
    image = models.ForeignKey(
        "cms.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="obraz główny",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name="treść")

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "aktualność"
        verbose_name_plural = "aktualności"


class GalleryImage(Orderable):
    page = ParentalKey("cms.GalleryPage", on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "cms.CustomImage", on_delete=models.CASCADE, related_name="+", verbose_name="obraz"
    )
    caption = models.CharField("podpis", max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class GalleryPage(Page):
    """A photo gallery (e.g. "Galeria zdjęć" of the Jędrzejów partnership meeting)."""

    intro = RichTextField("wstęp", blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("gallery_images", label="zdjęcia", min_num=1),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = "galeria"
        verbose_name_plural = "galerie"

    def images(self):
        return self.gallery_images.select_related("image").order_by("sort_order")


class ContactPage(Page):
    """ "Kontakt": offices with addresses, phones, e-mails and office hours per weekday,
    shown as text and as schema.org data."""

    intro = RichTextField("wstęp", blank=True)
    offices = StreamField([("office", OfficeBlock())], verbose_name="biura i punkty", min_num=1)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("offices")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("offices")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "kontakt"
        verbose_name_plural = "strony kontaktowe"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["structured_data_json"] = json_ld(self.structured_data(request))
        return context

    def structured_data(self, request) -> list[dict]:
        """schema.org ``GovernmentOffice``/``Organization`` objects, one per office."""
        from cms.blocks import office_hours_schema

        data = []
        for block in self.offices:
            office = block.value
            data.append(
                {
                    "@context": "https://schema.org",
                    "@type": "Organization",
                    "name": office["name"],
                    "address": {
                        "@type": "PostalAddress",
                        "streetAddress": office["street"],
                        "postalCode": office["postal_code"],
                        "addressLocality": office["city"],
                        "addressCountry": "PL",
                    },
                    "telephone": list(office["phones"]),
                    "email": list(office["emails"]),
                    "openingHoursSpecification": office_hours_schema(office["hours"]),
                    "url": request.build_absolute_uri(self.url) if self.url else None,
                }
            )
        return data
