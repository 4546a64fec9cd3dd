"""Keep the site search index and the page cache in step with what is published."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.cache import page_cache_bump


def _index_page(sender, instance, **kwargs):
    from cms.search import search_document_update

    search_document_update(page=instance)
    page_cache_bump()


def _page_deleted(sender, instance, **kwargs):
    from cms.search import search_document_delete

    search_document_delete(page_id=instance.pk)
    page_cache_bump()


def connect() -> None:
    page_published.connect(_index_page, dispatch_uid="cms_index_published")
    page_unpublished.connect(_index_page, dispatch_uid="cms_index_unpublished")
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid="cms_page_deleted")
    post_page_move.connect(page_cache_bump, dispatch_uid="cms_cache_moved")
    page_slug_changed.connect(page_cache_bump, dispatch_uid="cms_cache_slug")
    post_save.connect(page_cache_bump, sender=Site, dispatch_uid="cms_cache_site")
    # A page made private (or public again) must leave the cached lists and pages at once;
    # search needs no re-index: it applies the visibility rule when it runs.
    for model in (PageViewRestriction, CollectionViewRestriction):
        name = model._meta.model_name
        post_save.connect(page_cache_bump, sender=model, dispatch_uid=f"cms_cache_{name}")
        post_delete.connect(page_cache_bump, sender=model, dispatch_uid=f"cms_cache_{name}_del")
    from cms.models import SiteSettings

    post_save.connect(page_cache_bump, sender=SiteSettings, dispatch_uid="cms_cache_settings")
