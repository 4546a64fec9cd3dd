"""Issue 11: ``/media/<schema>/documents/…`` served Wagtail documents directly, so a document of
a password-protected collection was readable by anyone, and an uploaded HTML document ran its
script inline on the site's origin. Documents now go only through Wagtail's serve view (with
its collection checks), as downloads in a sandbox unless they are PDFs; images still work."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tenants.utils import schema_context
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = pytest.mark.django_db

SANDBOX = "default-src 'none'; sandbox"
HTML = b"<!doctype html><script>fetch('/admin/')</script>Zaproszenie"
SECRET_PDF = b"%PDF-1.4 protokol kwiczolowiec"
PASSWORD = "haslo-do-kolekcji-1"


def _document(schema: str, name: str, content: bytes, collection=None):
    with schema_context(schema):
        return get_document_model().objects.create(
            title=name,
            file=ContentFile(content, name=name),
            collection=collection or Collection.get_first_root_node(),
        )


def _private_collection(schema: str, kind: str = CollectionViewRestriction.PASSWORD):
    with schema_context(schema):
        collection = Collection.get_first_root_node().add_child(name="Dla zarządu")
        CollectionViewRestriction.objects.create(
            collection=collection,
            restriction_type=kind,
            password=PASSWORD if kind == "password" else "",
        )
        return collection


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_html_document_is_a_sandboxed_download(tenant_a, client_a):
    document = _document(tenant_a.schema_name, "zaproszenie.html", HTML)

    response = client_a.get(document.url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="zaproszenie.html"'
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == HTML


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("mapa.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'),
        ("strona.xhtml", b'<html xmlns="http://www.w3.org/1999/xhtml"><script>1</script></html>'),
    ],
)
def test_no_scriptable_type_is_ever_inline(tenant_a, client_a, settings, name, content):
    # Even a site that lists them as inline types gets downloads: the allow-list is PDF only.
    settings.WAGTAILDOCS_INLINE_CONTENT_TYPES = ["image/svg+xml", "application/xhtml+xml"]
    document = _document(tenant_a.schema_name, name, content)

    response = client_a.get(document.url)

    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pdf_opens_in_place_without_scripts(tenant_a, client_a):
    document = _document(tenant_a.schema_name, "sprawozdanie.pdf", b"%PDF-1.4 sprawozdanie")

    response = client_a.get(document.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="sprawozdanie.pdf"'
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_documents_are_never_served_from_media(tenant_a, client_a):
    public = _document(tenant_a.schema_name, "regulamin.html", HTML)
    private = _document(
        tenant_a.schema_name, "protokol.pdf", SECRET_PDF, _private_collection(tenant_a.schema_name)
    )

    for document in (public, private):
        with schema_context(tenant_a.schema_name):
            direct = document.file.url
        assert direct.startswith("/media/t_czestochowa/documents/")
        response = client_a.get(direct)
        assert response.status_code == 404
        assert b"kwiczolowiec" not in response.content


def test_password_protected_collection_asks_for_the_password(tenant_a, client_a):
    collection = _private_collection(tenant_a.schema_name)
    document = _document(tenant_a.schema_name, "protokol.pdf", SECRET_PDF, collection)

    asked = client_a.get(document.url)

    assert asked.status_code == 200
    assert asked["Content-Type"].startswith("text/html")
    assert b"kwiczolowiec" not in _body(asked)
    action = re.search(r'action="([^"]+)"', asked.content.decode()).group(1)
    wrong = client_a.post(action, {"password": "zle-haslo", "return_url": document.url})
    assert wrong.status_code == 200
    assert b"kwiczolowiec" not in wrong.content
    assert (
        client_a.post(action, {"password": PASSWORD, "return_url": document.url}).status_code == 302
    )

    opened = client_a.get(document.url)

    assert opened.status_code == 200
    assert _body(opened) == SECRET_PDF
    assert opened["X-Content-Type-Options"] == "nosniff"
    assert opened["Cache-Control"] == "private"


def test_login_restricted_collection_sends_to_login(tenant_a, client_a):
    collection = _private_collection(tenant_a.schema_name, CollectionViewRestriction.LOGIN)
    document = _document(tenant_a.schema_name, "umowa.pdf", SECRET_PDF, collection)

    response = client_a.get(document.url)

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_other_uploads_are_not_public_but_images_are(tenant_a, client_a, client_b):
    with schema_context(tenant_a.schema_name):
        name = default_storage.save("registry/imports/rejestr.csv", ContentFile(b"NIP;nazwa\n"))
        image = default_storage.save("original_images/logo.png", ContentFile(b"\x89PNG\r\n"))
        upload_url, image_url = default_storage.url(name), default_storage.url(image)

    assert client_a.get(upload_url).status_code == 404
    response = client_a.get(image_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_b.get(image_url).status_code == 404
