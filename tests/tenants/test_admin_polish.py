"""The admin in Polish and under the tenant's name: the override catalogues (Wagtail's strings
its Polish catalogues lack, Python and JS) are compiled, win and are served; the dashboard is
titled with the tenant's name, never the platform's or another tenant's."""

from __future__ import annotations

import gettext
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.conftest import TENANT_SPECS, logged_in

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "tenants" / "locale" / "pl" / "LC_MESSAGES"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogues_match_their_sources(domain, tmp_path):
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        pytest.skip("msgfmt (gettext) is not installed")
    fresh = tmp_path / f"{domain}.mo"
    subprocess.run(  # noqa: S603  (fixed arguments: our own catalogue)
        [msgfmt, "-c", "-o", str(fresh), str(LOCALE / f"{domain}.po")], check=True
    )
    with open(fresh, "rb") as new, open(LOCALE / f"{domain}.mo", "rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == (  # type: ignore[attr-defined]
            gettext.GNUTranslations(new)._catalog  # type: ignore[attr-defined]
        ), f"{domain}.mo is stale: msgfmt -o {domain}.mo {domain}.po"


def test_wagtail_strings_missing_from_its_catalogues_are_polish():
    with translation.override("pl"):
        assert translation.gettext("Show keyboard shortcuts") == "Pokaż skróty klawiaturowe"
        assert translation.gettext("Schedule to publish") == "Zaplanuj publikację"
        documents = (
            '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
            '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
        )
        forms = [
            translation.ngettext(*documents, n) % {"total": n, "site_name": "X"}
            for n in (1, 3, 5, 22)
        ]
    assert [form.split(" <")[0] for form in forms] == [
        "1 dokument",
        "3 dokumenty",
        "5 dokumentów",
        "22 dokumenty",
    ]


def test_admin_js_catalogue_serves_the_polish_overrides():
    client = logged_in("czestochowa", "admin@czestochowa.example.pl")
    response = client.get("/admin/jsi18n/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "Trwa autozapis" in text  # "Autosave in progress…": ours
    assert "Zapisz" in text  # Wagtail's own Polish is still there


@pytest.mark.parametrize("slug", ["czestochowa", "bydgoszcz"])
def test_dashboard_is_titled_with_the_tenants_name(slug):
    client = logged_in(slug, f"admin@{slug}.example.pl")
    response = client.get("/admin/")

    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    assert heading
    assert heading.group(1).strip() == TENANT_SPECS[slug]["name"]
    assert settings.PLATFORM_NAME not in body
    other = str(next(spec["name"] for key, spec in TENANT_SPECS.items() if key != slug))
    assert other not in body  # canary: never the other tenant's name
    assert "created in" not in body


def test_admin_lists_count_and_label_in_polish():
    client = logged_in("czestochowa", "admin@czestochowa.example.pl")
    users = html.unescape(client.get("/admin/users/").content.decode())
    title = re.search(r"<title>(.*?)</title>", users, re.S)

    assert title
    assert title.group(1).split(" - ")[-1].strip() == TENANT_SPECS["czestochowa"]["name"]
    assert "Użytkownicy: 1" in users  # not Wagtail's "1 użytkownik" / "7 strony"
    assert "Tak" in users  # the "active" tick's label
    assert not re.search(r">\s*(True|False|None)\s*<", users)
    assert "Administrator" in users  # the access level, not "Admin"
