"""Fixtures of the data-protection tests: one person's data planted across the apps of tenant
A, another person's data beside it, and a canary with the same e-mail address in tenant B."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django_tenants.utils import tenant_context

from cms.forms.services import submission_create
from registry.models import Organisation
from registry.services import organisation_create, organisation_update
from tests.conftest import ADMIN_PASSWORD, host_of, logged_in  # noqa: F401 (re-exported)

EMAIL = "jan.kowalski@example.pl"
NAME = "Jan Kowalski"
PHONE = "600 100 200"
OTHER_EMAIL = "anna.nowak@example.pl"
CREATED = dt.datetime(2026, 2, 3, 10, 30, tzinfo=dt.UTC)


@dataclass
class Planted:
    news: int  # submission by the person (name and e-mail)
    error: int  # submission by the person (e-mail only), quoting the number in its text
    other_submission: int  # submission by another person
    org: int  # organisation whose contacts are the person's
    org_moved: int  # organisation that had the person's address before
    other_org: int  # organisation with another contact person
    editor: int  # the person's editor account
    other_editor: int


def _submission(*, handler_key: str, data: dict, email: str) -> int:
    submission = submission_create(handler_key=handler_key, page=None, data=data, email=email)
    submission.created_at = CREATED
    submission.ip_hash = "a" * 64
    submission.save(update_fields=["created_at", "ip_hash"])
    return submission.pk


def plant_person(tenant, *, title: str = "Piknik organizacji") -> Planted:
    with tenant_context(tenant):
        news = _submission(
            handler_key="news",
            data={
                "name": NAME,
                "email": EMAIL,
                "title": title,
                "content": f"Szczegóły: {EMAIL}, tel. +48 600-100-200. Pozdrawiam, {NAME}",
                "link": "",
                "event_date": "2026-06-13",
            },
            email=EMAIL,
        )
        error = _submission(
            handler_key="error",
            data={"page_url": "/kontakt/", "description": "Zły numer.", "email": EMAIL.upper()},
            email=EMAIL.upper(),
        )
        other_submission = _submission(
            handler_key="news",
            data={
                "name": "Anna Nowak",
                "email": OTHER_EMAIL,
                "title": "Warsztaty",
                "content": "Zapraszamy.",
            },
            email=OTHER_EMAIL,
        )
        org = organisation_create(
            name="Fundacja Jasne Jutro",
            legal_form="fundacja",
            city="Częstochowa",
            email=EMAIL,
            contact_person=NAME,
            phone="34 370 74 80, 600 100 200",
            status="published",
        )
        org_moved = organisation_create(
            name="Stowarzyszenie Przeniesione",
            legal_form="stowarzyszenie",
            city="Kłobuck",
            email=EMAIL,
            status="published",
        )
        organisation_update(organisation=org_moved, email="biuro@przeniesione.example.pl")
        other_org = organisation_create(
            name="Spółdzielnia Socjalna Razem",
            legal_form="spoldzielnia_socjalna",
            city="Częstochowa",
            email=OTHER_EMAIL,
            contact_person="Anna Nowak",
            phone="600 999 888",
            status="published",
        )
        User = get_user_model()
        editor = User.objects.create_user(
            username=EMAIL,
            email=EMAIL,
            first_name="Jan",
            last_name="Kowalski",
            password=ADMIN_PASSWORD,
            is_staff=True,
        )
        editor.date_joined = CREATED
        editor.save(update_fields=["date_joined"])
        editor.groups.add(Group.objects.get_or_create(name="Redaktorzy")[0])
        other_editor = User.objects.create_user(
            username=OTHER_EMAIL, email=OTHER_EMAIL, password=ADMIN_PASSWORD, is_staff=True
        )
    return Planted(
        news=news,
        error=error,
        other_submission=other_submission,
        org=org.pk,
        org_moved=org_moved.pk,
        other_org=other_org.pk,
        editor=editor.pk,
        other_editor=other_editor.pk,
    )


@pytest.fixture
def planted_a(tenant_a) -> Planted:
    return plant_person(tenant_a)


@pytest.fixture
def canary_b(tenant_b) -> Planted:
    """The same person's address in the other tenant: never exported or erased from A."""
    return plant_person(tenant_b, title="Kanarek z Bydgoszczy")


def make_privacy_editor(tenant, username: str, *, allowed: bool) -> None:
    """A staff user of ``tenant`` with admin access, with or without the RODO permission."""
    with tenant_context(tenant):
        user = get_user_model().objects.create_user(
            username=username, email=username, password=ADMIN_PASSWORD, is_staff=True
        )
        perms = [
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        ]
        if allowed:
            perms.append(
                Permission.objects.get(
                    content_type__app_label="cms_privacy", codename="handle_privacy_request"
                )
            )
        user.user_permissions.add(*perms)


def snapshot(tenant) -> dict:
    """Everything the erasure could touch in ``tenant``, to compare before and after."""
    from cms.forms.models import Submission
    from cms.privacy.models import PrivacyRequest
    from registry.models import OrganisationChange

    with tenant_context(tenant):
        return {
            "submissions": list(
                Submission.objects.order_by("pk").values(
                    "pk", "email", "data", "summary", "ip_hash"
                )
            ),
            "organisations": list(
                Organisation.all_objects.order_by("pk").values(
                    "pk", "email", "contact_person", "phone", "updated_at"
                )
            ),
            "history": list(OrganisationChange.objects.order_by("pk").values("pk", "changes")),
            "users": list(
                get_user_model()
                .objects.order_by("pk")
                .values("pk", "username", "email", "first_name", "last_name", "is_active")
            ),
            "requests": PrivacyRequest.objects.count(),
        }
