"""Editors are e-mailed about new submissions by a Celery task scheduled after commit."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import tenant_context

from cms.forms.models import PublicFormPage, Submission
from cms.forms.notifications import submission_notify_editors
from cms.forms.services import submission_create
from cms.forms.tasks import notify_editors_of_submission
from tenants.celery_tenancy import TenantRequired
from tests.cms_forms.conftest import error_answer, news_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager(eager_celery):
    """Tasks run at once: on the Celery app's own configuration (overriding the Django setting
    would be missed once an earlier test has read the app's configuration)."""


def test_submission_e_mails_the_page_recipients_after_commit(
    eager, client_a, tenant_a, pages_a, mailoutbox, django_capture_on_commit_callbacks
):
    page = pages_a["news"]
    with tenant_context(tenant_a):
        PublicFormPage.objects.filter(pk=page.pk).update(
            recipients="redakcjapps@czestochowa.um.gov.pl,\nngo@czestochowa.um.gov.pl"
        )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_a.post("/zglos-newsa/", news_answer(page))
        assert mailoutbox == []  # nothing is sent before the transaction commits

    assert response.status_code == 302
    assert len(callbacks) == 1
    [mail] = mailoutbox
    with tenant_context(tenant_a):
        submission = Submission.objects.get()
    assert mail.to == ["redakcjapps@czestochowa.um.gov.pl", "ngo@czestochowa.um.gov.pl"]
    assert mail.reply_to == ["kontakt@jasnejutro.example.pl"]
    assert mail.subject == ("Nowa propozycja wiadomości: Rodzinny Piknik Organizacji Pozarządowych")
    assert "z formularza „Zgłoś newsa”" in mail.body
    assert "Tytuł wiadomości: Rodzinny Piknik Organizacji Pozarządowych" in mail.body
    assert "Data wydarzenia: 2026-06-13" in mail.body
    assert (
        f"http://czestochowa.test.localhost/admin/zgloszenia/inspect/{submission.pk}/" in mail.body
    )
    assert submission.notified_at is not None


def test_without_page_recipients_the_tenant_superusers_are_e_mailed(
    eager, client_a, tenant_a, pages_a, mailoutbox, django_capture_on_commit_callbacks
):
    with tenant_context(tenant_a):
        User = get_user_model()
        User.objects.create_user(username="redaktor", email="redaktor@example.pl")  # no superuser
        User.objects.create_user(
            username="byly", email="byly@example.pl", is_superuser=True, is_active=False
        )

    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/zglos-blad/", error_answer(pages_a["error"]))

    [mail] = mailoutbox
    assert mail.to == ["admin@czestochowa.example.pl"]
    assert mail.reply_to == []
    assert mail.subject == (
        "Zgłoszenie błędu w serwisie: /aktualnosci/ — Nieaktualny numer telefonu: 34 370 74 80."
    )


def test_notification_is_sent_once_even_if_the_task_runs_again(tenant_a, pages_a, mailoutbox):
    with tenant_context(tenant_a):
        submission = submission_create(
            handler_key="news", page=pages_a["news"], data={"title": "Gala Ekonomii Społecznej"}
        )
        first = submission_notify_editors(submission_id=submission.pk)
        second = submission_notify_editors(submission_id=submission.pk)

    assert first == ["admin@czestochowa.example.pl"]
    assert second == []
    assert len(mailoutbox) == 1


def test_task_runs_in_the_schema_it_was_sent_from(eager, tenant_a, tenant_b, pages_b, mailoutbox):
    with tenant_context(tenant_b):
        submission = submission_create(
            handler_key="news", page=pages_b["news"], data={"title": "Kanarek z Bydgoszczy"}
        )
        result = notify_editors_of_submission.delay(submission.pk)

    assert result.get() == ["admin@bydgoszcz.example.pl"]
    [mail] = mailoutbox
    assert "http://bydgoszcz.test.localhost/admin/zgloszenia/inspect/" in mail.body
    assert "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych" in mail.body


def test_task_sent_without_a_tenant_fails_closed(eager, mailoutbox):
    with pytest.raises(TenantRequired):
        notify_editors_of_submission.delay(1)
    assert mailoutbox == []
