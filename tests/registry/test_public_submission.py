"""„Zgłoś organizację”: the registry's public form handler, from the form to the register.

Submit over HTTP → a pending Submission → a moderator accepts → a published organisation
(or an update of the one with the same KRS/NIP/REGON), with the moderator in its history.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from cms.forms.handlers import RESERVED_FIELD_NAMES, form_handler_choices, get_form_handler
from cms.forms.models import PublicFormPage, Submission, SubmissionStatus
from cms.forms.services import submission_accept, submission_create
from registry.handlers import ORGANISATION_HANDLER, OrganisationSubmissionForm
from registry.models import (
    ChangeAction,
    Organisation,
    OrganisationChange,
    OrganisationStatus,
)
from tests.cms_forms.conftest import logged_in, of_tenant, started

pytestmark = pytest.mark.django_db

FORM_URL = "/zglos-organizacje/"


def _form_page(tenant) -> PublicFormPage:
    """The "Zgłoś organizację" page every tenant gets when it is provisioned."""
    with tenant_context(tenant):
        page = PublicFormPage.objects.live().get(
            handler_key="organisation", slug="zglos-organizacje"
        )
    return of_tenant(page, tenant)


@pytest.fixture
def page_a(tenant_a) -> PublicFormPage:
    return _form_page(tenant_a)


def _answer(page, **overrides) -> dict:
    data = {
        "name": "Fundacja Oczami Brata",
        "legal_form": "fundacja",
        "krs": "411111",
        "nip": "725-18-01-126",
        "regon": "",
        "street": "ul. Focha 19/21",
        "postal_code": "42217",
        "city": "Częstochowa",
        "email": "biuro@oczamibrata.example.pl",
        "website": "oczamibrata.example.pl",
        "description": "Wspieramy osoby z niepełnosprawnościami na rynku pracy.",
        "areas": ["rynek-pracy-sprawy-spoleczne", "edukacja-i-wychowanie"],
        "consent": "on",
        "homepage": "",
        "started": started(page),
    }
    data.update(overrides)
    return data


def _admin(tenant):
    with tenant_context(tenant):
        return get_user_model().objects.get(email=f"admin@{tenant.slug}.example.pl")


def test_handler_is_registered_without_reserved_field_names():
    handler = get_form_handler("organisation")

    assert handler is ORGANISATION_HANDLER
    assert handler.label == "Zgłoś organizację"
    assert ("organisation", "Zgłoś organizację") in form_handler_choices()
    assert not RESERVED_FIELD_NAMES & set(OrganisationSubmissionForm.base_fields)
    assert list(OrganisationSubmissionForm.base_fields) == [
        "name",
        "legal_form",
        "krs",
        "nip",
        "regon",
        "street",
        "postal_code",
        "city",
        "email",
        "website",
        "description",
        "areas",
    ]


def test_form_page_shows_labelled_fields_and_the_areas(client_a, page_a):
    response = client_a.get(FORM_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Zgłoś organizację</h1>" in html
    for field_id, label in [
        ("id_name", "Pełna nazwa organizacji"),
        ("id_legal_form", "Forma prawna"),
        ("id_krs", "Numer KRS"),
        ("id_nip", "NIP"),
        ("id_regon", "REGON"),
        ("id_postal_code", "Kod pocztowy"),
        ("id_city", "Miejscowość"),
        ("id_email", "Adres e-mail organizacji"),
    ]:
        assert f'<label for="{field_id}">{label}' in html
    assert 'value="kultura-i-sztuka"' in html
    assert "kultura i sztuka</label>" in html


def test_submit_stores_a_normalised_submission_and_accept_creates_the_organisation(
    client_a, tenant_a, page_a
):
    response = client_a.post(FORM_URL, _answer(page_a))

    assert response.status_code == 302
    assert response["Location"] == "/zglos-organizacje/dziekujemy/"
    with tenant_context(tenant_a):
        [submission] = Submission.objects.all()
        assert not Organisation.all_objects.exists()  # nothing public before moderation
    assert submission.handler_key == "organisation"
    assert submission.status == SubmissionStatus.NEW
    assert submission.summary == "Fundacja Oczami Brata, Częstochowa"
    assert submission.email == "biuro@oczamibrata.example.pl"
    assert submission.data == {
        "name": "Fundacja Oczami Brata",
        "legal_form": "fundacja",
        "krs": "0000411111",
        "nip": "7251801126",
        "regon": "",
        "street": "ul. Focha 19/21",
        "postal_code": "42-217",
        "city": "Częstochowa",
        "email": "biuro@oczamibrata.example.pl",
        "website": "https://oczamibrata.example.pl",
        "description": "Wspieramy osoby z niepełnosprawnościami na rynku pracy.",
        "areas": ["rynek-pracy-sprawy-spoleczne", "edukacja-i-wychowanie"],
    }

    # The moderator accepts it in the admin.
    admin = logged_in("czestochowa", "admin@czestochowa.example.pl")
    accepted = admin.post(f"/admin/zgloszenia/inspect/{submission.pk}/", {"action": "accept"})
    assert accepted.status_code == 302

    with tenant_context(tenant_a):
        org = Organisation.objects.get()
        change = OrganisationChange.objects.get(organisation=org)
        areas = sorted(org.areas.values_list("slug", flat=True))
        assert Submission.objects.get().status == SubmissionStatus.ACCEPTED
    assert (org.name, org.legal_form, org.krs, org.nip, org.regon) == (
        "Fundacja Oczami Brata",
        "fundacja",
        "0000411111",
        "7251801126",
        "",
    )
    assert (org.street, org.postal_code, org.city) == ("ul. Focha 19/21", "42-217", "Częstochowa")
    assert (org.email, org.website) == (
        "biuro@oczamibrata.example.pl",
        "https://oczamibrata.example.pl",
    )
    assert org.status == OrganisationStatus.PUBLISHED
    assert org.published_at is not None
    assert areas == ["edukacja-i-wychowanie", "rynek-pracy-sprawy-spoleczne"]
    assert change.action == ChangeAction.CREATED
    assert change.user_id == _admin(tenant_a).pk
    assert change.source == f"zgłoszenie nr {submission.pk}"
    assert change.changes["name"] == [None, "Fundacja Oczami Brata"]
    assert change.changes["status"] == [None, "published"]

    # Now public in the directory, which links to the form.
    listing = client_a.get("/organizacje/", {"q": "oczami"}).content.decode()
    assert f'href="/organizacje/{org.pk}-fundacja-oczami-brata/"' in listing
    assert '<a href="/zglos-organizacje/">Zgłoś organizację</a>' in listing


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "krs",
            "12345678901",
            "Numer KRS „12345678901” musi składać się z co najwyżej 10 cyfr (np. 0000123456).",
        ),
        ("krs", "KRS abc", "Numer KRS „KRS abc” musi składać się z co najwyżej 10 cyfr"),
        ("nip", "725-18-01-127", "NIP „725-18-01-127” ma błędną cyfrę kontrolną."),
        ("regon", "192598185", "REGON „192598185” ma błędną cyfrę kontrolną."),
        ("postal_code", "4-2217", "Kod pocztowy „4-2217” musi mieć postać 00-000."),
    ],
)
def test_bad_identifier_gives_a_field_error_and_keeps_the_input(
    client_a, tenant_a, page_a, field, value, message
):
    response = client_a.post(FORM_URL, _answer(page_a, **{field: value}))

    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    import html as html_lib

    text = html_lib.unescape(html)
    assert message in text
    assert f'<ul class="errorlist" id="id_{field}_error"><li>' in html
    # Everything typed is kept, the bad value included.
    assert f'name="{field}" value="{value}"' in text
    assert 'name="name" value="Fundacja Oczami Brata"' in text
    assert "Wspieramy osoby z niepełnosprawnościami na rynku pracy." in text
    assert 'value="edukacja-i-wychowanie"' in text
    with tenant_context(tenant_a):
        assert not Submission.objects.exists()


def test_missing_required_fields_are_named(client_a, tenant_a, page_a):
    response = client_a.post(
        FORM_URL, _answer(page_a, name="", legal_form="xyz", city="", email="nie-email")
    )

    assert response.status_code == 200
    text = response.content.decode()
    for message in [
        "Podaj nazwę organizacji.",
        "Wybierz formę prawną z listy.",
        "Podaj miejscowość.",
        "Podaj poprawny adres e-mail, np. biuro@fundacja.example.pl.",
    ]:
        assert message in text
    with tenant_context(tenant_a):
        assert not Submission.objects.exists()


def _submission(tenant, page, **data) -> Submission:
    base = {
        "name": "Stowarzyszenie Łączy Nas Sport",
        "legal_form": "stowarzyszenie",
        "krs": "",
        "nip": "",
        "regon": "",
        "street": "",
        "postal_code": "",
        "city": "Kłobuck",
        "email": "kontakt@laczy.example.pl",
        "website": "",
        "description": "Sport dla każdego.",
        "areas": [],
    }
    base.update(data)
    with tenant_context(tenant):
        return submission_create(
            handler_key="organisation", page=page, data=base, email=base["email"]
        )


def test_accept_updates_the_organisation_with_the_same_identifier(tenant_a, page_a, make_org):
    existing = make_org(
        tenant_a,
        status=OrganisationStatus.SUBMITTED,
        name="Stowarzyszenie Łączy Nas",
        legal_form="stowarzyszenie",
        nip="7251801126",
        street="ul. Stara 1",
        phone="34 370 74 80",
        areas=["kultura-i-sztuka"],
    )
    submission = _submission(
        tenant_a, page_a, nip="7251801126", areas=["sport-turystyka-rekreacja-hobby"]
    )
    admin = _admin(tenant_a)

    with tenant_context(tenant_a):
        submission_accept(submission=submission, user=admin)
        org = Organisation.objects.get()
        changes = list(
            OrganisationChange.objects.filter(organisation=org)
            .order_by("pk")
            .values_list("action", "user_id", "source", "changes")
        )
        areas = list(org.areas.values_list("slug", flat=True))

    assert org.pk == existing.pk
    assert org.name == "Stowarzyszenie Łączy Nas Sport"
    assert org.city == "Kłobuck"
    assert org.street == "ul. Stara 1"  # not blanked by the empty answer
    assert org.phone == "34 370 74 80"
    assert org.status == OrganisationStatus.PUBLISHED
    assert areas == ["sport-turystyka-rekreacja-hobby"]
    source = f"zgłoszenie nr {submission.pk}"
    assert [c[:3] for c in changes] == [
        (ChangeAction.CREATED, None, ""),
        (ChangeAction.UPDATED, admin.pk, source),
        (ChangeAction.PUBLISHED, admin.pk, source),
    ]
    assert changes[1][3]["name"] == ["Stowarzyszenie Łączy Nas", "Stowarzyszenie Łączy Nas Sport"]
    assert changes[1][3]["areas"] == [["kultura i sztuka"], ["sport, turystyka, rekreacja i hobby"]]
    assert "street" not in changes[1][3]


def test_accept_refuses_identifiers_of_two_organisations_and_changes_nothing(
    tenant_a, page_a, make_org
):
    make_org(tenant_a, name="Fundacja Pierwsza", legal_form="fundacja", krs="0000411111")
    make_org(tenant_a, name="Fundacja Druga", legal_form="fundacja", nip="7251801126")
    submission = _submission(tenant_a, page_a, krs="0000411111", nip="7251801126")

    with tenant_context(tenant_a), pytest.raises(ValidationError) as exc:
        submission_accept(submission=submission, user=_admin(tenant_a))

    assert exc.value.messages == [
        "Numery KRS, NIP i REGON ze zgłoszenia wskazują różne organizacje w bazie: "
        "„Fundacja Pierwsza” i „Fundacja Druga”. Popraw dane w bazie i rozpatrz zgłoszenie "
        "ponownie."
    ]
    with tenant_context(tenant_a):
        assert Submission.objects.get().status == SubmissionStatus.NEW
        assert sorted(Organisation.objects.values_list("name", flat=True)) == [
            "Fundacja Druga",
            "Fundacja Pierwsza",
        ]
        assert OrganisationChange.objects.count() == 2  # the two creations only


def test_accept_matches_only_within_the_tenant(tenant_a, tenant_b, page_a, canary_b):
    """The canary in tenant B has the same KRS: accepting in A creates A's own organisation."""
    submission = _submission(tenant_a, page_a, krs=canary_b.krs, name="Fundacja Częstochowska")

    with tenant_context(tenant_a):
        accepted = submission_accept(submission=submission, user=_admin(tenant_a))
        created = Organisation.objects.get()
    with tenant_context(tenant_b):
        canary = Organisation.objects.get(pk=canary_b.pk)

    assert created.name == "Fundacja Częstochowska"
    assert created.krs == canary_b.krs
    assert accepted.status == SubmissionStatus.ACCEPTED
    assert canary.name == "Kanarek Bydgoski Częstochowa"
