from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock


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
