"""RSS 2.0 feed of a news index (Django's syndication framework)."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "pl"
    LIMIT = 30

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def title(self):
        site = self.index_page.get_site()
        return f"{self.index_page.title} – {site.site_name if site else ''}".strip(" –")

    def link(self):
        return self.index_page.url

    def description(self):
        return f"Aktualności serwisu {self.title()}"

    def items(self):
        return self.index_page.news()[: self.LIMIT]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(12, 0)))

    def item_guid(self, item):
        return f"{item.get_site().hostname}/page/{item.pk}"

    item_guid_is_permalink = False
