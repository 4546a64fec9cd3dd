"""Reads on the register: filtered lists, diacritic-folding search, statistics."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from cms.text import fold
from registry.models import (
    ActivityArea,
    Certificate,
    LegalForm,
    Organisation,
    OrganisationChange,
    OrganisationStatus,
)
from tenants.polish import count_pl, plural

_TOKEN = re.compile(r"\w+", re.UNICODE)
_TRUE = {"1", "true", "tak", "t", "yes", "y", "on"}
_FALSE = {"0", "false", "nie", "n", "no", "off"}


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


@dataclass(frozen=True)
class OrganisationFilters:
    """Filters shared by the public directory, the admin, the exports and the API."""

    q: str = ""
    legal_forms: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()  # area slugs
    opp: bool | None = None
    certified: bool | None = None
    statuses: tuple[str, ...] = ()
    city: str = ""
    teryt: str = ""  # a TERYT prefix: "24" (voivodeship), "2464" (county), "2464011"

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> OrganisationFilters:
        """Build from a QueryDict or dict; unknown choice values are dropped, not errors."""

        def many(key: str) -> list[str]:
            if hasattr(params, "getlist"):
                values = params.getlist(key)
            else:
                raw = params.get(key)
                values = raw if isinstance(raw, list | tuple) else ([raw] if raw else [])
            return [str(v).strip() for v in values if str(v).strip()]

        return cls(
            q=str(params.get("q") or "").strip()[:200],
            legal_forms=tuple(v for v in many("legal_form") if v in LegalForm.values),
            areas=tuple(many("area")),
            opp=_as_bool(params.get("opp")),
            certified=_as_bool(params.get("certified")),
            statuses=tuple(v for v in many("status") if v in OrganisationStatus.values),
            city=str(params.get("city") or "").strip()[:120],
            teryt=re.sub(r"\D", "", str(params.get("teryt") or ""))[:7],
        )


def search_query(q: str) -> SearchQuery | None:
    """A prefix tsquery over folded words ("Częstoch" -> 'czestoch':*), or None if empty."""
    tokens = _TOKEN.findall(fold(q))[:12]
    if not tokens:
        return None
    raw = " & ".join(f"'{token}':*" for token in tokens)
    return SearchQuery(raw, search_type="raw", config="simple")


def organisation_search(q: str, *, queryset: QuerySet[Organisation] | None = None):
    """Organisations matching every word of ``q`` as a word prefix, diacritics folded.

    "czestochowa", "CZĘSTOCHOWA" and "Częstochowa" find the same rows; the GIN index on the
    generated ``search_vector`` column serves the query.
    """
    qs = Organisation.objects.all() if queryset is None else queryset
    query = search_query(q)
    if query is None:
        return qs
    return qs.filter(search_vector=query)


def organisation_list(
    *, filters: OrganisationFilters | None = None, published_only: bool = True
) -> QuerySet[Organisation]:
    """Live organisations (no tombstones) matching ``filters``; public lists see published ones."""
    filters = filters or OrganisationFilters()
    qs = Organisation.objects.all()
    if published_only:
        qs = qs.filter(status=OrganisationStatus.PUBLISHED)
    elif filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.legal_forms:
        qs = qs.filter(legal_form__in=filters.legal_forms)
    if filters.areas:
        qs = qs.filter(
            Exists(
                Organisation.areas.through.objects.filter(
                    organisation=OuterRef("pk"), activityarea__slug__in=filters.areas
                )
            )
        )
    if filters.opp is not None:
        qs = qs.filter(is_opp=filters.opp)
    if filters.certified is not None:
        has_cert = Exists(Certificate.objects.filter(organisation=OuterRef("pk")))
        qs = qs.filter(has_cert if filters.certified else ~has_cert)
    if filters.city:
        qs = qs.filter(city__iexact=filters.city)
    if filters.teryt:
        qs = qs.filter(teryt__startswith=filters.teryt)
    if filters.q:
        qs = organisation_search(filters.q, queryset=qs)
    return qs


def organisation_list_with_relations(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Prefetch what list pages and exports show (areas, certificates), no N+1."""
    return qs.prefetch_related(
        Prefetch("areas", queryset=ActivityArea.objects.order_by("position", "name")),
        Prefetch("certificates", queryset=Certificate.objects.order_by("-year", "name")),
    )


def organisation_statistics(
    *, filters: OrganisationFilters | None = None, published_only: bool = True
) -> dict[str, Any]:
    """Counts by legal form, area, OPP status and certification (zero rows included)."""
    qs = organisation_list(filters=filters, published_only=published_only)
    total = qs.count()
    form_counts = dict(qs.order_by().values_list("legal_form").annotate(n=Count("id")))
    by_legal_form = [
        {"code": code, "label": label, "count": form_counts.get(code, 0)}
        for code, label in LegalForm.choices
    ]
    area_counts = dict(
        Organisation.areas.through.objects.filter(organisation__in=qs.values("pk"))
        .order_by()
        .values_list("activityarea_id")
        .annotate(n=Count("organisation_id", distinct=True))
    )
    by_area = [
        {"slug": area.slug, "label": area.name, "count": area_counts.get(area.pk, 0)}
        for area in ActivityArea.objects.all()
    ]
    flags = qs.aggregate(
        opp=Count("id", filter=Q(is_opp=True)),
        certified=Count(
            "id", filter=Q(Exists(Certificate.objects.filter(organisation=OuterRef("pk"))))
        ),
    )
    return {
        "total": total,
        "by_legal_form": by_legal_form,
        "by_area": by_area,
        "opp": flags["opp"],
        "certified": flags["certified"],
    }


def organisation_get_public(*, pk: int) -> Organisation:
    """A published organisation or DoesNotExist (deleted, archived and foreign look the same)."""
    return organisation_list_with_relations(
        Organisation.objects.filter(status=OrganisationStatus.PUBLISHED)
    ).get(pk=pk)


def organisation_history(*, organisation: Organisation) -> QuerySet[OrganisationChange]:
    return OrganisationChange.objects.filter(organisation=organisation).select_related("user")


def organisation_changed_since(*, since) -> QuerySet[Organisation]:
    """Every organisation touched since ``since``, tombstones included (for sync)."""
    return Organisation.all_objects.filter(updated_at__gte=since).order_by("updated_at", "id")


# --- Public directory --------------------------------------------------------------------

# The Polish alphabet; digits sort before it, other letters (by their folded form) after it.
_POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_POLISH_RANK = {letter: index for index, letter in enumerate(_POLISH_ALPHABET)}


def polish_sort_key(text: str) -> tuple:
    """Sort key following the Polish alphabet ("Łódź" after "Lublin", before "Mława").

    The database runs with the C collation (no ICU in the embedded PostgreSQL), which puts
    every Polish letter after "z"; lists sorted in Python use this key instead.
    """
    lowered = (text or "").lower()
    primary = tuple(
        (0, int(ch))
        if ch.isdigit()
        else (1, _POLISH_RANK[ch])
        if ch in _POLISH_RANK
        else (2, ord(fold(ch)[:1] or ch))
        for ch in lowered
        if ch.isalnum()
    )
    return (primary, lowered)


# (one, few, many) of each legal form, for sentences such as "223 fundacje, 37 stowarzyszeń".
LEGAL_FORM_PLURALS: dict[str, tuple[str, str, str]] = {
    LegalForm.FOUNDATION: ("fundacja", "fundacje", "fundacji"),
    LegalForm.ASSOCIATION: ("stowarzyszenie", "stowarzyszenia", "stowarzyszeń"),
    LegalForm.OSP: (
        "ochotnicza straż pożarna",
        "ochotnicze straże pożarne",
        "ochotniczych straży pożarnych",
    ),
    LegalForm.OSP_UNION: (
        "związek ochotniczych straży pożarnych",
        "związki ochotniczych straży pożarnych",
        "związków ochotniczych straży pożarnych",
    ),
    LegalForm.SPORTS_CLUB: ("klub sportowy", "kluby sportowe", "klubów sportowych"),
    LegalForm.PUPILS_SPORTS_CLUB: (
        "uczniowski klub sportowy",
        "uczniowskie kluby sportowe",
        "uczniowskich klubów sportowych",
    ),
    LegalForm.SOCIAL_COOPERATIVE: (
        "spółdzielnia socjalna",
        "spółdzielnie socjalne",
        "spółdzielni socjalnych",
    ),
    LegalForm.CIS: (
        "centrum integracji społecznej",
        "centra integracji społecznej",
        "centrów integracji społecznej",
    ),
    LegalForm.KIS: (
        "klub integracji społecznej",
        "kluby integracji społecznej",
        "klubów integracji społecznej",
    ),
    LegalForm.ZAZ: (
        "zakład aktywności zawodowej",
        "zakłady aktywności zawodowej",
        "zakładów aktywności zawodowej",
    ),
    LegalForm.WTZ: (
        "warsztat terapii zajęciowej",
        "warsztaty terapii zajęciowej",
        "warsztatów terapii zajęciowej",
    ),
    LegalForm.NONPROFIT_COMPANY: ("spółka non-profit", "spółki non-profit", "spółek non-profit"),
    LegalForm.OTHER: ("inny podmiot", "inne podmioty", "innych podmiotów"),
}


def organisation_statistics_sentence(stats: Mapping[str, Any]) -> str:
    """One Polish sentence from ``organisation_statistics``: "931 podmiotów: 223 fundacje, …".

    Legal forms with no organisation are left out; OPP and certified counts follow.
    """
    total = stats["total"]
    text = count_pl(total, ("podmiot", "podmioty", "podmiotów"))
    parts = [
        count_pl(row["count"], LEGAL_FORM_PLURALS[row["code"]])
        for row in stats["by_legal_form"]
        if row["count"]
    ]
    if parts:
        text += ": " + ", ".join(parts)
    if total:
        text += (
            f"; {stats['opp']} z nich {plural(stats['opp'], 'ma', 'mają', 'ma')} status "
            "organizacji pożytku publicznego"
        )
        text += (
            f", a {stats['certified']} {plural(stats['certified'], 'ma', 'mają', 'ma')} "
            "certyfikat jakości lub nagrodę"
        )
    return text + "."


def organisation_public_list(*, filters: OrganisationFilters | None = None):
    """Published organisations for the public directory, in (diacritic-folded) name order."""
    return organisation_list_with_relations(
        organisation_list(filters=filters, published_only=True).order_by("search_text", "id")
    )


def organisation_map_points(*, filters: OrganisationFilters | None = None) -> list[dict[str, Any]]:
    """Published organisations that have coordinates: plain rows for the map and its table."""
    return list(
        organisation_list(filters=filters, published_only=True)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("search_text", "id")
        .values(
            "id", "name", "legal_form", "street", "postal_code", "city", "latitude", "longitude"
        )
    )


def organisation_opp_list() -> list[Organisation]:
    """Published public-benefit (OPP) organisations with a KRS number, in Polish name order
    (the 1.5% income-tax page)."""
    rows = list(
        Organisation.objects.filter(status=OrganisationStatus.PUBLISHED, is_opp=True)
        .exclude(krs="")
        .only("id", "name", "krs", "city", "opp_since")
    )
    return sorted(rows, key=lambda org: (polish_sort_key(org.name), org.pk))
