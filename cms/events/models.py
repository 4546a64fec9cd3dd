"""The events calendar of a tenant site: an index page ("Kalendarz") and its event pages.

An event happens once or repeats by an RFC 5545 rule (see :mod:`cms.events.recurrence`); it
can have cancelled dates (EXDATE) and notes for single occurrences (topic, speaker, changed
time or place), which the iCal export writes as RECURRENCE-ID overrides.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.events import ical, jsonld, recurrence, selectors
from cms.events.choices import RepeatFrequency, Weekday, WeekdayOrdinal
from cms.events.forms import EventPageForm
from cms.events.polish import MONTHS_GEN, WEEKDAYS, WEEKDAYS_SHORT, format_month, format_times
from cms.events.validation import ChildRow, child_date_errors, clean_schedule

ICAL_CONTENT_TYPE = "text/calendar; charset=utf-8"
UPCOMING_PER_PAGE = 20
# Wagtail serves only paths of [\w-]+/ segments, so the .ics files have their own URL pattern
# (cms/events/urls.py) that finds the page by its path and calls its ical_response().
INDEX_ICAL_NAME = "kalendarz.ics"
EVENT_ICAL_NAME = "wydarzenie.ics"


def calendar_http_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ICAL_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class EventIndexPage(RoutablePageMixin, Page):
    """The calendar: upcoming occurrences, a month view and an iCal feed of all its events."""

    intro = models.TextField(
        "wstęp",
        blank=True,
        help_text="Krótki tekst nad listą wydarzeń, np. „Spotkania, szkolenia i wydarzenia "
        "ekonomii społecznej w regionie.”",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms_events.EventPage"]

    class Meta:
        verbose_name = "kalendarz wydarzeń"
        verbose_name_plural = "kalendarze wydarzeń"

    def events(self):
        """The events of this calendar; the selectors keep those the public may see."""
        return EventPage.objects.descendant_of(self)

    def _month_url(self, request, year: int, month: int) -> str:
        return (self.get_url(request) or "") + self.reverse_subpage(
            "month", kwargs={"year": f"{year:04d}", "month": f"{month:02d}"}
        )

    @path("", name="upcoming")
    def upcoming(self, request):
        occurrences = selectors.upcoming_occurrences(self.events(), now=timezone.now())
        page = selectors.paginate(occurrences, request.GET.get("strona"), UPCOMING_PER_PAGE)
        today = timezone.localdate(timezone=recurrence.EVENT_TZ)
        return self.render(
            request,
            context_overrides={
                "occurrences": page,
                "current_month_url": self._month_url(request, today.year, today.month),
                "ical_url": self.ical_url(request),
            },
        )

    @re_path(r"^miesiac/(?P<year>\d{4})/(?P<month>\d{2})/$", name="month")
    def month(self, request, year: str, month: str):
        y, m = int(year), int(month)
        if not (1 <= m <= 12 and 1900 <= y <= 2200):
            raise Http404("Nie ma takiego miesiąca.")
        view = selectors.month_calendar(
            self.events(), year=y, month=m, today=timezone.localdate(timezone=recurrence.EVENT_TZ)
        )
        return self.render(
            request,
            template="cms_events/event_index_month.html",
            context_overrides={
                "month": view,
                "month_name": format_month(y, m),
                "month_gen": MONTHS_GEN[m - 1],
                "weekday_headers": list(zip(WEEKDAYS, WEEKDAYS_SHORT, strict=True)),
                "upcoming_url": self.get_url(request),
                "previous_url": self._month_url(request, *view.previous),
                "next_url": self._month_url(request, *view.next),
                "previous_name": format_month(*view.previous),
                "next_name": format_month(*view.next),
                "ical_url": self.ical_url(request),
            },
        )

    def ical_url(self, request) -> str:
        return (self.get_url(request) or "") + INDEX_ICAL_NAME

    def ical_response(self, request) -> HttpResponse:
        """The iCal feed of the whole calendar (served by :mod:`cms.events.urls`)."""
        site = Site.find_for_request(request)
        body = ical.calendar_ical(
            selectors.calendar_events(self.events()),
            host=selectors.calendar_uid_host(),
            name=f"{self.title} – {site.site_name}" if site and site.site_name else self.title,
            request=request,
        )
        return calendar_http_response(body, "kalendarz.ics")


class EventPage(RoutablePageMixin, Page):
    """One event: a one-off meeting or a series ("w każdy trzeci czwartek miesiąca")."""

    lead = models.TextField(
        "zajawka", blank=True, help_text="Jedno–dwa zdania o wydarzeniu, widoczne na liście."
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name="treść")
    place_name = models.CharField(
        "miejsce",
        max_length=200,
        blank=True,
        help_text="Nazwa miejsca, np. „Częstochowskie Centrum Organizacji Pozarządowych”.",
    )
    place_address = models.CharField(
        "adres", max_length=255, blank=True, help_text="np. „ul. Focha 19/21, 42-217 Częstochowa”"
    )
    organiser = models.CharField(
        "organizator",
        max_length=255,
        blank=True,
        help_text="np. „Jurajski Ośrodek Wsparcia Ekonomii Społecznej”",
    )
    start_date = models.DateField(
        "data rozpoczęcia",
        help_text="Dzień pierwszego terminu. Przy wydarzeniu powtarzalnym musi pasować do "
        "reguły (np. trzeci czwartek miesiąca).",
    )
    all_day = models.BooleanField(
        "cały dzień", default=False, help_text="Zaznacz, jeśli wydarzenie nie ma godzin."
    )
    start_time = models.TimeField(
        "godzina rozpoczęcia",
        null=True,
        blank=True,
        help_text="Czas lokalny (Europe/Warsaw), np. 16:30.",
    )
    end_time = models.TimeField(
        "godzina zakończenia", null=True, blank=True, help_text="Np. 18:30; można pominąć."
    )
    end_date = models.DateField(
        "data zakończenia",
        null=True,
        blank=True,
        help_text="Tylko dla wydarzeń kilkudniowych, np. tydzień 16–22 września.",
    )
    repeat_frequency = models.CharField(
        "powtarzanie",
        max_length=8,
        choices=RepeatFrequency.choices,
        blank=True,
        default=RepeatFrequency.NONE,
        help_text="Np. „co miesiąc” + „trzeci” + „czwartek” = w każdy trzeci czwartek "
        "miesiąca. „W pierwszym tygodniu miesiąca” = „pierwszy” + wybrany dzień tygodnia.",
    )
    repeat_interval = models.PositiveSmallIntegerField(
        "co ile", default=1, help_text="1 = każdy okres, 2 = co drugi (np. co drugi tydzień)."
    )
    repeat_ordinal = models.SmallIntegerField(
        "który w miesiącu",
        choices=WeekdayOrdinal.choices,
        null=True,
        blank=True,
        help_text="Np. „trzeci” czwartek miesiąca. Puste = każdy wybrany dzień tygodnia.",
    )
    repeat_weekday = models.CharField(
        "dzień tygodnia",
        max_length=2,
        choices=Weekday.choices,
        blank=True,
        help_text="Puste przy „co tydzień” = ten sam dzień tygodnia co data rozpoczęcia.",
    )
    repeat_until = models.DateField(
        "powtarzaj do",
        null=True,
        blank=True,
        help_text="Ostatni dzień, w którym może wypaść termin (włącznie). Puste = bez końca.",
    )
    repeat_count = models.PositiveSmallIntegerField(
        "liczba terminów",
        null=True,
        blank=True,
        help_text="Zamiast daty końcowej: ile razy się odbędzie.",
    )
    rrule = models.TextField(
        "reguła RRULE",
        blank=True,
        help_text="Przy „własnej regule” wpisz regułę RFC 5545 bez DTSTART, np. "
        "FREQ=MONTHLY;BYMONTHDAY=1,2,3,4,5,6,7;BYDAY=TU (we wtorek w pierwszym tygodniu "
        "miesiąca). Przy pozostałych ustawieniach pole wypełnia się samo.",
    )
    # Derived in clean(): the last day any occurrence touches (None = repeats for ever), so that
    # the calendar loads only events that can appear in the requested range.
    last_date = models.DateField("ostatni termin", null=True, blank=True, editable=False)

    base_form_class = EventPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("start_date"),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldPanel("all_day"),
                FieldPanel("end_date"),
            ],
            heading="Termin",
            help_text="Godziny w czasie lokalnym (Europe/Warsaw).",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("repeat_frequency"), FieldPanel("repeat_interval")]),
                FieldRowPanel([FieldPanel("repeat_ordinal"), FieldPanel("repeat_weekday")]),
                FieldRowPanel([FieldPanel("repeat_until"), FieldPanel("repeat_count")]),
                FieldPanel("rrule"),
            ],
            heading="Powtarzanie",
            help_text="Przykład: CAL – co miesiąc, trzeci, czwartek, powtarzaj do 17.03.2016.",
        ),
        MultiFieldPanel(
            [FieldPanel("place_name"), FieldPanel("place_address"), FieldPanel("organiser")],
            heading="Miejsce i organizator",
        ),
        FieldPanel("body"),
        InlinePanel(
            "exceptions",
            heading="Odwołane terminy",
            label="odwołany termin",
            help_text="Dni, w które wydarzenie się nie odbędzie (muszą być terminami reguły).",
        ),
        InlinePanel(
            "notes",
            heading="Notatki do terminów",
            label="notatka",
            help_text="Temat, prowadzący, zmieniona godzina lub miejsce jednego terminu.",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("place_name"),
        index.SearchField("organiser"),
        index.FilterField("start_date"),
    ]
    parent_page_types = ["cms_events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "wydarzenie"
        verbose_name_plural = "wydarzenia"

    # --- validation ----------------------------------------------------------------------

    def clean(self) -> None:
        super().clean()
        errors = clean_schedule(self)
        if errors:
            raise ValidationError(errors)
        # The editor's form checks notes and cancelled dates row by row (the rows on the form
        # are not on the instance yet when the form validates it); every other save does here.
        if not getattr(self, "_child_rows_checked_by_form", False):
            notes = list(self.notes.all())
            exceptions = list(self.exceptions.all())
            note_errors, exception_errors = child_date_errors(
                self,
                notes=[ChildRow(n.date, n.start_time, n.end_time) for n in notes],
                exceptions=[ChildRow(x.date) for x in exceptions],
            )
            messages = [exception_errors[i] for i in sorted(exception_errors)]
            messages += [note_errors[i] for i in sorted(note_errors)]
            if messages:
                raise ValidationError(messages)
        self.last_date = recurrence.last_occurrence_date(self)

    # --- reading ---------------------------------------------------------------------------

    @property
    def is_recurring(self) -> bool:
        return recurrence.is_recurring(self)

    @property
    def rule_text(self) -> str:
        """ "w każdy trzeci czwartek miesiąca, do 17 marca 2016"."""
        return recurrence.rule_description(self)

    @property
    def time_text(self) -> str:
        """ "16:30–18:30" or "cały dzień"."""
        return format_times(
            start=self.start_time,
            end=self.end_time,
            all_day=self.all_day,
            days=recurrence.day_span(self),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        upcoming, past = selectors.event_schedule(self, now=timezone.now())
        first = selectors.event_first_occurrence(self)
        context.update(
            {
                "upcoming": upcoming,
                "past": past,
                "first_occurrence": first,
                "ical_url": self.ical_url(request),
                "json_ld": jsonld.event_json_ld(
                    self,
                    url=self.get_full_url(request),
                    occurrence=upcoming[0] if upcoming else first,
                ),
            }
        )
        return context

    @path("", name="detail")
    def detail(self, request):
        return self.render(request)

    def ical_url(self, request) -> str:
        return (self.get_url(request) or "") + EVENT_ICAL_NAME

    def ical_response(self, request) -> HttpResponse:
        """The iCal file of this event (served by :mod:`cms.events.urls`)."""
        body = ical.calendar_ical(
            [self], host=selectors.calendar_uid_host(), name=self.title, request=request
        )
        return calendar_http_response(body, f"{self.slug}.ics")


class EventException(Orderable):
    """A cancelled occurrence (EXDATE): the event does not take place on this day."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField("odwołany termin", help_text="Dzień, w którym wypadałby termin.")
    reason = models.CharField(
        "powód", max_length=255, blank=True, help_text="Np. „choroba prowadzącego”."
    )

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("reason")])]

    class Meta(Orderable.Meta):
        verbose_name = "odwołany termin"
        verbose_name_plural = "odwołane terminy"

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"


class EventNote(Orderable):
    """What is special about one occurrence: its topic, speaker, changed time or place."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(
        "termin", help_text="Dzień terminu, którego dotyczy notatka (np. 21.01.2016)."
    )
    topic = models.CharField(
        "temat", max_length=255, blank=True, help_text="Np. „Jak przeprowadzić szkolenie?”"
    )
    speaker = models.CharField(
        "prowadzący",
        max_length=255,
        blank=True,
        help_text="Np. „animator Justyna Całusińska”.",
    )
    start_time = models.TimeField(
        "zmieniona godzina rozpoczęcia",
        null=True,
        blank=True,
        help_text="Tylko gdy inna niż zwykle.",
    )
    end_time = models.TimeField(
        "zmieniona godzina zakończenia",
        null=True,
        blank=True,
        help_text="Tylko gdy inna niż zwykle.",
    )
    place_name = models.CharField(
        "zmienione miejsce", max_length=200, blank=True, help_text="Tylko gdy inne niż zwykle."
    )
    place_address = models.CharField("adres zmienionego miejsca", max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("topic"), FieldPanel("speaker")]),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("place_name"), FieldPanel("place_address")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "notatka do terminu"
        verbose_name_plural = "notatki do terminów"

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.topic}".strip()

    def clean(self) -> None:
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError(
                {
                    "end_time": "Godzina zakończenia musi być późniejsza niż godzina rozpoczęcia.",
                }
            )
