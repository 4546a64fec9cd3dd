"""Wagtail models of a tenant site. Each module holds one concept; all are re-exported here."""

from cms.models.images import CustomImage, CustomRendition
from cms.models.pages import (
    AccessibilityStatementPage,
    ContactPage,
    GalleryImage,
    GalleryPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from cms.models.search import PageSearchDocument
from cms.models.site_settings import SiteSettings

__all__ = [
    "AccessibilityStatementPage",
    "ContactPage",
    "CustomImage",
    "CustomRendition",
    "GalleryImage",
    "GalleryPage",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "PageSearchDocument",
    "SiteSettings",
    "StandardPage",
]
