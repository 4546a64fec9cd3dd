"""Wagtail models of a tenant site. Each module holds one concept; all are re-exported here."""

from cms.models.images import CustomImage, CustomRendition
from cms.models.pages import HomePage, StandardPage
from cms.models.site_settings import SiteSettings

__all__ = ["CustomImage", "CustomRendition", "HomePage", "SiteSettings", "StandardPage"]
