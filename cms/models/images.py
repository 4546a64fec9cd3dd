from __future__ import annotations

from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    """An image with a required alternative text (WCAG 2.1 SC 1.1.1)."""

    description = models.CharField(
        "tekst alternatywny",
        max_length=255,
        help_text="Opisz, co przedstawia obraz, dla osób niewidomych (np. „Uczestnicy "
        "spotkania partnerstwa w Starostwie Powiatowym w Jędrzejowie”).",
    )

    admin_form_fields = Image.admin_form_fields

    class Meta:
        verbose_name = "obraz"
        verbose_name_plural = "obrazy"

    @property
    def default_alt_text(self) -> str:
        return self.description


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
