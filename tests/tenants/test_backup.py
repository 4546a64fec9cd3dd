"""Backup of one tenant and its restore as a new tenant (``tenant_backup`` / ``tenant_restore``).

The round trip runs once per module against committed data (pg_dump and pg_restore are other
processes: they see no test transaction): a tenant of its own with content and an image is
backed up, restored under a new slug, and both are removed again at the end.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, schema_exists
from PIL import Image as PILImage
from wagtail.models import Collection, Site

from tenants import backup
from tenants.models import Domain, Tenant
from tests.conftest import host_of

SOURCE = "kopia-zrodlo"
RESTORED = "kopia-odtworzona"
NEWS_TITLE = "Spółdzielnia socjalna „Kopia” otwiera kawiarnię"
ORG_NAME = "Fundacja Zapasowa Częstochowa"


def _checksums(schema: str) -> dict:
    with backup._connect() as conn, conn.cursor() as cursor:
        return backup.schema_checksums(cursor, schema)


def _plant_content(tenant: Tenant) -> str:
    from cms.models import CustomImage, NewsIndexPage, NewsPage
    from registry.services import organisation_create

    with schema_context(tenant.schema_name):
        buffer = io.BytesIO()
        PILImage.new("RGB", (40, 30), (29, 79, 145)).save(buffer, format="PNG")
        image = CustomImage(
            title="Otwarcie kawiarni",
            description="Otwarcie kawiarni",
            collection=Collection.get_first_root_node(),
        )
        image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="kawiarnia.png")
        image.save()
        index = NewsIndexPage.objects.get()
        page = NewsPage(
            title=NEWS_TITLE,
            slug="kawiarnia",
            date=dt.date(2026, 3, 2),
            lead="Nowe miejsca pracy.",
            image=image,
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        organisation_create(
            name=ORG_NAME,
            legal_form="fundacja",
            city="Częstochowa",
            email="biuro@zapasowa.example.pl",
            status="published",
        )
        return image.file.name


@pytest.fixture(scope="module")
def round_trip(django_db_setup, django_db_blocker, tmp_path_factory):
    from tenants.services import domain_add, tenant_provision

    workdir = tmp_path_factory.mktemp("backup")
    archive = workdir / "kopia.tar"
    with django_db_blocker.unblock():
        source = tenant_provision(
            name="Źródło kopii zapasowej",
            slug=SOURCE,
            kind="association",
            teryt_code="2464011",
            admin_email="admin@kopia.example.pl",
            admin_password="Hasło-testowe-2026",
        ).tenant
        domain_add(tenant=source, domain="kopia-zapasowa.example.pl")
        image_name = _plant_content(source)
        connection.set_schema_to_public()
        before = _checksums(source.schema_name)

        backup_out, restore_out = io.StringIO(), io.StringIO()
        call_command("tenant_backup", tenant=SOURCE, output=str(archive), stdout=backup_out)
        call_command("tenant_restore", input=str(archive), slug=RESTORED, stdout=restore_out)
        restored = Tenant.objects.get(slug=RESTORED)
        try:
            yield {
                "source": source,
                "restored": restored,
                "archive": archive,
                "workdir": workdir,
                "manifest": backup.read_manifest(archive),
                "before": before,
                "after": _checksums(source.schema_name),
                "restored_checksums": _checksums(restored.schema_name),
                "image_name": image_name,
                "backup_out": backup_out.getvalue(),
                "restore_out": restore_out.getvalue(),
            }
        finally:
            connection.set_schema_to_public()
            for tenant in (restored, source):
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP SCHEMA IF EXISTS "{tenant.schema_name}" CASCADE')
                shutil.rmtree(backup.tenant_media_root(tenant.schema_name), ignore_errors=True)
                tenant.delete()


pytestmark = pytest.mark.django_db


def test_restored_tables_have_the_rows_and_checksums_of_the_backup(round_trip):
    manifest = round_trip["manifest"]
    restored = round_trip["restored_checksums"]
    # The only table the restore changes after verifying the copy: the Wagtail sites, moved
    # to the new host (the source's custom domain is not the new tenant's).
    moved = {"wagtailcore_site"}

    assert set(restored["tables"]) == set(manifest["tables"])
    assert {t: restored["tables"][t] for t in restored["tables"] if t not in moved} == {
        t: manifest["tables"][t] for t in manifest["tables"] if t not in moved
    }
    assert manifest["tables"] == round_trip["before"]["tables"]
    assert restored["sequences"] == manifest["sequences"]
    assert manifest["tables"]["wagtailcore_site"]["rows"] == 2
    assert restored["tables"]["wagtailcore_site"]["rows"] == 1
    assert len(manifest["tables"]) > 80  # a whole Wagtail schema, not a handful of tables
    assert manifest["tables"]["registry_organisation"]["rows"] == 1
    assert manifest["tables"]["cms_newspage"]["rows"] == 1
    assert manifest["tables"]["cms_customimage"]["rows"] == 1


def test_restore_refuses_data_that_differ_from_the_manifest(round_trip):
    manifest = json.loads(json.dumps(round_trip["manifest"]))
    manifest["tables"]["registry_organisation"]["rows"] = 2
    forged = _rewrite(round_trip["archive"], round_trip["workdir"] / "inna.tar", manifest=manifest)

    with pytest.raises(CommandError) as excinfo:
        call_command("tenant_restore", input=str(forged), slug="kopia-inna", stdout=io.StringIO())

    assert "Odtworzone dane różnią się od kopii:\nregistry_organisation: oczekiwano" in str(
        excinfo.value
    )
    _assert_nothing_created("kopia-inna")
    assert not backup.tenant_media_root("t_kopia_inna").exists()


def test_manifest_carries_the_public_rows_and_the_media(round_trip):
    manifest = round_trip["manifest"]

    assert manifest["source"]["schema"] == "t_kopia_zrodlo"
    assert manifest["tenant"]["slug"] == SOURCE
    assert manifest["tenant"]["name"] == "Źródło kopii zapasowej"
    assert manifest["tenant"]["teryt_code"] == "2464011"
    assert manifest["domains"] == [
        {"domain": "kopia-zrodlo.test.localhost", "is_primary": True},
        {"domain": "kopia-zapasowa.example.pl", "is_primary": False},
    ]
    assert list(manifest["media"]) == [round_trip["image_name"]]
    with tarfile.open(round_trip["archive"]) as archive:
        names = sorted(archive.getnames())
    assert names == sorted(["manifest.json", "schema.dump", f"media/{round_trip['image_name']}"])


def test_source_tenant_is_untouched(round_trip):
    source = round_trip["source"]

    assert round_trip["after"] == round_trip["before"]
    assert sorted(Domain.objects.filter(tenant=source).values_list("domain", flat=True)) == [
        "kopia-zapasowa.example.pl",
        "kopia-zrodlo.test.localhost",
    ]
    with schema_context(source.schema_name):
        assert sorted(Site.objects.values_list("hostname", flat=True)) == [
            "kopia-zapasowa.example.pl",
            "kopia-zrodlo.test.localhost",
        ]
    response = Client(HTTP_HOST=host_of(SOURCE)).get("/aktualnosci/kawiarnia/")
    assert response.status_code == 200
    assert NEWS_TITLE in response.content.decode()


def test_restored_tenant_is_new_and_its_site_is_bound_to_its_own_host(round_trip):
    restored = round_trip["restored"]

    assert restored.schema_name == "t_kopia_odtworzona"
    assert restored.name == "Źródło kopii zapasowej"
    assert restored.kind == "association"
    assert restored.provisioned_at is not None
    assert list(Domain.objects.filter(tenant=restored).values_list("domain", "is_primary")) == [
        ("kopia-odtworzona.test.localhost", True)
    ]
    with schema_context(restored.schema_name):
        sites = list(Site.objects.values_list("hostname", "port"))
    assert sites == [("kopia-odtworzona.test.localhost", 80)]


def test_restored_site_answers_over_http_with_the_source_content(round_trip):
    client = Client(HTTP_HOST=host_of(RESTORED))

    news = client.get("/aktualnosci/kawiarnia/")
    directory = client.get("/organizacje/")
    image = client.get(f"/media/t_kopia_odtworzona/{round_trip['image_name']}")

    assert news.status_code == 200
    assert NEWS_TITLE in news.content.decode()
    assert directory.status_code == 200
    assert ORG_NAME in directory.content.decode()
    assert image.status_code == 200
    original = backup.tenant_media_root("t_kopia_zrodlo") / round_trip["image_name"]
    assert b"".join(image.streaming_content) == original.read_bytes()
    # The restored copy's admin accounts came with it: the source's administrator logs in.
    login = client.post(
        "/admin/login/", {"username": "admin@kopia.example.pl", "password": "Hasło-testowe-2026"}
    )
    assert login.status_code == 302


def test_commands_show_progress(round_trip):
    backup_lines = round_trip["backup_out"].splitlines()
    restore_lines = round_trip["restore_out"].splitlines()

    assert f"{SOURCE}: sumy kontrolne tabel schematu t_kopia_zrodlo" in backup_lines
    assert any(line.startswith(f"{SOURCE}: pg_dump (") for line in backup_lines)
    assert backup_lines[-1].startswith(f"Kopia najemcy {SOURCE}: ")
    assert f"{RESTORED}: porównanie liczby wierszy i sum kontrolnych" in restore_lines
    assert any(
        "zmiana nazwy schematu t_kopia_zrodlo → t_kopia_odtworzona" in line
        for line in restore_lines
    )
    assert any(
        line.startswith(f"{RESTORED}: cms_sites: kopia-zrodlo.test.localhost, ")
        for line in restore_lines
    )
    assert restore_lines[-1].startswith(
        f"Odtworzono najemcę {RESTORED}: http://kopia-odtworzona.test.localhost/ ("
    )


# --- bad input: a clear Polish error, nothing created ---------------------------------------


def _rewrite(archive: Path, target: Path, *, manifest=None, dump: bytes | None = None) -> Path:
    with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest is not None:
                data = json.dumps(manifest).encode()
            if member.name == "schema.dump" and dump is not None:
                data = dump
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def _assert_nothing_created(slug: str) -> None:
    assert not Tenant.objects.filter(slug=slug).exists()
    assert not schema_exists(f"t_{slug.replace('-', '_')}")


def test_restore_refuses_a_taken_slug_and_domain(round_trip):
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "tenant_restore",
            input=str(round_trip["archive"]),
            slug="czestochowa",
            domain="kopia-zrodlo.test.localhost",
            stdout=io.StringIO(),
        )

    message = str(excinfo.value)
    assert message.startswith("Nie odtworzono najemcy:")
    assert "Schemat dla tego identyfikatora już istnieje." in message
    assert "Domena kopia-zrodlo.test.localhost jest już zajęta." in message


def test_restore_refuses_a_damaged_dump(round_trip):
    with tarfile.open(round_trip["archive"]) as archive:
        dump = bytearray(archive.extractfile("schema.dump").read())
    dump[len(dump) // 2] ^= 0xFF
    damaged = _rewrite(
        round_trip["archive"], round_trip["workdir"] / "uszkodzona.tar", dump=bytes(dump)
    )

    with pytest.raises(CommandError, match="Zrzut schematu w archiwum jest uszkodzony"):
        call_command(
            "tenant_restore", input=str(damaged), slug="kopia-uszkodzona", stdout=io.StringIO()
        )
    _assert_nothing_created("kopia-uszkodzona")


def test_restore_refuses_a_backup_of_a_newer_release(round_trip):
    manifest = dict(round_trip["manifest"])
    manifest["migrations"] = [*manifest["migrations"], ["registry", "9999_z_przyszlosci"]]
    newer = _rewrite(round_trip["archive"], round_trip["workdir"] / "nowsza.tar", manifest=manifest)

    with pytest.raises(
        CommandError,
        match=r"nowszej wersji platformy \(nieznane migracje: registry.9999_z_przyszlosci\)",
    ):
        call_command("tenant_restore", input=str(newer), slug="kopia-nowsza", stdout=io.StringIO())
    _assert_nothing_created("kopia-nowsza")


def test_restore_refuses_what_is_not_a_backup(round_trip, tmp_path):
    text = tmp_path / "notatki.tar"
    text.write_text("to nie jest archiwum", encoding="utf-8")

    with pytest.raises(CommandError, match="nie jest kopią najemcy"):
        call_command("tenant_restore", input=str(text), slug="kopia-zla", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Nie ma pliku"):
        call_command(
            "tenant_restore",
            input=str(tmp_path / "brak.tar"),
            slug="kopia-zla",
            stdout=io.StringIO(),
        )
    _assert_nothing_created("kopia-zla")


def test_restore_refuses_an_incomplete_manifest(round_trip):
    manifest = json.loads(json.dumps(round_trip["manifest"]))
    del manifest["tables"]
    manifest["source"]["schema"] = 'x"; DROP SCHEMA public; --'
    broken = _rewrite(round_trip["archive"], round_trip["workdir"] / "zly.tar", manifest=manifest)

    with pytest.raises(CommandError, match=r"jest niekompletny lub uszkodzony \(tables\)\."):
        call_command("tenant_restore", input=str(broken), slug="kopia-zla", stdout=io.StringIO())
    del manifest["source"]["schema"]
    manifest["tables"] = {}
    manifest["source"]["schema"] = "pg_catalog"
    broken = _rewrite(round_trip["archive"], round_trip["workdir"] / "zly2.tar", manifest=manifest)
    with pytest.raises(CommandError, match=r"jest niekompletny lub uszkodzony\.$"):
        call_command("tenant_restore", input=str(broken), slug="kopia-zla", stdout=io.StringIO())
    _assert_nothing_created("kopia-zla")


def test_backup_of_an_unknown_tenant_or_onto_an_existing_file(round_trip):
    with pytest.raises(CommandError, match="Nie ma najemcy „nieznany”"):
        call_command("tenant_backup", tenant="nieznany", stdout=io.StringIO())
    with pytest.raises(CommandError, match="już istnieje; wskaż inną nazwę"):
        call_command(
            "tenant_backup", tenant=SOURCE, output=str(round_trip["archive"]), stdout=io.StringIO()
        )


def test_client_binaries_match_the_server():
    server = connection.pg_version // 10000
    for name in ("pg_dump", "pg_restore"):
        path = backup.pg_client(name)
        assert backup._client_major(str(path)) >= server
