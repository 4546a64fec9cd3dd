"""The public organisation directory of a tenant site: list, detail, map, GeoJSON, statistics,
the 1.5% tax page. Only published, not deleted organisations of the current tenant are shown.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cms.forms.models import PublicFormPage
from cms.text import json_ld, slugify_pl
from registry.handlers import HANDLER_KEY
from registry.models import ActivityArea, LegalForm, Organisation
from registry.selectors import (
    OrganisationFilters,
    organisation_get_public,
    organisation_map_points,
    organisation_opp_list,
    organisation_public_list,
    organisation_statistics,
    organisation_statistics_sentence,
)
from tenants.polish import count_pl

PER_PAGE = 20
MAX_QUERY_LENGTH = 200
PAGE_PARAM = "strona"
DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = "© autorzy OpenStreetMap (licencja ODbL)"
ORGANISATION_FORMS = ("organizacja", "organizacje", "organizacji")
LEGAL_FORM_LABELS = dict(LegalForm.choices)

_YES_NO = [("", "wszystkie"), ("tak", "tak"), ("nie", "nie")]
_AS_BOOL = {"tak": True, "nie": False}


class _KnownChoicesField(forms.MultipleChoiceField):
    """A multiple choice that keeps the known values and remembers the unknown ones.

    A stale bookmark or a hand-edited address ("?legal_form=xyz") then narrows by what it can
    and the page says what it left out, instead of failing or ignoring the whole filter.
    """

    def clean(self, value: Any) -> list[str]:
        values = self.to_python(value)
        self.unknown = [v for v in values if not self.valid_value(v)]
        return [v for v in values if self.valid_value(v)]


class OrganisationFilterForm(forms.Form):
    """The GET form of the directory, the map and the GeoJSON feed."""

    q = forms.CharField(
        label="Szukaj organizacji",
        required=False,
        help_text="Nazwa, miejscowość albo numer KRS, NIP lub REGON; wielkość liter i polskie "
        "znaki nie mają znaczenia.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    legal_form = _KnownChoicesField(
        label="Forma prawna",
        required=False,
        choices=LegalForm.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    area = _KnownChoicesField(
        label="Obszar działalności", required=False, widget=forms.CheckboxSelectMultiple
    )
    opp = forms.ChoiceField(
        label="Organizacja pożytku publicznego (OPP)", required=False, choices=_YES_NO
    )
    certified = forms.ChoiceField(
        label="Ma certyfikat jakości lub nagrodę", required=False, choices=_YES_NO
    )

    UNKNOWN_MESSAGES = {
        "legal_form": "Nieznana forma prawna: %s.",
        "area": "Nieznany obszar działalności: %s.",
    }

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = areas  # type: ignore[attr-defined]
        self.problems: list[str] = []

    def clean_q(self) -> str:
        text = " ".join(self.cleaned_data.get("q", "").split())
        if len(text) > MAX_QUERY_LENGTH:
            self.problems.append(
                f"Wyszukiwane słowa są za długie (najwyżej {MAX_QUERY_LENGTH} znaków) – "
                f"szukamy według pierwszych {MAX_QUERY_LENGTH}."
            )
            text = text[:MAX_QUERY_LENGTH]
        return text

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        for name, message in self.UNKNOWN_MESSAGES.items():
            unknown = getattr(self.fields[name], "unknown", [])
            if unknown:
                self.problems.append(message % ", ".join(f"„{v}”" for v in unknown))
        for name in ("opp", "certified"):
            if name in self.errors:
                value = str(self.data.get(name, ""))
                label = self.fields[name].label
                self.problems.append(
                    f"Filtr „{label}” przyjmuje wartości „tak” albo „nie” (podano „{value}”)."
                )

    def filters(self) -> OrganisationFilters:
        """Filters from the valid part of the input (unknown values are left out)."""
        data = self.cleaned_data if self.is_bound else {}
        return OrganisationFilters(
            q=data.get("q", ""),
            legal_forms=tuple(data.get("legal_form", ())),
            areas=tuple(data.get("area", ())),
            opp=_AS_BOOL.get(data.get("opp", "")),
            certified=_AS_BOOL.get(data.get("certified", "")),
        )

    def querystring(self) -> str:
        """The valid filters as a query string ("" when none), e.g. for pagination links."""
        data = self.cleaned_data if self.is_bound else {}
        pairs: list[tuple[str, str]] = []
        if data.get("q"):
            pairs.append(("q", data["q"]))
        pairs += [("legal_form", v) for v in data.get("legal_form", ())]
        pairs += [("area", v) for v in data.get("area", ())]
        pairs += [(name, data[name]) for name in ("opp", "certified") if data.get(name)]
        return urlencode(pairs)

    @property
    def active(self) -> bool:
        return bool(self.querystring())


def _filter_form(request: HttpRequest) -> OrganisationFilterForm:
    areas = list(ActivityArea.objects.values_list("slug", "name"))
    form = OrganisationFilterForm(request.GET, areas=areas)
    form.is_valid()  # fills cleaned_data and problems; invalid parts are left out
    return form


def organisation_url(organisation: Organisation | dict[str, Any]) -> str:
    pk = organisation["id"] if isinstance(organisation, dict) else organisation.pk
    name = organisation["name"] if isinstance(organisation, dict) else organisation.name
    return reverse(
        "registry_public:detail", kwargs={"pk": pk, "slug": slugify_pl(name) or "organizacja"}
    )


def _page_of(paginator: Paginator, raw: str | None, problems: list[str]) -> Page:
    """The requested page; a garbled or too large number gets the nearest page and a note."""
    if raw in (None, ""):
        return paginator.page(1)
    try:
        number = int(str(raw).strip())
    except ValueError:
        number = 0
    if number < 1:
        problems.append(f"Numer strony „{raw}” jest niepoprawny – pokazujemy pierwszą stronę.")
        return paginator.page(1)
    if number > paginator.num_pages:
        last = paginator.num_pages
        problems.append(
            f"Nie ma strony {number}: lista ma {count_pl(last, ('stronę', 'strony', 'stron'))} "
            "– pokazujemy ostatnią."
        )
        return paginator.page(last)
    return paginator.page(number)


def _submission_form_url(request: HttpRequest) -> str | None:
    """The address of the site's live „Zgłoś organizację” form page, if there is one."""
    page = PublicFormPage.objects.live().filter(handler_key=HANDLER_KEY).first()
    return page.get_url(request=request) if page is not None else None


@require_GET
def organisation_list_view(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    paginator = Paginator(organisation_public_list(filters=form.filters()), PER_PAGE)
    page = _page_of(paginator, request.GET.get(PAGE_PARAM), form.problems)
    organisations = list(page.object_list)
    for organisation in organisations:
        organisation.public_url = organisation_url(organisation)
    query = form.querystring()
    return render(
        request,
        "registry/public/organisation_list.html",
        {
            "form": form,
            "page_obj": page,
            "organisations": organisations,
            "count_text": count_pl(paginator.count, ORGANISATION_FORMS),
            "query": query,
            "page_link_prefix": f"?{query}&{PAGE_PARAM}=" if query else f"?{PAGE_PARAM}=",
            "submission_url": _submission_form_url(request),
            "nav": "list",
        },
    )


def _organisation_json_ld(organisation: Organisation, url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": url,
    }
    optional = {
        "alternateName": organisation.short_name,
        "description": organisation.description,
        "email": organisation.email,
        "telephone": organisation.phone,
        "sameAs": organisation.website,
        "taxID": organisation.nip,
        "founder": organisation.founders,
        "foundingDate": organisation.founded_on.isoformat() if organisation.founded_on else "",
    }
    data.update({key: value for key, value in optional.items() if value})
    if organisation.street or organisation.city or organisation.postal_code:
        address = {"@type": "PostalAddress", "addressCountry": "PL"}
        for key, value in (
            ("streetAddress", organisation.street),
            ("postalCode", organisation.postal_code),
            ("addressLocality", organisation.city),
        ):
            if value:
                address[key] = value
        data["address"] = address
    if organisation.latitude is not None and organisation.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(organisation.latitude),
            "longitude": float(organisation.longitude),
        }
    identifiers = [
        {"@type": "PropertyValue", "propertyID": label, "value": value}
        for label, value in (
            ("KRS", organisation.krs),
            ("NIP", organisation.nip),
            ("REGON", organisation.regon),
        )
        if value
    ]
    if identifiers:
        data["identifier"] = identifiers
    if organisation.employees is not None:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": organisation.employees}
    areas = [area.name for area in organisation.areas.all()]
    if areas:
        data["knowsAbout"] = areas
    awards = [
        str(cert) + (f" ({cert.year})" if cert.year else "")
        for cert in organisation.certificates.all()
    ]
    if awards:
        data["award"] = awards
    return data


@require_GET
def organisation_detail_view(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    try:
        organisation = organisation_get_public(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404("Nie ma takiej organizacji w bazie.") from None
    url = organisation_url(organisation)
    if request.path != url:
        return redirect(url, permanent=True)
    return render(
        request,
        "registry/public/organisation_detail.html",
        {
            "organisation": organisation,
            "json_ld": json_ld(
                _organisation_json_ld(organisation, request.build_absolute_uri(url))
            ),
            "nav": "detail",
        },
    )


def _address(row: dict[str, Any]) -> str:
    town = " ".join(p for p in (row["postal_code"], row["city"]) if p)
    return ", ".join(p for p in (row["street"], town) if p)


@require_GET
def organisation_map_view(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    points = organisation_map_points(filters=form.filters())
    for row in points:
        row["url"] = organisation_url(row)
        row["address"] = _address(row)
        row["legal_form_label"] = LEGAL_FORM_LABELS.get(row["legal_form"], row["legal_form"])
    query = form.querystring()
    geojson_url = reverse("registry_public:geojson") + (f"?{query}" if query else "")
    return render(
        request,
        "registry/public/organisation_map.html",
        {
            "form": form,
            "points": points,
            "count_text": count_pl(len(points), ORGANISATION_FORMS),
            "geojson_url": geojson_url,
            "tile_url": getattr(settings, "REGISTRY_MAP_TILE_URL", DEFAULT_TILE_URL),
            "attribution": getattr(settings, "REGISTRY_MAP_ATTRIBUTION", DEFAULT_ATTRIBUTION),
            "nav": "map",
        },
    )


@require_GET
def organisation_geojson_view(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    if form.problems:
        return JsonResponse(
            {"errors": form.problems},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    features = [
        {
            "type": "Feature",
            "id": row["id"],
            "geometry": {
                "type": "Point",
                "coordinates": [float(row["longitude"]), float(row["latitude"])],
            },
            "properties": {
                "name": row["name"],
                "legal_form": row["legal_form"],
                "legal_form_label": LEGAL_FORM_LABELS.get(row["legal_form"], row["legal_form"]),
                "address": _address(row),
                "url": organisation_url(row),
            },
        }
        for row in organisation_map_points(filters=form.filters())
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


def _share(count: int, total: int) -> str:
    if not total:
        return "0,0%"
    return f"{count * 100 / total:.1f}%".replace(".", ",")


@require_GET
def organisation_statistics_view(request: HttpRequest) -> HttpResponse:
    stats = organisation_statistics()
    total = stats["total"]
    for row in (*stats["by_legal_form"], *stats["by_area"]):
        row["share"] = _share(row["count"], total)
    return render(
        request,
        "registry/public/organisation_statistics.html",
        {
            "stats": stats,
            "sentence": organisation_statistics_sentence(stats),
            "opp_share": _share(stats["opp"], total),
            "certified_share": _share(stats["certified"], total),
            "nav": "stats",
        },
    )


@require_GET
def organisation_tax_view(request: HttpRequest) -> HttpResponse:
    organisations = organisation_opp_list()
    for organisation in organisations:
        organisation.public_url = organisation_url(organisation)
    return render(
        request,
        "registry/public/organisation_tax.html",
        {
            "organisations": organisations,
            "count_text": count_pl(len(organisations), ORGANISATION_FORMS),
            "nav": "tax",
        },
    )
