"""Organisation model rules, services (history, transitions, tombstones) and selectors."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from registry.models import (
    ActivityArea,
    ChangeAction,
    Organisation,
    OrganisationChange,
    OrganisationStatus,
)
from registry.selectors import (
    OrganisationFilters,
    organisation_changed_since,
    organisation_list,
    organisation_search,
    organisation_statistics,
)
from registry.services import (
    organisation_archive,
    organisation_bulk_set_status,
    organisation_create,
    organisation_delete,
    organisation_publish,
    organisation_set_status,
    organisation_update,
)

pytestmark = pytest.mark.django_db

S, P, A = OrganisationStatus.SUBMITTED, OrganisationStatus.PUBLISHED, OrganisationStatus.ARCHIVED


def test_area_taxonomy_is_seeded_from_the_czestochowa_portal(tenant_a):
    with tenant_context(tenant_a):
        names = list(ActivityArea.objects.values_list("name", flat=True))
    assert names[:6] == [
        "sport, turystyka, rekreacja i hobby",
        "rynek pracy i sprawy społeczne",
        "kultura i sztuka",
        "ochrona zdrowia",
        "gospodarka",
        "edukacja i wychowanie",
    ]


def test_create_normalises_identifiers_and_records_history(tenant_a):
    with tenant_context(tenant_a):
        user = get_user_model().objects.get(email="admin@czestochowa.example.pl")
        org = organisation_create(
            user=user,
            name="  Fundacja   Testowa ",
            legal_form="fundacja",
            krs="123456",
            nip="856-734-62-15",
            regon="192 598 184",
            postal_code="42217",
            teryt="2464011",
            latitude="50,8118",
            longitude="19.1203",
            areas=["kultura-i-sztuka"],
            certificates=[
                {"name": "Znak Jakości", "category": "Najlepszy Pracodawca", "year": 2020}
            ],
        )
        org = Organisation.objects.get(pk=org.pk)
        change = OrganisationChange.objects.get(organisation=org)
        assert (org.name, org.krs, org.nip, org.regon, org.postal_code) == (
            "Fundacja Testowa",
            "0000123456",
            "8567346215",
            "192598184",
            "42-217",
        )
        assert org.status == S
        assert change.action == ChangeAction.CREATED
        assert change.user == user
        assert change.changes["nip"] == [None, "8567346215"]
        assert change.changes["areas"] == [None, ["kultura i sztuka"]]
        assert change.changes["certificates"] == [
            None,
            ["Znak Jakości Najlepszy Pracodawca 2020"],
        ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"nip": "8567346216"}, "nip", "NIP „8567346216” ma błędną cyfrę kontrolną."),
        ({"regon": "192598183"}, "regon", "REGON „192598183” ma błędną cyfrę kontrolną."),
        ({"krs": "12345678901"}, "krs", "musi składać się z co najwyżej 10 cyfr"),
        ({"postal_code": "42 2177"}, "postal_code", "00-000"),
        ({"teryt": "9964011"}, "teryt", "nieistniejącego kodu województwa 99"),
        ({"latitude": "91"}, "latitude", "od -90 do 90"),
        ({"longitude": "-181"}, "longitude", "od -180 do 180"),
        ({"website": "nie-adres"}, "website", "Wprowadź poprawny adres URL."),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(tenant_a, fields, field, message):
    with tenant_context(tenant_a):
        with pytest.raises(ValidationError) as excinfo:
            organisation_create(name="Zła organizacja", **fields)
        assert message in " ".join(excinfo.value.message_dict[field])
        assert Organisation.all_objects.count() == 0
        assert OrganisationChange.objects.count() == 0


def test_duplicate_identifiers_are_refused(tenant_a, make_org):
    make_org(tenant_a, name="Pierwsza", krs="0000000001", nip="8567346215")
    with tenant_context(tenant_a):
        with pytest.raises(ValidationError) as excinfo:
            organisation_create(name="Druga", krs="1")
        assert excinfo.value.messages == ["Organizacja z tym numerem KRS już jest w bazie."]
        with pytest.raises(ValidationError, match="NIP już jest w bazie"):
            organisation_create(name="Trzecia", nip="8567346215")


def test_same_identifier_in_another_tenant_is_fine(tenant_a, tenant_b, make_org):
    make_org(tenant_a, name="A", krs="0000000001")
    org_b = make_org(tenant_b, name="B", krs="0000000001")
    assert org_b.krs == "0000000001"


def test_external_ids_are_unique_per_system(tenant_a, make_org):
    make_org(tenant_a, name="A", external_ids={"crm": "17", "obserwatorium": "x1"})
    with tenant_context(tenant_a):
        other = organisation_create(name="B", external_ids={"crm": "18", "inny": "17"})
        with pytest.raises(ValidationError) as excinfo:
            organisation_update(organisation=other, external_ids={"crm": "17"})
        assert excinfo.value.message_dict["external_ids"] == [
            "Identyfikator 17 w systemie crm ma już organizacja „A”."
        ]


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [(S, P, True), (S, A, True), (P, A, True), (A, P, True), (P, S, False), (A, S, False)],
)
def test_status_transitions(tenant_a, make_org, start, target, allowed):
    org = make_org(tenant_a, name="Org", status=start)
    with tenant_context(tenant_a):
        if allowed:
            organisation_set_status(organisation=org, status=target)
            assert Organisation.objects.get(pk=org.pk).status == target
            last = OrganisationChange.objects.filter(organisation=org).first()
            assert last.changes == {"status": [start, target]}
        else:
            with pytest.raises(ValidationError) as excinfo:
                organisation_set_status(organisation=org, status=target)
            assert "Nie można zmienić statusu" in excinfo.value.messages[0]
            assert Organisation.objects.get(pk=org.pk).status == start


def test_publish_and_archive_helpers_and_bulk(tenant_a, make_org):
    one = make_org(tenant_a, name="Jeden", status=S)
    two = make_org(tenant_a, name="Dwa", status=S)
    with tenant_context(tenant_a):
        organisation_publish(organisation=one)
        assert Organisation.objects.get(pk=one.pk).published_at is not None
        organisation_archive(organisation=one)
        changed, skipped = organisation_bulk_set_status(organisation_ids=[one.pk, two.pk], status=S)
        assert (changed, skipped) == (
            0,
            ["Jeden: Nie można zmienić statusu z „zarchiwizowana” na „zgłoszona”."],
        )
        changed, skipped = organisation_bulk_set_status(organisation_ids=[one.pk, two.pk], status=P)
        assert (changed, skipped) == (2, [])


def test_update_records_a_field_diff_only_when_something_changed(tenant_a, make_org):
    org = make_org(tenant_a, name="Stara nazwa", city="Częstochowa")
    with tenant_context(tenant_a):
        organisation_update(organisation=org, name="Nowa nazwa", city="Częstochowa")
        organisation_update(organisation=org, name="Nowa nazwa")
        updates = list(
            OrganisationChange.objects.filter(organisation=org, action=ChangeAction.UPDATED)
        )
    assert [u.changes for u in updates] == [{"name": ["Stara nazwa", "Nowa nazwa"]}]


def test_delete_leaves_a_tombstone_for_sync(tenant_a, make_org):
    org = make_org(tenant_a, name="Usuwana", krs="0000000005")
    with tenant_context(tenant_a):
        organisation_delete(organisation=org)
        assert not Organisation.objects.filter(pk=org.pk).exists()
        tomb = Organisation.all_objects.get(pk=org.pk)
        assert tomb.deleted_at is not None
        assert list(organisation_changed_since(since=tomb.created_at)) == [tomb]
        # the identifier is free again for a new live organisation
        organisation_create(name="Następczyni", krs="5")
        with pytest.raises(ValidationError, match="usuniętej"):
            organisation_update(organisation=tomb, name="x")


@pytest.mark.parametrize(
    "query", ["czestochowa", "CZĘSTOCHOWA", "Częstochowa", "częst", "CZESTOCH"]
)
def test_search_folds_diacritics_and_case(tenant_a, make_org, canary_b, query):
    make_org(tenant_a, name="Centrum Integracji Społecznej", city="Częstochowa")
    make_org(tenant_a, name="Stowarzyszenie Gineka", city="Bydgoszcz")
    with tenant_context(tenant_a):
        found = list(organisation_search(query).values_list("name", flat=True))
    assert found == ["Centrum Integracji Społecznej"]


def test_search_matches_every_word_and_identifiers(tenant_a, make_org):
    make_org(tenant_a, name="Fundacja Oczami Brata", city="Częstochowa", nip="8567346215")
    make_org(tenant_a, name="Fundacja Perspektywy i Rozwój", city="Jędrzejów")
    with tenant_context(tenant_a):

        def names(q):
            return list(organisation_search(q).values_list("name", flat=True))

        assert names("fundacja rozwoj") == ["Fundacja Perspektywy i Rozwój"]
        assert names("jedrzejow") == ["Fundacja Perspektywy i Rozwój"]
        assert names("856734") == ["Fundacja Oczami Brata"]
        assert names("fundacja") == ["Fundacja Oczami Brata", "Fundacja Perspektywy i Rozwój"]
        assert names("warszawa") == []
        assert names("  ' & | ! ") == ["Fundacja Oczami Brata", "Fundacja Perspektywy i Rozwój"]


@pytest.fixture
def registry_a(tenant_a, make_org):
    """Five organisations of tenant A covering every filter dimension."""
    make_org(
        tenant_a,
        name="Fundacja Oczami Brata",
        legal_form="fundacja",
        is_opp=True,
        teryt="2464011",
        areas=["rynek-pracy-sprawy-spoleczne"],
        certificates=[
            {"name": "Znak Jakości ES", "category": "Najlepszy Pracodawca", "year": 2020}
        ],
    )
    make_org(
        tenant_a,
        name="RESCUE TEAM",
        legal_form="stowarzyszenie",
        teryt="2464011",
        areas=["ratownictwo-i-bezpieczenstwo", "rynek-pracy-sprawy-spoleczne"],
        certificates=[{"name": "Znak Jakości ES", "category": "Sukces Rynkowy", "year": 2020}],
    )
    make_org(tenant_a, name="Jasne, że bus", legal_form="spoldzielnia_socjalna", teryt="2464011")
    make_org(tenant_a, name="UKS Kłobuck", legal_form="uks", is_opp=True, teryt="2406034")
    make_org(tenant_a, name="Zgłoszona", legal_form="fundacja", status=S)
    make_org(tenant_a, name="Archiwalna", legal_form="fundacja", status=A)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Fundacja Oczami Brata", "Jasne, że bus", "RESCUE TEAM", "UKS Kłobuck"]),
        ({"legal_form": "fundacja"}, ["Fundacja Oczami Brata"]),
        ({"legal_form": ["uks", "stowarzyszenie"]}, ["RESCUE TEAM", "UKS Kłobuck"]),
        ({"area": "rynek-pracy-sprawy-spoleczne"}, ["Fundacja Oczami Brata", "RESCUE TEAM"]),
        ({"opp": "tak"}, ["Fundacja Oczami Brata", "UKS Kłobuck"]),
        ({"opp": "0"}, ["Jasne, że bus", "RESCUE TEAM"]),
        ({"certified": "1"}, ["Fundacja Oczami Brata", "RESCUE TEAM"]),
        ({"certified": "nie"}, ["Jasne, że bus", "UKS Kłobuck"]),
        ({"teryt": "2406"}, ["UKS Kłobuck"]),
        ({"q": "jasne bus"}, ["Jasne, że bus"]),
        (
            {"legal_form": "nieznana"},
            ["Fundacja Oczami Brata", "Jasne, że bus", "RESCUE TEAM", "UKS Kłobuck"],
        ),
    ],
)
def test_filters(tenant_a, registry_a, canary_b, params, expected):
    with tenant_context(tenant_a):
        qs = organisation_list(filters=OrganisationFilters.from_params(params))
        assert list(qs.values_list("name", flat=True)) == expected


def test_admin_lists_see_every_status_but_no_tombstones(tenant_a, registry_a):
    with tenant_context(tenant_a):
        organisation_delete(organisation=Organisation.objects.get(name="UKS Kłobuck"))
        names = organisation_list(
            filters=OrganisationFilters.from_params({"status": ["submitted", "archived"]}),
            published_only=False,
        ).values_list("name", flat=True)
        assert list(names) == ["Archiwalna", "Zgłoszona"]
        assert organisation_list(published_only=False).count() == 5


def test_statistics_match_the_data(tenant_a, registry_a, canary_b):
    with tenant_context(tenant_a):
        stats = organisation_statistics()
    forms = {row["code"]: row["count"] for row in stats["by_legal_form"]}
    areas = {row["slug"]: row["count"] for row in stats["by_area"]}
    assert stats["total"] == 4
    assert stats["opp"] == 2
    assert stats["certified"] == 2
    assert forms == {
        "fundacja": 1,
        "stowarzyszenie": 1,
        "osp": 0,
        "zwiazek_osp": 0,
        "klub_sportowy": 0,
        "uks": 1,
        "spoldzielnia_socjalna": 1,
        "cis": 0,
        "kis": 0,
        "zaz": 0,
        "wtz": 0,
        "spolka_non_profit": 0,
        "inne": 0,
    }
    assert areas["rynek-pracy-sprawy-spoleczne"] == 2
    assert areas["ratownictwo-i-bezpieczenstwo"] == 1
    assert areas["gospodarka"] == 0  # the canary's area in the other tenant
    assert sum(forms.values()) == stats["total"]


def test_other_tenant_never_sees_tenant_a(tenant_b, registry_a, canary_b):
    with tenant_context(tenant_b):
        assert list(organisation_list().values_list("name", flat=True)) == [
            "Kanarek Bydgoski Częstochowa"
        ]
        assert organisation_search("oczami").count() == 0
        assert organisation_statistics()["total"] == 1
