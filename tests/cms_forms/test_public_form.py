"""Public form pages over HTTP: show, validate with input kept, store, spam protection."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.crypto import salted_hmac
from django_tenants.utils import tenant_context

from cms.forms import spam
from cms.forms.forms import MSG_STARTED_INVALID, MSG_TOO_FAST
from cms.forms.models import Submission, SubmissionStatus
from cms.forms.views import MSG_RATE_LIMITED
from tests.cms_forms.conftest import error_answer, news_answer, started
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

NEWS_URL = "/zglos-newsa/"
ERROR_URL = "/zglos-blad/"


def _submissions(tenant) -> list[Submission]:
    with tenant_context(tenant):
        return list(Submission.objects.order_by("pk"))


def test_get_shows_the_form_with_labels_consent_and_hidden_honeypot(client_a, pages_a):
    response = client_a.get(NEWS_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert "<h1>Zgłoś newsa</h1>" in html
    for field_id, label in [
        ("id_name", "Imię i nazwisko lub nazwa organizacji"),
        ("id_email", "Adres e-mail"),
        ("id_title", "Tytuł wiadomości"),
        ("id_content", "Treść"),
        ("id_link", "Odnośnik do szczegółów"),
        ("id_event_date", "Data wydarzenia"),
        ("id_consent", "Wyrażam zgodę na przetwarzanie moich danych osobowych"),
    ]:
        assert f'<label for="{field_id}">{label}' in html
    assert 'type="date" name="event_date"' in html
    assert "Administratorem danych osobowych podanych w formularzu" in html
    assert "Prezesa Urzędu Ochrony Danych Osobowych" in html
    honeypot = re.search(r'<div class="visually-hidden" aria-hidden="true">(.*?)</div>', html, re.S)
    assert honeypot is not None
    assert (
        '<input type="text" id="id_homepage" name="homepage" value="" tabindex="-1" '
        'autocomplete="off">'
    ) in honeypot.group(1)
    token = re.search(r'name="started" value="([^"]+)"', html).group(1)
    assert 0 <= spam.started_token_age(token, page_id=pages_a["news"].pk) < 60


def test_get_prefills_handler_fields_from_the_query_string(client_a, pages_a):
    response = client_a.get(ERROR_URL, {"page_url": "/kontakt/", "homepage": "x"})

    html = response.content.decode()
    assert 'name="page_url" value="/kontakt/"' in html
    assert 'name="homepage" value=""' in html


def test_valid_post_stores_a_submission_and_redirects_to_thank_you(client_a, tenant_a, pages_a):
    page = pages_a["news"]

    response = client_a.post(NEWS_URL, news_answer(page), REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 302
    assert response["Location"] == "/zglos-newsa/dziekujemy/"
    [submission] = _submissions(tenant_a)
    assert submission.handler_key == "news"
    assert submission.page_id == page.pk
    assert submission.status == SubmissionStatus.NEW
    assert submission.summary == "Rodzinny Piknik Organizacji Pozarządowych"
    assert submission.email == "kontakt@jasnejutro.example.pl"
    assert submission.data == {
        "name": "Fundacja Jasne Jutro",
        "email": "kontakt@jasnejutro.example.pl",
        "title": "Rodzinny Piknik Organizacji Pozarządowych",
        "content": "Zapraszamy mieszkańców na piknik w parku.",
        "link": "https://jasnejutro.example.pl/piknik",
        "event_date": "2026-06-13",
    }
    # Only a keyed hash of the address, specific to the tenant's schema.
    expected = salted_hmac(
        f"cms_forms.ip:{tenant_a.schema_name}", "203.0.113.7", algorithm="sha256"
    ).hexdigest()
    assert submission.ip_hash == expected
    assert len(submission.ip_hash) == 64
    with tenant_context(tenant_a):
        stored = Submission.objects.filter(pk=submission.pk).values_list(flat=True)
        row = Submission.objects.filter(pk=submission.pk).values().get()
    assert stored
    assert all("203.0.113.7" not in str(value) for value in row.values())

    thanks = client_a.get(response["Location"])
    assert thanks.status_code == 200
    assert "Dziękujemy! Twoja wiadomość trafiła do redakcji." in thanks.content.decode()


def test_error_report_without_email_is_stored(client_a, tenant_a, pages_a):
    response = client_a.post(ERROR_URL, error_answer(pages_a["error"]))

    assert response.status_code == 302
    [submission] = _submissions(tenant_a)
    assert submission.handler_key == "error"
    assert submission.email == ""
    assert submission.summary == "/aktualnosci/ — Nieaktualny numer telefonu: 34 370 74 80."


def test_invalid_post_shows_polish_errors_per_field_and_keeps_input(client_a, tenant_a, pages_a):
    answer = news_answer(
        pages_a["news"],
        name="",
        email="to-nie-jest-adres",
        link="nie adres",
        event_date="13/06/2026",
        consent="",
    )

    response = client_a.post(NEWS_URL, answer)

    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert form.errors == {
        "name": ["Podaj imię i nazwisko lub nazwę organizacji."],
        "email": ["Podaj poprawny adres e-mail, np. jan.kowalski@example.pl."],
        "link": ["Podaj pełny adres strony, np. https://example.pl/wydarzenie."],
        "event_date": ["Podaj datę w postaci RRRR-MM-DD, np. 2026-06-13."],
        "consent": ["Aby wysłać formularz, zaznacz zgodę na przetwarzanie danych osobowych."],
    }
    assert "Formularz zawiera błędy" in html
    assert '<a href="#id_email">Adres e-mail</a>' in html
    # What the visitor typed is still there.
    assert 'value="to-nie-jest-adres"' in html
    assert 'value="Rodzinny Piknik Organizacji Pozarządowych"' in html
    assert "Zapraszamy mieszkańców na piknik w parku.</textarea>" in html
    assert 'value="nie adres"' in html
    # Errors are tied to their fields for screen readers.
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert _submissions(tenant_a) == []


def test_expired_or_forged_token_asks_to_resend_and_keeps_input(client_a, tenant_a, pages_a):
    page = pages_a["news"]
    for token in ["", "forged", started(page, seconds_ago=spam.MAX_FILL_SECONDS + 60)]:
        response = client_a.post(NEWS_URL, news_answer(page, started=token))

        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [MSG_STARTED_INVALID]
        html = response.content.decode()
        assert 'value="Fundacja Jasne Jutro"' in html
        fresh = re.search(r'name="started" value="([^"]+)"', html).group(1)
        assert 0 <= spam.started_token_age(fresh, page_id=page.pk) < 60
    assert _submissions(tenant_a) == []


def test_token_of_another_page_is_refused(client_a, tenant_a, pages_a):
    answer = news_answer(pages_a["news"], started=started(pages_a["error"]))

    response = client_a.post(NEWS_URL, answer)

    assert response.context["form"].non_field_errors() == [MSG_STARTED_INVALID]
    assert _submissions(tenant_a) == []


def test_post_sent_too_fast_is_not_stored_and_input_is_kept(client_a, tenant_a, pages_a):
    page = pages_a["news"]

    response = client_a.post(NEWS_URL, news_answer(page, started=started(page, seconds_ago=0)))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [MSG_TOO_FAST]
    assert 'value="Fundacja Jasne Jutro"' in response.content.decode()
    assert _submissions(tenant_a) == []


def test_filled_honeypot_looks_accepted_but_stores_nothing(
    client_a, tenant_a, pages_a, mailoutbox, django_capture_on_commit_callbacks
):
    answer = news_answer(pages_a["news"], homepage="https://spam.example.com")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_a.post(NEWS_URL, answer)

    assert response.status_code == 302
    assert response["Location"] == "/zglos-newsa/dziekujemy/"
    assert _submissions(tenant_a) == []
    assert callbacks == []
    assert mailoutbox == []


def test_rate_limit_per_address_and_page_answers_429_and_keeps_input(client_a, tenant_a, pages_a):
    page = pages_a["news"]
    for i in range(spam.RATE_LIMIT):
        answer = news_answer(page, title=f"Wiadomość {i}")
        assert client_a.post(NEWS_URL, answer, REMOTE_ADDR="198.51.100.1").status_code == 302

    response = client_a.post(
        NEWS_URL, news_answer(page, title="Szósta wiadomość"), REMOTE_ADDR="198.51.100.1"
    )

    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    html = response.content.decode()
    assert MSG_RATE_LIMITED in html
    assert 'value="Szósta wiadomość"' in html
    assert len(_submissions(tenant_a)) == spam.RATE_LIMIT
    # Another address and another page are counted separately.
    other_ip = client_a.post(NEWS_URL, news_answer(page), REMOTE_ADDR="198.51.100.2")
    other_page = client_a.post(
        ERROR_URL, error_answer(pages_a["error"]), REMOTE_ADDR="198.51.100.1"
    )
    assert (other_ip.status_code, other_page.status_code) == (302, 302)
    assert len(_submissions(tenant_a)) == spam.RATE_LIMIT + 2


def test_rate_limit_counter_is_per_tenant(client_a, client_b, tenant_b, pages_a, pages_b):
    for i in range(spam.RATE_LIMIT):
        answer = news_answer(pages_a["news"], title=f"Wiadomość {i}")
        client_a.post(NEWS_URL, answer, REMOTE_ADDR="198.51.100.1")
    assert (
        client_a.post(
            NEWS_URL, news_answer(pages_a["news"]), REMOTE_ADDR="198.51.100.1"
        ).status_code
        == 429
    )

    response = client_b.post(NEWS_URL, news_answer(pages_b["news"]), REMOTE_ADDR="198.51.100.1")

    assert response.status_code == 302
    assert len(_submissions(tenant_b)) == 1


def test_invalid_posts_do_not_use_up_the_limit(client_a, tenant_a, pages_a):
    page = pages_a["news"]
    for _ in range(spam.RATE_LIMIT + 1):
        client_a.post(NEWS_URL, news_answer(page, title=""), REMOTE_ADDR="198.51.100.9")

    response = client_a.post(NEWS_URL, news_answer(page), REMOTE_ADDR="198.51.100.9")

    assert response.status_code == 302
    assert len(_submissions(tenant_a)) == 1


def test_page_with_an_unregistered_handler_says_the_form_is_unavailable(
    client_a, tenant_a, pages_a
):
    with tenant_context(tenant_a):
        from cms.forms.models import PublicFormPage

        PublicFormPage.objects.filter(pk=pages_a["news"].pk).update(handler_key="usuniety")

    response = client_a.get(NEWS_URL)

    assert response.status_code == 503
    assert "Ten formularz jest chwilowo niedostępny." in response.content.decode()
    assert client_a.post(NEWS_URL, news_answer(pages_a["news"])).status_code == 503
    assert _submissions(tenant_a) == []


def test_form_is_never_served_from_the_page_cache_and_csrf_works(tenant_a, pages_a):
    page = pages_a["news"]
    visitor = Client(HTTP_HOST=host_of("czestochowa"), enforce_csrf_checks=True)
    first = visitor.get(NEWS_URL)
    other = Client(HTTP_HOST=host_of("czestochowa"), enforce_csrf_checks=True)
    second = other.get(NEWS_URL)

    assert "private" in second["Cache-Control"]
    assert "no-store" in second["Cache-Control"]
    assert "csrftoken" in first.cookies
    assert "csrftoken" in second.cookies  # rendered afresh, not a copy of the first visitor's
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', second.text).group(1)
    answer = {**news_answer(page), "csrfmiddlewaretoken": token}

    assert other.post(NEWS_URL, answer).status_code == 302
    assert len(_submissions(tenant_a)) == 1
    # Without the token the post is refused and nothing is stored.
    assert (
        Client(HTTP_HOST=host_of("czestochowa"), enforce_csrf_checks=True)
        .post(NEWS_URL, news_answer(page))
        .status_code
        == 403
    )
    assert len(_submissions(tenant_a)) == 1


def test_form_page_get_query_count(client_a, pages_a, django_assert_max_num_queries):
    client_a.get(NEWS_URL)  # warm the routing cache

    with django_assert_max_num_queries(12):
        response = client_a.get(NEWS_URL)

    assert response.status_code == 200
