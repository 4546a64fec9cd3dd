"""Polish everywhere in the admin: an administrator walks the screens an editor uses and no
English UI word is left in what they read (visible text, aria-label, title, placeholder)."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import connection
from django_tenants.utils import tenant_context
from wagtail.models import Site

from tenants.models import Tenant
from tests.browser.test_accessibility import site_urls  # noqa: F401  (module fixture)
from tests.browser.test_csp import organisations  # noqa: F401  (module fixture)
from tests.conftest import ADMIN_PASSWORD, host_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# English words and phrases of Wagtail's and Django's admin UI, none of which is also a Polish
# word ("Status", "Import", "Live", "to", "by", "no" are, so they are not listed; nor is
# "Wagtail", the name of the help menu's editor guide). Matched as whole words, case-sensitively.
ENGLISH = [
    "of",
    "the",
    "and",
    "your",
    "with",
    "created in",
    "item",
    "items",
    "Add",
    "Edit",
    "Delete",
    "Search",
    "Save",
    "Saved",
    "Publish",
    "Unpublish",
    "Settings",
    "Images",
    "Image",
    "Documents",
    "Document",
    "Pages",
    "Page",
    "Show",
    "Close",
    "Cancel",
    "Filter",
    "Filters",
    "Sort",
    "Preview",
    "Comments",
    "Draft",
    "Title",
    "Created",
    "Updated",
    "Actions",
    "More",
    "Select",
    "Choose",
    "Upload",
    "Users",
    "Groups",
    "Help",
    "Dashboard",
    "Reports",
    "History",
    "Workflow",
    "Locked",
    "Schedule",
    "Autosave",
    "Keyboard",
    "Toggle",
    "Usage",
    "Layout",
    "Grid",
    "Loading",
    "Name",
    "Password",
    "Previous",
    "Next",
    "Back",
    "Account",
    "Explorer",
    "Submit",
    "Welcome",
    "Error",
    "Required",
    "Remove",
    "Copy",
    "Move",
    "Checks",
    "Compare",
    "Never",
    "View",
    "Breadcrumb",
    "Minimap",
    "Pagination",
    "Active",
    "Admin",
    "True",
    "False",
    "None",
]
PATTERN = re.compile(r"(?<![\w@./-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w@/-])")

READ_TEXT = """() => {
  const texts = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder]")) {
    for (const name of ["aria-label", "title", "placeholder"]) {
      const value = el.getAttribute(name);
      if (value) texts.push(value);
    }
  }
  return texts;
}"""


@pytest.fixture(scope="module")
def screens(site_urls, organisations):  # noqa: F811
    tenant = Tenant.objects.get(slug="czestochowa")
    with tenant_context(tenant):
        home = Site.objects.get(hostname=host_of("czestochowa")).root_page_id
        news = apps.get_model("cms", "NewsPage").objects.order_by("pk").first().pk
    connection.set_schema_to_public()
    return {
        "pulpit": "/admin/",
        "eksplorator stron": f"/admin/pages/{home}/",
        "edycja strony głównej": f"/admin/pages/{home}/edit/",
        "edycja aktualności": f"/admin/pages/{news}/edit/",
        "obrazy": "/admin/images/",
        "dokumenty": "/admin/documents/",
        "zgłoszenia": "/admin/zgloszenia/",
        "organizacje": "/admin/registry/organisations/",
        "edycja organizacji": f"/admin/registry/organisations/edit/{organisations[0].pk}/",
        "importy": "/admin/registry/imports/",
        "partnerstwa": "/admin/partnerships/partnerships/",
        "użytkownicy": "/admin/users/",
        "ustawienia serwisu": "/admin/settings/cms/sitesettings/",
    }


def english_in(texts: list[str]) -> list[str]:
    """Each distinct line (or attribute value) holding an English UI word, with the words."""
    found: dict[str, None] = {}
    for text in texts:
        for line in text.splitlines():
            words = PATTERN.findall(line)
            if words:
                found[f"{line.strip()!r}  ← {', '.join(dict.fromkeys(words))}"] = None
    return list(found)


def test_admin_screens_an_editor_uses_are_in_polish(live_url, screens, page):
    base = live_url.format(slug="czestochowa")
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "admin@czestochowa.example.pl")
    page.fill("#id_password", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")

    offences: list[str] = []
    for screen, path in screens.items():
        response = page.goto(base + path)
        assert response is not None
        assert response.status == 200, f"{screen}: {path} → {response.status}"
        page.wait_for_load_state("load")
        offences += [
            f"{screen} ({path}): {found}" for found in english_in(page.evaluate(READ_TEXT))
        ]

    assert not offences, "English left in the admin:\n" + "\n".join(offences)
