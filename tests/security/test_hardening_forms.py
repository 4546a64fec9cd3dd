"""The public forms' anti-bot start token is good for one post, on one tenant's page.

The probe: one captured post (with its start token) could be sent again and again.
"""

from __future__ import annotations

import re
import time

import pytest
from django_tenants.utils import tenant_context

from cms.forms import spam
from cms.forms.models import Submission
from tests.cms_forms.conftest import news_answer

pytestmark = pytest.mark.django_db

NEWS_URL = "/zglos-newsa/"
MSG_ALREADY_SENT = (
    "Ten formularz został już raz wysłany. Jeśli chcesz wysłać nowe zgłoszenie, sprawdź "
    "zachowane dane i wyślij formularz ponownie."
)
MSG_STARTED_INVALID = (
    "Nie udało się potwierdzić wysłania formularza (mógł zostać otwarty zbyt dawno). "
    "Twoje dane zostały zachowane — sprawdź je i wyślij formularz ponownie."
)


def _titles(tenant) -> list[str]:
    with tenant_context(tenant):
        return list(Submission.objects.order_by("pk").values_list("data__title", flat=True))


def _token_in(html: str) -> str:
    return re.search(r'name="started" value="([^"]+)"', html).group(1)


def test_a_replayed_post_is_refused_with_its_input_kept(client_a, tenant_a, pages_a):
    page = pages_a["news"]
    answer = news_answer(page, title="Piknik organizacji")
    assert client_a.post(NEWS_URL, answer).status_code == 302

    replay = client_a.post(NEWS_URL, answer)

    assert replay.status_code == 200
    html = replay.content.decode()
    assert MSG_ALREADY_SENT in html
    assert 'value="Piknik organizacji"' in html
    assert _titles(tenant_a) == ["Piknik organizacji"]
    # A real second report goes through with the fresh token of the page shown again.
    fresh = _token_in(html)
    assert fresh != answer["started"]
    again = client_a.post(NEWS_URL, {**answer, "title": "Drugi piknik", "started": fresh})
    assert again.status_code == 302
    assert _titles(tenant_a) == ["Piknik organizacji", "Drugi piknik"]


def test_a_corrected_form_is_accepted_with_the_fresh_token(client_a, tenant_a, pages_a):
    page = pages_a["news"]
    answer = news_answer(page, title="")

    invalid = client_a.post(NEWS_URL, answer)

    assert invalid.status_code == 200
    html = invalid.content.decode()
    assert "Podaj tytuł wiadomości." in html
    assert 'value="Fundacja Jasne Jutro"' in html  # the input is kept
    fresh = _token_in(html)
    assert fresh != answer["started"]
    # The fresh token keeps the time the form was first shown: not "too fast" right away.
    assert spam.started_token_age(fresh, page_id=page.pk) >= 60
    assert client_a.post(NEWS_URL, answer).status_code == 200  # the first token is spent
    corrected = client_a.post(NEWS_URL, {**answer, "title": "Piknik", "started": fresh})
    assert corrected.status_code == 302
    assert _titles(tenant_a) == ["Piknik"]


def test_a_token_of_another_tenant_is_refused(client_b, tenant_a, tenant_b, pages_b):
    page_b = pages_b["news"]
    # Signed by tenant A for a page with the same id as B's form (ids repeat across tenants:
    # their schemas are cloned from one template).
    with tenant_context(tenant_a):
        foreign = spam.started_token(page_id=page_b.pk, issued_at=time.time() - 60)
        assert spam.started_token_age(foreign, page_id=page_b.pk) >= 60
    with tenant_context(tenant_b):
        assert spam.started_token_age(foreign, page_id=page_b.pk) is None

    response = client_b.post(
        NEWS_URL, news_answer(page_b, title="Z innego serwisu", started=foreign)
    )

    assert response.status_code == 200
    assert MSG_STARTED_INVALID in response.content.decode()
    assert 'value="Z innego serwisu"' in response.content.decode()
    assert _titles(tenant_b) == []


def test_used_tokens_are_recorded_per_tenant(tenant_a, tenant_b, pages_a):
    with tenant_context(tenant_a):
        token = spam.started_token_read(
            spam.started_token(page_id=pages_a["news"].pk), page_id=pages_a["news"].pk
        )
        assert spam.started_token_use(token) is True
        assert spam.started_token_use(token) is False
    with tenant_context(tenant_b):
        # The record lives under tenant A's cache keys only.
        assert spam.started_token_use(token) is True
