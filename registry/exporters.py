"""Export of the register: CSV, XLSX, JSON and Open Referral HSDS-style JSON.

The CSV/XLSX columns carry the Polish headers the importer recognises, so an exported file
imports back unchanged (round trip); no cell can run as a formula in a spreadsheet
(``registry.spreadsheets``). Every export takes the same ``OrganisationFilters`` as the lists,
so it contains exactly what the editor filtered.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from registry.models import Organisation
from registry.selectors import (
    OrganisationFilters,
    organisation_list,
    organisation_list_with_relations,
)
from registry.spreadsheets import SafeCsvWriter, xlsx_row

# (header, value getter) in file order
COLUMNS: list[tuple[str, Any]] = [
    ("Nazwa", lambda o: o.name),
    ("Nazwa skrócona", lambda o: o.short_name),
    ("Forma prawna", lambda o: o.get_legal_form_display()),
    ("KRS", lambda o: o.krs),
    ("NIP", lambda o: o.nip),
    ("REGON", lambda o: o.regon),
    ("Status OPP", lambda o: "tak" if o.is_opp else "nie"),
    ("OPP od", lambda o: o.opp_since.isoformat() if o.opp_since else ""),
    ("Obszary działalności", lambda o: "; ".join(a.name for a in o.areas.all())),
    ("Opis", lambda o: o.description),
    ("Adres", lambda o: o.street),
    ("Kod pocztowy", lambda o: o.postal_code),
    ("Miejscowość", lambda o: o.city),
    ("TERYT", lambda o: o.teryt),
    ("Szerokość", lambda o: "" if o.latitude is None else format(o.latitude, "f")),
    ("Długość", lambda o: "" if o.longitude is None else format(o.longitude, "f")),
    ("E-mail", lambda o: o.email),
    ("Telefon", lambda o: o.phone),
    ("Osoba do kontaktu", lambda o: o.contact_person),
    ("Strona www", lambda o: o.website),
    ("Zatrudnienie", lambda o: "" if o.employees is None else o.employees),
    ("Dotowane miejsca pracy", lambda o: "" if o.subsidised_jobs is None else o.subsidised_jobs),
    ("Założyciele", lambda o: o.founders),
]
FORMATS = ("csv", "xlsx", "json", "hsds")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "hsds": "application/json",
}


def export_queryset(
    *, filters: OrganisationFilters | None = None, published_only: bool = True
) -> QuerySet[Organisation]:
    return organisation_list_with_relations(
        organisation_list(filters=filters, published_only=published_only)
    )


def _iter(qs: QuerySet[Organisation]) -> Iterator[Organisation]:
    return qs.iterator(chunk_size=2000)


def export_csv(qs: QuerySet[Organisation]) -> str:
    """Semicolon-separated UTF-8 with BOM: what Polish spreadsheet users open without a wizard.

    Cells that a spreadsheet would run as a formula are escaped (``registry.spreadsheets``).
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = SafeCsvWriter(out, delimiter=";")
    writer.writerow([h for h, _ in COLUMNS])
    for org in _iter(qs):
        writer.writerow([get(org) for _, get in COLUMNS])
    return out.getvalue()


def export_xlsx(qs: QuerySet[Organisation]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Organizacje")
    sheet.append([h for h, _ in COLUMNS])
    for org in _iter(qs):
        sheet.append(xlsx_row(sheet, [get(org) for _, get in COLUMNS]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def organisation_as_json(org: Organisation) -> dict[str, Any]:
    return {
        "id": org.pk,
        "name": org.name,
        "short_name": org.short_name,
        "legal_form": org.legal_form,
        "legal_form_label": org.get_legal_form_display(),
        "krs": org.krs,
        "nip": org.nip,
        "regon": org.regon,
        "is_opp": org.is_opp,
        "opp_since": org.opp_since.isoformat() if org.opp_since else None,
        "areas": [a.slug for a in org.areas.all()],
        "description": org.description,
        "address": {
            "street": org.street,
            "postal_code": org.postal_code,
            "city": org.city,
            "teryt": org.teryt,
        },
        "latitude": None if org.latitude is None else format(org.latitude, "f"),
        "longitude": None if org.longitude is None else format(org.longitude, "f"),
        "email": org.email,
        "phone": org.phone,
        "contact_person": org.contact_person,
        "website": org.website,
        "employees": org.employees,
        "subsidised_jobs": org.subsidised_jobs,
        "founders": org.founders,
        "certificates": [
            {"name": c.name, "category": c.category, "year": c.year} for c in org.certificates.all()
        ],
        "status": org.status,
        "external_ids": org.external_ids,
        "created_at": org.created_at.isoformat(),
        "updated_at": org.updated_at.isoformat(),
    }


def export_json(qs: QuerySet[Organisation]) -> dict[str, Any]:
    return {"organisations": [organisation_as_json(o) for o in _iter(qs)]}


# org-id.guide registers for Polish identifiers
HSDS_SCHEMES = {"krs": "PL-KRS", "nip": "PL-NIP", "regon": "PL-REGON"}


def organisation_as_hsds(org: Organisation) -> dict[str, Any]:
    """An Open Referral HSDS 3 ``organization`` with identifiers, location, phone."""
    identifiers = [
        {
            "identifier_scheme": scheme,
            "identifier_type": field.upper(),
            "identifier": getattr(org, field),
        }
        for field, scheme in HSDS_SCHEMES.items()
        if getattr(org, field)
    ]
    locations = []
    if org.street or org.city or org.latitude is not None:
        locations.append(
            {
                "location_type": "physical",
                "latitude": None if org.latitude is None else float(org.latitude),
                "longitude": None if org.longitude is None else float(org.longitude),
                "external_identifier": org.teryt or None,
                "external_identifier_type": "TERYT" if org.teryt else None,
                "addresses": [
                    {
                        "address_1": org.street,
                        "city": org.city,
                        "postal_code": org.postal_code,
                        "country": "PL",
                        "address_type": "physical",
                    }
                ],
            }
        )
    return {
        "id": f"org-{org.pk}",
        "name": org.name,
        "alternate_name": org.short_name or None,
        "description": org.description,
        "email": org.email or None,
        "website": org.website or None,
        "legal_status": org.get_legal_form_display(),
        "year_incorporated": org.founded_on.year if org.founded_on else None,
        "organization_identifiers": identifiers,
        "locations": locations,
        "phones": [{"number": org.phone}] if org.phone else [],
        "contacts": [{"name": org.contact_person}] if org.contact_person else [],
    }


def export_hsds(qs: QuerySet[Organisation]) -> dict[str, Any]:
    return {"organizations": [organisation_as_hsds(o) for o in _iter(qs)]}
