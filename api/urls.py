"""API v1, mounted at /api/v1/ on every tenant host (``config/urls_tenants.py``)."""

from __future__ import annotations

from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from api import views
from api.problems import not_found_view

# Documentation is public (integrators read it before they have a key); data is not.
_public: dict[str, list[object]] = {
    "authentication_classes": [],
    "permission_classes": [],
    "throttle_classes": [],
}

urlpatterns = [
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisations/<int:pk>/", views.OrganisationItemView.as_view(), name="organisation-detail"
    ),
    path("activity-areas/", views.ActivityAreaListView.as_view(), name="activity-area-list"),
    path("partnerships/", views.PartnershipListView.as_view(), name="partnership-list"),
    path("partnerships/<int:pk>/", views.PartnershipItemView.as_view(), name="partnership-detail"),
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    path("projects/<int:pk>/", views.ProjectItemView.as_view(), name="project-detail"),
    path("news/", views.NewsListView.as_view(), name="news-list"),
    path("news/<int:pk>/", views.NewsItemView.as_view(), name="news-detail"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/occurrences/", views.EventOccurrencesView.as_view(), name="event-occurrences"),
    path("events/<int:pk>/", views.EventItemView.as_view(), name="event-detail"),
    path("changes/", views.ChangesView.as_view(), name="changes"),
    path("schema/", SpectacularAPIView.as_view(**_public), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="v1:schema", **_public),
        name="docs",
    ),
    path(
        "docs/redoc/",
        SpectacularRedocView.as_view(
            url_name="v1:schema", template_name="api/redoc.html", **_public
        ),
        name="redoc",
    ),
    re_path(r"^.*$", not_found_view, name="not-found"),
]
