"""Bad input is a 4xx with a Polish page, never a 500; the platform host's 404s are 404s.

The probe: every 404 on the platform host was a 500 (Wagtail's redirect middleware queried
``wagtailcore_site`` in the public schema), and a NUL byte in a media path or an export filter
was a 500 (PostgreSQL refuses NUL in text).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django_tenants.utils import tenant_context

from cms.forms.models import Submission
from tests.cms_forms.conftest import logged_in, news_answer

pytestmark = pytest.mark.django_db

NOT_FOUND = "<h1>Nie znaleziono strony</h1>"
BAD_REQUEST = "<h1>Nieprawidłowe żądanie</h1>"


@pytest.fixture
def platform():
    return Client(HTTP_HOST=settings.PLATFORM_DOMAIN)


@pytest.mark.parametrize(
    "path",
    ["/favicon.ico", "/api/", "/nonexistent", "/nonexistent/", "/media/public/x.png", "/admin/"],
)
def test_platform_host_unknown_address_is_a_polish_404(platform, tenant_a, path):
    response = platform.get(path)

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="pl">' in html
    assert NOT_FOUND in html


def test_platform_host_pages_still_work(platform, tenant_a):
    assert platform.get("/").status_code == 200
    assert platform.get("/operator/login/").status_code == 200


def test_tenant_host_unknown_address_is_a_polish_404(client_a):
    response = client_a.get("/nie-ma-takiej-strony/")

    assert response.status_code == 404
    assert NOT_FOUND in response.content.decode()


def test_wagtail_redirects_still_work_on_tenant_hosts(client_a, tenant_a):
    from wagtail.contrib.redirects.models import Redirect

    with tenant_context(tenant_a):
        Redirect.objects.create(old_path="/stara-strona", redirect_link="/kontakt/")

    response = client_a.get("/stara-strona/")

    assert response.status_code == 301
    assert response["Location"] == "/kontakt/"


def test_tenant_only_middleware_refuses_hooks_it_cannot_run(settings):
    from tenants.security import TenantOnlyMiddleware

    settings.TENANT_ONLY_MIDDLEWARE = ["django.middleware.csrf.CsrfViewMiddleware"]

    with pytest.raises(ImproperlyConfigured, match="process_view"):
        TenantOnlyMiddleware(lambda request: None)


@pytest.mark.parametrize(
    "path",
    [
        "/media/czestochowa/original_images/a%00b.jpg",
        "/%00/",
        "/organizacje/%00/",
        "/organizacje/?city=%00",
        "/organizacje/?q=Fundacja%00",
        "/organizacje/mapa.geojson?area=%00",
        "/szukaj/?q=%00",
        "/szukaj/?q=a%01b",
        "/szukaj/?%00=1",
        "/kalendarz/kalendarz.ics?x=%1b",
        "/admin/login/?next=/%00",
        "/organizacje/a%0d%0aSet-Cookie:x=1/",
    ],
)
def test_control_characters_in_path_or_query_are_a_polish_400(client_a, path):
    response = client_a.get(path)

    assert response.status_code == 400
    assert BAD_REQUEST in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"city": "\x00"},
        {"area": "\x00"},
        {"q": "Fundacja\x00"},
        {"format": "xlsx", "teryt": "24\x00"},
    ],
)
def test_nul_in_an_export_filter_is_a_400(tenant_a, params):
    admin = logged_in("czestochowa", "admin@czestochowa.example.pl")

    response = admin.get("/admin/registry/export/", params)

    assert response.status_code == 400
    assert BAD_REQUEST in response.content.decode()


def test_platform_host_rejects_control_characters_too(platform, tenant_a):
    assert platform.get("/media/x%00y.png").status_code == 400
    assert platform.get("/operator/login/?next=%00").status_code == 400


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/szukaj/?q=dwa%0Awiersze", 200),  # a line break in a query value is fine
        ("/szukaj/?q=%FF%FE", 200),  # not UTF-8: decoded with replacement characters
        ("/szukaj/?q=%E2%80%AEodwr%C3%B3cony", 200),
        ("/organizacje/%FF/", 404),
    ],
)
def test_other_odd_bytes_are_handled_without_an_error(client_a, path, status):
    assert client_a.get(path).status_code == status


def test_nul_in_a_public_form_field_is_a_polish_field_error(client_a, tenant_a, pages_a):
    page = pages_a["news"]

    response = client_a.post("/zglos-newsa/", news_answer(page, title="Piknik\x00w parku"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Pole zawiera niedozwolony znak sterujący (NUL). Usuń go i wpisz tekst ponownie." in html
    assert 'value="Rodzinny' not in html  # the title field is the one refused
    assert "Zapraszamy mieszkańców na piknik w parku." in html  # the rest is kept
    with tenant_context(tenant_a):
        assert not Submission.objects.exists()
