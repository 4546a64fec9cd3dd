"""Issue 11: fuzzing with hypothesis — host names, the query parameters of every list page (and
of the registry export, for an editor) and the fields of the public forms.

Never a 500. Bad input is a 4xx page in Polish, or the page as usual with the input ignored
or explained (a list with a note, a form with its errors), where that is the right answer.
Example counts are modest so that the file runs in well under a minute on a loaded machine.
"""

from __future__ import annotations

import json
import re
from datetime import time, timedelta
from typing import Any, cast

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client, override_settings
from django.utils import timezone
from django_tenants.utils import tenant_context
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.events.services import default_page_create, event_page_create
from cms.models import HomePage
from partnerships.models import ProjectIndexPage
from tests.cms_forms.conftest import started
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,  # no example database in the worktree: each run starts fresh
)
HOST_A = host_of("czestochowa")

# Text a visitor or a script may send: any printable or control character, unicode included
# (no lone surrogates: they cannot be encoded into a request at all).
_ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=cast(Any, ("Cs",))), max_size=120
) | st.sampled_from(
    [
        "",
        "-1",
        "0",
        "9" * 40,
        "1e309",
        "NaN",
        "\x00",
        "%00",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "ą" * 300,
        "zażółć gęślą jaźń",
        "\u202e\u0000\ufeff",
    ]
)


def _client(host: str = HOST_A) -> Client:
    return Client(HTTP_HOST=host, raise_request_exception=False)


def _polish_if_error(response: Any) -> None:
    """A 4xx page a person reads is in Polish; a 400 without a body (a malformed request Django
    refuses before any page) is allowed only when it is not HTML."""
    assert response.status_code < 500, response.status_code
    content_type = response.get("Content-Type", "")
    if response.status_code >= 400 and "html" in content_type:
        html = response.content.decode("utf-8", errors="replace")
        assert '<html lang="pl">' in html, html[:300]
    if response.status_code >= 400 and "json" in content_type:
        errors = json.loads(response.content)["errors"]  # the GeoJSON feed: Polish messages
        assert errors, response.content
        assert all(isinstance(e, str) and e for e in errors), errors


# --- host names ---------------------------------------------------------------------------

_HOSTS = st.sampled_from(
    [
        HOST_A,
        HOST_A + ".",
        HOST_A.upper(),
        "www." + HOST_A,
        "www.www." + HOST_A,
        HOST_A + ":8000",
        HOST_A + ":0",
        HOST_A + ":99999",
        HOST_A + ":abc",
        HOST_A + "::80",
        "częstochowa." + django_settings.PLATFORM_DOMAIN,
        "xn--czstochowa-8xb." + django_settings.PLATFORM_DOMAIN,
        host_of("bydgoszcz") + "." + HOST_A,
        HOST_A + "." + host_of("bydgoszcz"),
        "bydgoszcz" + HOST_A,
        django_settings.PLATFORM_DOMAIN,
        "www." + django_settings.PLATFORM_DOMAIN,
        "127.0.0.1",
        "127.0.0.1:8000",
        "[::1]",
        "[::1]:8000",
        "0x7f000001",
        "a" * 64 + "." + django_settings.PLATFORM_DOMAIN,
        "a" * 300 + "." + django_settings.PLATFORM_DOMAIN,
        "",
        " ",
        HOST_A + " ",
        HOST_A + "/admin",
        HOST_A + "@evil.example",
        "evil.example#" + HOST_A,
    ]
)
_GENERATED_HOSTS = st.builds(
    lambda prefix, label, suffix: prefix + label + suffix,
    st.sampled_from(["", "www.", "WWW.", "xn--", "-", "."]),
    st.text(
        alphabet=st.characters(blacklist_categories=cast(Any, ("Cs", "Cc"))),
        min_size=0,
        max_size=70,
    ),
    st.sampled_from(
        [
            "",
            "." + django_settings.PLATFORM_DOMAIN,
            "." + django_settings.PLATFORM_DOMAIN + ".",
            "." + django_settings.PLATFORM_DOMAIN + ":8000",
            ":443",
        ]
    ),
)


@FUZZ
@given(host=_HOSTS | _GENERATED_HOSTS, path=st.sampled_from(["/", "/admin/", "/szukaj/?q=a"]))
def test_any_host_header_is_never_a_500(tenant_a, tenant_b, host: str, path: str) -> None:
    try:
        response = _client(host).get(path)
    except UnicodeEncodeError:
        return  # a header the WSGI layer could not even carry: no server would receive it
    _polish_if_error(response)
    if response.status_code == 200:
        # Served only on a host that is exactly a tenant's (any case, with or without a port
        # or the trailing dot of a fully qualified name).
        served = host.lower().rstrip(".").split(":")[0].rstrip(".")
        assert served in {HOST_A, host_of("bydgoszcz"), django_settings.PLATFORM_DOMAIN}, host


# --- list pages ---------------------------------------------------------------------------


@pytest.fixture
def lists(tenant_a) -> dict[str, str]:
    """The list pages of tenant A, with a calendar, an event and a project index to list."""
    with tenant_context(tenant_a):
        home = HomePage.objects.get()
        calendar = default_page_create(parent=home)
        event_page_create(
            index=calendar,
            title="Spotkanie fuzz",
            start_date=timezone.localdate() + timedelta(days=2),
            start_time=time(10, 0),
        )
        projects = ProjectIndexPage(title="Projekty", slug="projekty-fuzz")
        home.add_child(instance=projects)
        projects.save_revision().publish()
        return {"calendar": calendar.url, "projects": projects.url}


_PARAMS = {
    "/szukaj/": ["q", "strona"],
    "/aktualnosci/": ["strona"],
    "calendar": ["strona"],
    "/organizacje/": ["q", "legal_form", "area", "opp", "certified", "strona"],
    "/organizacje/mapa/": ["q", "legal_form", "area", "opp", "certified"],
    "/organizacje/mapa.geojson": ["q", "legal_form", "area", "opp", "certified"],
    "projects": ["programme", "status", "year"],
}


def _list_url(lists: dict[str, str], key: str) -> str:
    return lists.get(key, key)


@FUZZ
@given(
    key=st.sampled_from(sorted(_PARAMS)),
    data=st.data(),
)
def test_list_page_query_parameters_are_never_a_500(lists, key: str, data: Any) -> None:
    names = _PARAMS[key]
    params = data.draw(
        st.dictionaries(st.sampled_from([*names, "x"]), _ANY_TEXT, max_size=len(names) + 1)
    )
    response = _client().get(_list_url(lists, key), params)
    _polish_if_error(response)
    # Pages show the list with a note on what they ignored; the GeoJSON feed, which has no
    # page to note it on, answers 400 with the notes.
    if key.endswith(".geojson") and response.status_code == 400:
        return
    if not any(
        ("\x00" <= ch < " " and ch not in "\t\n\r") or ch == "\x7f"
        for v in params.values()
        for ch in v
    ):
        assert response.status_code == 200, (key, params)


@FUZZ
@given(
    year=st.integers(min_value=-1, max_value=100000) | st.sampled_from([0, 1899, 2201]),
    month=st.integers(min_value=-1, max_value=100),
    page=_ANY_TEXT,
)
def test_calendar_month_view_is_a_polish_404_out_of_range(
    lists, year: int, month: int, page: str
) -> None:
    url = f"{lists['calendar']}miesiac/{year:04d}/{month:02d}/"
    response = _client().get(url, {"strona": page})
    _polish_if_error(response)
    assert response.status_code in (200, 400, 404)
    if 1900 <= year <= 2200 and 1 <= month <= 12 and response.status_code != 400:
        assert response.status_code == 200


@pytest.fixture
def editor_client(tenant_a) -> Client:
    from django.contrib.auth import get_user_model

    with tenant_context(tenant_a), override_settings(AXES_ENABLED=False):
        user = get_user_model().objects.create_superuser(
            "fuzz-admin@example.pl", "fuzz@example.pl", "x"
        )
        client = _client()
        client.force_login(user)
    return client


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["format", "q", "legal_form", "area", "opp", "certified", "status"]),
        _ANY_TEXT,
        max_size=5,
    )
)
def test_registry_export_filters_are_never_a_500(editor_client, params: dict[str, str]) -> None:
    response = editor_client.get("/admin/registry/export/", params)
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert response.content.decode() in {"Nieznany format eksportu.", ""} or (
            '<html lang="pl">' in response.content.decode()
        )


# --- public forms -------------------------------------------------------------------------

_FIELD = re.compile(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"')


@pytest.fixture
def forms_a(tenant_a, pages_a) -> dict[str, Any]:
    """Each public form page of tenant A with the names of the fields its form shows."""
    client = _client()
    out = {}
    for key, page in pages_a.items():
        with tenant_context(tenant_a):
            page.fuzz_url = page.url
        html = client.get(page.fuzz_url).content.decode()
        names = sorted(set(_FIELD.findall(html)) - {"csrfmiddlewaretoken", "started"})
        out[key] = (page, names)
    return out


@FUZZ
@given(key=st.sampled_from(["news", "error", "organisation"]), data=st.data())
def test_public_form_fields_are_never_a_500(forms_a, key: str, data: Any) -> None:
    page, names = forms_a[key]
    answer = data.draw(st.fixed_dictionaries({name: _ANY_TEXT for name in names}))
    answer["started"] = started(page)
    for alias in django_settings.CACHES:  # the rate limit counts every example otherwise
        caches[alias].clear()
    response = _client().post(page.fuzz_url, answer)
    _polish_if_error(response)
    # Accepted (a redirect to the thank-you page), or the form again with its errors.
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 200:
        assert '<html lang="pl">' in response.content.decode()
