"""StreamField blocks shared by the page types of a tenant site."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from tenants.models import Weekday
from tenants.polish import POSTAL_CODE_PATTERN


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


# Values are the weekday numbers as text (StreamField choices); labels from tenants.Weekday.
WEEKDAYS = [(str(value), label) for value, label in Weekday.choices]
SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class OfficeHoursBlock(blocks.StructBlock):
    """Opening hours on one weekday (JOWES: Tuesday 7:30–17:00)."""

    day = blocks.ChoiceBlock(choices=WEEKDAYS, label="dzień")
    opens = blocks.TimeBlock(label="od")
    closes = blocks.TimeBlock(label="do")

    class Meta:
        icon = "time"
        label = "Godziny pracy"

    def clean(self, value):
        value = super().clean(value)
        if value["opens"] >= value["closes"]:
            raise blocks.StructBlockValidationError(
                block_errors={"closes": ValidationError("Godzina zamknięcia musi być po otwarciu.")}
            )
        return value


class OfficeHoursListBlock(blocks.ListBlock):
    def clean(self, value):
        value = super().clean(value)
        days = [item["day"] for item in value]
        if len(days) != len(set(days)):
            raise blocks.ListBlockValidationError(
                non_block_errors=[ValidationError("Każdy dzień tygodnia można podać tylko raz.")]
            )
        return value


class OfficeBlock(blocks.StructBlock):
    """An office or point of contact with its address, phones, e-mails and office hours."""

    name = blocks.CharBlock(label="nazwa", help_text="np. Wydział Polityki Społecznej")
    street = blocks.CharBlock(label="ulica i numer")
    postal_code = blocks.RegexBlock(
        regex=POSTAL_CODE_PATTERN,
        label="kod pocztowy",
        error_messages={"invalid": "Kod pocztowy musi mieć postać 00-000."},
    )
    city = blocks.CharBlock(label="miejscowość")
    phones = blocks.ListBlock(blocks.CharBlock(label="telefon"), label="telefony", min_num=0)
    emails = blocks.ListBlock(blocks.EmailBlock(label="e-mail"), label="adresy e-mail", min_num=0)
    hours = OfficeHoursListBlock(OfficeHoursBlock(), label="godziny pracy", min_num=0)
    note = blocks.CharBlock(required=False, label="uwagi", help_text="np. pok. 29 i 46")

    class Meta:
        icon = "home"
        template = "cms/blocks/office.html"
        label = "Biuro"


def office_hours_text(hours) -> list[tuple[str, str]]:
    """Weekdays with the same hours grouped: [("poniedziałek, środa, czwartek, piątek",
    "7:30–15:30"), ("wtorek", "7:30–17:00")], in weekday order of first appearance."""
    names = dict(WEEKDAYS)
    groups: dict[str, list[str]] = {}
    for item in sorted(hours, key=lambda h: h["day"]):
        span = f"{item['opens'].hour}:{item['opens']:%M}–{item['closes'].hour}:{item['closes']:%M}"
        groups.setdefault(span, []).append(names[item["day"]])
    return [(", ".join(days), span) for span, days in groups.items()]


def office_hours_schema(hours) -> list[dict]:
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[int(item['day'])]}",
            "opens": item["opens"].strftime("%H:%M"),
            "closes": item["closes"].strftime("%H:%M"),
        }
        for item in sorted(hours, key=lambda h: h["day"])
    ]
