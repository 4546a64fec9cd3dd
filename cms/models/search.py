from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Value


class PageSearchDocument(models.Model):
    """Folded text of a live page for site search ("czestochowa" finds "Częstochowa").

    Kept by ``cms.search.search_document_update`` when a page is published and removed when it
    is unpublished or deleted. The vector is a generated column with the ``simple``
    configuration (PostgreSQL has no Polish stemmer; the embedded server has no unaccent).
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    path = models.CharField(max_length=255, db_index=True)
    title = models.CharField(max_length=255)
    text = models.TextField()
    vector = models.GeneratedField(
        expression=SearchVector("text", config=Value("simple")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [GinIndex(fields=["vector"], name="cms_pagesearch_vector_gin")]
        verbose_name = "indeks wyszukiwarki"
        verbose_name_plural = "indeks wyszukiwarki"

    def __str__(self) -> str:
        return self.title
