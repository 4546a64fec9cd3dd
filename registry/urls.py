"""The public organisation directory; mounted at "organizacje/" before Wagtail's catch-all."""

from django.urls import path

from registry import views

app_name = "registry_public"

urlpatterns = [
    path("", views.organisation_list_view, name="list"),
    path("mapa/", views.organisation_map_view, name="map"),
    path("mapa.geojson", views.organisation_geojson_view, name="geojson"),
    path("statystyki/", views.organisation_statistics_view, name="statistics"),
    path("1-5-procent/", views.organisation_tax_view, name="tax"),
    path("<int:pk>-<slug:slug>/", views.organisation_detail_view, name="detail"),
    path("<int:pk>/", views.organisation_detail_view, name="detail_short"),
]
