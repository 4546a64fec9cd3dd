from __future__ import annotations

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The tenant site's home page (one per tenant, directly under the tree root)."""

    intro = RichTextField("wstęp", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "strona główna"
        verbose_name_plural = "strony główne"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tenant"] = getattr(request, "tenant", None)
        return context
