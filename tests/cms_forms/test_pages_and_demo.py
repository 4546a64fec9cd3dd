"""Form pages: validation of editors' input, default pages, demo content."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context
from wagtail.models import Site

from cms.forms.demo import seed_demo_content
from cms.forms.models import (
    DEFAULT_CONSENT_TEXT,
    PublicFormPage,
    PublicFormPageForm,
    Submission,
    split_recipients,
)
from cms.forms.services import default_pages_create
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def _home(tenant):
    return Site.objects.get(hostname=host_of(tenant.slug)).root_page.specific


def test_default_pages_are_published_under_home_and_idempotent(tenant_a):
    with tenant_context(tenant_a):
        home = _home(tenant_a)
        first = default_pages_create(parent=home)
        second = default_pages_create(parent=home)
        pages = list(PublicFormPage.objects.child_of(home).order_by("path"))

    assert [p.pk for p in first] == [p.pk for p in second] == [p.pk for p in pages]
    assert [(p.title, p.slug, p.handler_key, p.live) for p in pages] == [
        ("Zgłoś newsa", "zglos-newsa", "news", True),
        ("Zgłoś błąd", "zglos-blad", "error", True),
        ("Zgłoś organizację", "zglos-organizacje", "organisation", True),
    ]
    assert pages[0].consent_text == DEFAULT_CONSENT_TEXT
    assert pages[0].recipients == ""


def test_default_pages_avoid_a_taken_slug(tenant_a):
    from cms.models import StandardPage

    with tenant_context(tenant_a):
        home = _home(tenant_a)
        PublicFormPage.objects.child_of(home).filter(handler_key="news").delete()
        home.refresh_from_db()
        home.add_child(instance=StandardPage(title="Zgłoś newsa (stara)", slug="zglos-newsa"))
        pages = default_pages_create(parent=home)

    assert [p.slug for p in pages] == ["zglos-newsa-formularz", "zglos-blad", "zglos-organizacje"]


def test_page_validation_gives_polish_messages(tenant_a):
    with tenant_context(tenant_a):
        page = PublicFormPage.objects.get(slug="zglos-newsa")
        page.handler_key = "ankieta"
        page.recipients = "redakcja@example.pl, nie-adres; ktos@"
        with pytest.raises(ValidationError) as excinfo:
            page.full_clean()

    errors = excinfo.value.message_dict
    assert errors["handler_key"][0].startswith("Nieznany rodzaj formularza „ankieta”.")
    assert errors["recipients"] == [
        "Niepoprawne adresy e-mail: nie-adres, ktos@. Wpisz pełne adresy, np. "
        "redakcja@example.pl, oddzielone przecinkami lub w osobnych wierszach."
    ]


def test_recipients_are_split_on_commas_semicolons_and_lines():
    assert split_recipients(" a@example.pl,\nb@example.pl; c@example.pl\r\n\n") == [
        "a@example.pl",
        "b@example.pl",
        "c@example.pl",
    ]


def test_admin_form_offers_registered_handlers_as_a_select(tenant_a):
    with tenant_context(tenant_a):
        form_class = PublicFormPage.get_edit_handler().get_form_class()
        assert issubclass(form_class, PublicFormPageForm)
        page = PublicFormPage.objects.get(slug="zglos-blad")
        form = form_class(instance=page, for_user=None)

    choices = list(form.fields["handler_key"].choices)
    assert ("news", "Zgłoś newsa") in choices
    assert ("error", "Zgłoś błąd") in choices
    assert choices[0] == ("", "— wybierz —")


def test_seed_demo_content_is_idempotent_and_adds_the_picnic_for_czestochowa(tenant_a, tenant_b):
    seed_demo_content(tenant_a)
    seed_demo_content(tenant_a)
    seed_demo_content(tenant_b)

    with tenant_context(tenant_a):
        [sample] = Submission.objects.all()
        assert sample.page.slug == "zglos-newsa"
        assert PublicFormPage.objects.count() == 3
    assert (sample.handler_key, sample.status, sample.summary) == (
        "news",
        "new",
        "Rodzinny Piknik Organizacji Pozarządowych",
    )
    assert sample.email == "ngo@czestochowa.um.gov.pl"
    assert sample.data["event_date"] is None
    with tenant_context(tenant_b):
        assert Submission.objects.count() == 0
        assert PublicFormPage.objects.count() == 3


def test_editors_open_the_form_page_editor_and_see_the_moderation_menu(tenant_a):
    from tests.cms_forms.conftest import logged_in

    with tenant_context(tenant_a):
        page = PublicFormPage.objects.get(slug="zglos-newsa")
    client = logged_in("czestochowa", "admin@czestochowa.example.pl")

    editor = client.get(f"/admin/pages/{page.pk}/edit/")
    dashboard = client.get("/admin/")

    assert editor.status_code == 200
    assert 'name="handler_key"' in editor.text
    assert '<option value="news" selected>Zgłoś newsa</option>' in editor.text
    assert "Klauzula informacyjna RODO" in editor.text
    assert "/admin/zgloszenia/" in dashboard.text  # the "Zgłoszenia" menu item
