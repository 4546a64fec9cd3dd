"""The sitemap of a tenant site: the pages the public may see (cms.visibility), nothing else."""

from __future__ import annotations

from wagtail.contrib.sitemaps import Sitemap

from cms.visibility import public_pages


class PublicPagesSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        return (
            public_pages(root.get_descendants(inclusive=True))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
