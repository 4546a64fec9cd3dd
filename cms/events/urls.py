"""URL of the iCal files; include before Wagtail's own URLs in the tenant URLconf."""

from django.urls import re_path

from cms.events import views

urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)(?P<filename>kalendarz\.ics|wydarzenie\.ics)$",
        views.ical_file,
        name="cms_events_ical",
    ),
]
