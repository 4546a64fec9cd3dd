"""Fixtures of the public-forms tests: default form pages, valid answers, editors."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django_tenants.utils import schema_context, tenant_context

from cms.forms import spam
from tests.conftest import ADMIN_PASSWORD, host_of, logged_in  # noqa: F401 (re-exported)


def form_pages_for(tenant) -> dict:
    from wagtail.models import Site

    from cms.forms.services import default_pages_create

    with tenant_context(tenant):
        home = Site.objects.get(hostname=host_of(tenant.slug)).root_page.specific
        pages = default_pages_create(parent=home)
    return {page.handler_key: of_tenant(page, tenant) for page in pages}


def of_tenant(page, tenant):
    """Note the page's tenant: start tokens are signed per tenant (page ids repeat across
    schemas cloned from one template), so ``started`` must sign in the page's schema."""
    page.test_schema_name = tenant.schema_name
    return page


@pytest.fixture
def pages_a(tenant_a) -> dict:
    return form_pages_for(tenant_a)


@pytest.fixture
def pages_b(tenant_b) -> dict:
    return form_pages_for(tenant_b)


def started(page, *, seconds_ago: float = 60) -> str:
    with schema_context(page.test_schema_name):
        return spam.started_token(page_id=page.pk, issued_at=time.time() - seconds_ago)


def news_answer(page, **overrides) -> dict:
    data = {
        "name": "Fundacja Jasne Jutro",
        "email": "kontakt@jasnejutro.example.pl",
        "title": "Rodzinny Piknik Organizacji Pozarządowych",
        "content": "Zapraszamy mieszkańców na piknik w parku.",
        "link": "https://jasnejutro.example.pl/piknik",
        "event_date": "2026-06-13",
        "consent": "on",
        "homepage": "",
        "started": started(page),
    }
    data.update(overrides)
    return data


def error_answer(page, **overrides) -> dict:
    data = {
        "page_url": "/aktualnosci/",
        "description": "Nieaktualny numer telefonu: 34 370 74 80.",
        "email": "",
        "consent": "on",
        "homepage": "",
        "started": started(page),
    }
    data.update(overrides)
    return data


def make_editor(tenant, username: str, *codenames: str):
    """A staff user of ``tenant`` with admin access and the given cms_forms permissions."""
    with tenant_context(tenant):
        user = get_user_model().objects.create_user(
            username=username, email=username, password=ADMIN_PASSWORD, is_staff=True
        )
        perms = [
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        ]
        perms += [
            Permission.objects.get(content_type__app_label="cms_forms", codename=codename)
            for codename in codenames
        ]
        user.user_permissions.add(*perms)
    return user
