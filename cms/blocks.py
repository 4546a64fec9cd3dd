"""StreamField blocks shared by the page types of a tenant site."""

from __future__ import annotations

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading (h2 or h3) so that editors keep the heading outline valid."""

    text = blocks.CharBlock(label="tekst")
    level = blocks.ChoiceBlock(
        choices=[("h2", "nagłówek 2"), ("h3", "nagłówek 3")], default="h2", label="poziom"
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"
        label = "Nagłówek"
        preview_value = {"text": "Ekonomia społeczna w regionie", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    """An image with its (required) alternative text and an optional caption."""

    image = ImageChooserBlock(label="obraz")
    caption = blocks.CharBlock(required=False, label="podpis")

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"
        label = "Obraz"


class QuoteBlock(blocks.StructBlock):
    """A quotation with its author, e.g. a statement of the mayor or a centre's manager."""

    quote = blocks.TextBlock(label="cytat")
    author = blocks.CharBlock(required=False, label="autor")

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"
        label = "Cytat"
        preview_value = {
            "quote": "Ekonomia społeczna to jeden z naszych miejskich priorytetów.",
            "author": "Krzysztof Matyjaszczyk, prezydent Częstochowy",
        }


class DocumentBlock(blocks.StructBlock):
    """A link to a document (agreement, minutes, report) with its file type and size."""

    document = DocumentChooserBlock(label="dokument")
    title = blocks.CharBlock(required=False, label="tytuł odnośnika")

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document.html"
        label = "Dokument"


class BodyBlock(blocks.StreamBlock):
    """The body of standard, news and event pages."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"], label="Akapit"
    )
    image = ImageBlock()
    quote = QuoteBlock()
    document = DocumentBlock()

    class Meta:
        template = "cms/blocks/body.html"
