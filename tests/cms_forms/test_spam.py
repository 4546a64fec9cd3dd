"""Unit rules of spam protection: client address, start token, rate-limit counter."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from cms.forms import spam


def _request(remote: str, forwarded: str = ""):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **meta)


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.CMS_FORMS_TRUSTED_PROXIES = 0

    assert spam.client_ip(_request("10.0.0.5", "1.2.3.4")) == "10.0.0.5"


def test_forwarded_for_is_read_behind_one_trusted_proxy(settings):
    settings.CMS_FORMS_TRUSTED_PROXIES = 1

    # A client cannot choose its address by sending its own X-Forwarded-For first.
    assert spam.client_ip(_request("10.0.0.5", "6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    assert spam.client_ip(_request("10.0.0.5")) == "10.0.0.5"


def test_started_token_round_trip_and_tampering():
    token = spam.started_token(page_id=7, issued_at=1_000)

    assert spam.started_token_age(token, page_id=7) > 1_000_000
    assert spam.started_token_age(token, page_id=8) is None
    assert spam.started_token_age(token[:-2] + "xx", page_id=7) is None
    assert spam.started_token_age("", page_id=7) is None


@pytest.mark.django_db
def test_rate_limit_counter(tenant_a):
    from django_tenants.utils import tenant_context

    with tenant_context(tenant_a):
        counts = [spam.rate_limit_hit(page_id=1, hashed_ip="abc") for _ in range(spam.RATE_LIMIT)]
        assert counts == [1, 2, 3, 4, 5]
        assert spam.rate_limit_exceeded(page_id=1, hashed_ip="abc") is True
        assert spam.rate_limit_exceeded(page_id=2, hashed_ip="abc") is False
        assert spam.rate_limit_exceeded(page_id=1, hashed_ip="abd") is False
