"""Export of one person's data: exactly their records, from every app, in JSON and text."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django_tenants.utils import tenant_context

from cms.privacy.models import PrivacyRequest
from cms.privacy.services import person_query_build, personal_data_export
from registry.models import OrganisationChange
from tests.privacy.conftest import CREATED, EMAIL, NAME, PHONE

pytestmark = pytest.mark.django_db


def _export(tenant, **query):
    with tenant_context(tenant):
        export = personal_data_export(person=person_query_build(**query), editor=None)
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    assert sorted(archive.namelist()) == ["dane-osobowe.json", "dane-osobowe.txt"]
    document = json.loads(archive.read("dane-osobowe.json"))
    return export, document, archive.read("dane-osobowe.txt").decode()


def _history(tenant, organisation_id: int, *fields: str) -> list[dict]:
    labels = {"email": "e-mail", "contact_person": "osoba do kontaktu", "phone": "telefon"}
    entries = []
    with tenant_context(tenant):
        for change in OrganisationChange.objects.filter(organisation_id=organisation_id).order_by(
            "created_at", "pk"
        ):
            for field, pair in change.changes.items():
                entries += [
                    {"Kiedy": change.created_at.isoformat(), "Pole": labels[field], "Wartość": v}
                    for v in pair
                    if field in fields and v in (EMAIL, NAME, "34 370 74 80, 600 100 200")
                ]
    return entries


def test_export_holds_exactly_the_persons_records(tenant_a, planted_a, canary_b):
    p = planted_a
    _export_obj, document, _text = _export(tenant_a, email=EMAIL, name=NAME, phone=PHONE)

    assert document["administrator_danych"] == tenant_a.name
    assert document["osoba"] == {"e-mail": EMAIL, "imię i nazwisko": NAME, "telefon": "600100200"}
    assert document["liczba_rekordów"] == 6
    assert document["rekordy"] == [
        {
            "kategoria": "Zgłoszenia z formularzy publicznych",
            "rekord": f"Zgłoszenie nr {p.news} z 2026-02-03",
            "dopasowano_po": ["e-mail", "imię i nazwisko"],
            "dane": {
                "Formularz": "Zgłoś newsa",
                "Strona formularza": None,
                "Data zgłoszenia": CREATED.isoformat(),
                "Status": "nowe",
                "E-mail zgłaszającego": EMAIL,
                "Treść zgłoszenia": {
                    "Imię i nazwisko lub nazwa organizacji": NAME,
                    "Adres e-mail": EMAIL,
                    "Tytuł wiadomości": "Piknik organizacji",
                    "Treść": f"Szczegóły: {EMAIL}, tel. +48 600-100-200. Pozdrawiam, {NAME}",
                    "Odnośnik do szczegółów": "",
                    "Data wydarzenia": "2026-06-13",
                },
            },
        },
        {
            "kategoria": "Zgłoszenia z formularzy publicznych",
            "rekord": f"Zgłoszenie nr {p.error} z 2026-02-03",
            "dopasowano_po": ["e-mail"],
            "dane": {
                "Formularz": "Zgłoś błąd",
                "Strona formularza": None,
                "Data zgłoszenia": CREATED.isoformat(),
                "Status": "nowe",
                "E-mail zgłaszającego": EMAIL.upper(),
                "Treść zgłoszenia": {
                    "Adres strony, na której jest błąd": "/kontakt/",
                    "Opis błędu": "Zły numer.",
                    "Adres e-mail do odpowiedzi": EMAIL.upper(),
                },
            },
        },
        {
            "kategoria": "Baza organizacji: dane kontaktowe",
            "rekord": f"Organizacja nr {p.org} „Fundacja Jasne Jutro”",
            "dopasowano_po": ["e-mail", "imię i nazwisko", "telefon"],
            "dane": {
                "Organizacja": "Fundacja Jasne Jutro",
                "E-mail": EMAIL,
                "Osoba do kontaktu": NAME,
                "Telefon": "34 370 74 80, 600 100 200",
            },
        },
        {
            "kategoria": "Baza organizacji: historia zmian",
            "rekord": f"Historia zmian organizacji nr {p.org} „Fundacja Jasne Jutro”",
            "dopasowano_po": ["historia zmian"],
            "dane": {
                "Organizacja": "Fundacja Jasne Jutro",
                "Wpisy": _history(tenant_a, p.org, "email", "contact_person", "phone"),
            },
        },
        {
            "kategoria": "Baza organizacji: historia zmian",
            "rekord": f"Historia zmian organizacji nr {p.org_moved} „Stowarzyszenie Przeniesione”",
            "dopasowano_po": ["historia zmian"],
            "dane": {
                "Organizacja": "Stowarzyszenie Przeniesione",
                "Wpisy": _history(tenant_a, p.org_moved, "email"),
            },
        },
        {
            "kategoria": "Konta redaktorów serwisu",
            "rekord": f"Konto nr {p.editor}",
            "dopasowano_po": ["e-mail", "imię i nazwisko"],
            "dane": {
                "Nazwa użytkownika (login)": EMAIL,
                "E-mail": EMAIL,
                "Imię": "Jan",
                "Nazwisko": "Kowalski",
                "Konto aktywne": "tak",
                "Administrator serwisu": "nie",
                "Grupy": ["Redaktorzy"],
                "Data założenia konta": CREATED.isoformat(),
                "Ostatnie logowanie": None,
                "Zdjęcie profilowe": "nie",
            },
        },
    ]
    assert len(document["rekordy"][3]["dane"]["Wpisy"]) == 3  # created: e-mail, phone, person
    assert len(document["rekordy"][4]["dane"]["Wpisy"]) == 2  # created, then moved away
    serialized = json.dumps(document, ensure_ascii=False)
    for other in ("anna.nowak", "Anna Nowak", "Warsztaty", "Razem", "Kanarek"):
        assert other not in serialized


def test_export_by_email_alone_finds_no_record_by_name_or_phone(tenant_a, planted_a):
    _export_obj, document, _text = _export(tenant_a, email="  JAN.Kowalski@example.pl ")

    assert document["osoba"] == {"e-mail": EMAIL, "imię i nazwisko": "", "telefon": ""}
    organisation = next(r for r in document["rekordy"] if r["kategoria"].endswith("kontaktowe"))
    assert organisation["dopasowano_po"] == ["e-mail"]
    assert organisation["dane"] == {"Organizacja": "Fundacja Jasne Jutro", "E-mail": EMAIL}
    editor = next(r for r in document["rekordy"] if r["kategoria"] == "Konta redaktorów serwisu")
    assert editor["dopasowano_po"] == ["e-mail"]


def test_export_text_is_readable_polish_and_the_request_is_recorded(tenant_a, planted_a):
    export, document, text = _export(tenant_a, email=EMAIL, name=NAME)

    assert text.startswith("DANE OSOBOWE — KOPIA DLA OSOBY, KTÓREJ DOTYCZĄ (art. 15 RODO)\n")
    assert f"Administrator danych: {tenant_a.name}\n" in text
    assert "Osoba: e-mail: jan.kowalski@example.pl, imię i nazwisko: Jan Kowalski\n" in text
    assert "== Zgłoszenia z formularzy publicznych ==" in text
    assert (
        f"-- Zgłoszenie nr {planted_a.news} z 2026-02-03 (dopasowano po: e-mail, imię i nazwisko)"
        in text
    )
    assert "  Data zgłoszenia: 2026-02-03 11:30\n" in text  # Europe/Warsaw
    assert "  Strona formularza: —\n" in text
    assert "  Grupy:\n    - Redaktorzy\n" in text
    assert export.filename.endswith(f"-{export.record.pk}.zip")
    with tenant_context(tenant_a):
        record = PrivacyRequest.objects.get(pk=export.record.pk)
    assert (record.kind, record.outcome, record.email, record.name) == (
        "export",
        "done",
        EMAIL,
        NAME,
    )
    assert record.item_count == document["liczba_rekordów"] == len(record.items)
    assert record.items[0] == {
        "category": "Zgłoszenia z formularzy publicznych",
        "reference": f"Zgłoszenie nr {planted_a.news} z 2026-02-03",
        "matched": ["e-mail", "imię i nazwisko"],
        "result": "wydano w kopii danych",
    }
    # The record names the records; it does not copy their contents.
    assert "Piknik" not in json.dumps(record.items, ensure_ascii=False)


def test_export_of_an_unknown_person_is_empty_but_recorded(tenant_a, planted_a):
    export, document, text = _export(tenant_a, email="nikt@example.pl")

    assert document["rekordy"] == []
    assert "Nie znaleziono danych tej osoby." in text
    assert export.record.item_count == 0
