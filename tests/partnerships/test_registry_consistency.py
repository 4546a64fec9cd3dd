"""Members linked to registry organisations stay consistent when an organisation is
archived or (soft-)deleted: nothing is removed, the name stays, the state is shown."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from partnerships.models import AgreementParty, Member, ProjectPartner, linkable_organisations
from partnerships.services import agreement_create, member_add
from registry.models import Organisation
from registry.services import organisation_archive, organisation_create, organisation_delete
from tests.partnerships.factories import jedrzejow_partnership, publish_pages, ses_project

pytestmark = pytest.mark.django_db

FPR = "Fundacja Perspektywy i Rozwój"


def linked_member(partnership):
    organisation = organisation_create(name=FPR, legal_form="fundacja", status="published")
    member = member_add(partnership=partnership, sector="ngo", organisation=organisation)
    return organisation, member


def test_linking_takes_a_name_snapshot(tenant_a):
    with schema_context(tenant_a.schema_name):
        organisation, member = linked_member(jedrzejow_partnership(members=[]))

        assert member.name == FPR
        assert member.organisation_id == organisation.pk
        assert member.display_name == FPR
        assert member.registry_note == ""


def test_archiving_keeps_the_membership_and_marks_it(tenant_a):
    with schema_context(tenant_a.schema_name):
        organisation, member = linked_member(jedrzejow_partnership(members=[]))

        organisation_archive(organisation=organisation)

        member = Member.objects.select_related("organisation").get(pk=member.pk)
        assert member.organisation_id == organisation.pk
        assert member.display_name == FPR
        assert member.registry_note == "(organizacja zarchiwizowana)"
        assert str(member) == f"{FPR} (organizacja zarchiwizowana)"


def test_soft_deleting_keeps_the_membership_with_the_snapshot_name(tenant_a):
    with schema_context(tenant_a.schema_name):
        organisation, member = linked_member(jedrzejow_partnership(members=[]))
        organisation.name = "Nazwa zmieniona przed usunięciem"
        organisation.save(update_fields=["name"])

        organisation_delete(organisation=organisation)

        member = Member.objects.select_related("organisation").get(pk=member.pk)
        assert Organisation.objects.filter(pk=organisation.pk).exists() is False
        assert member.organisation_id == organisation.pk
        assert member.display_name == FPR
        assert member.registry_note == "(organizacja usunięta z bazy)"


def test_the_admin_choices_keep_a_deleted_organisation_that_is_still_linked(tenant_a):
    with schema_context(tenant_a.schema_name):
        organisation, _member = linked_member(jedrzejow_partnership(members=[]))
        unlinked = organisation_create(name="Fundacja bez członkostwa", status="published")
        organisation_delete(organisation=organisation)
        organisation_delete(organisation=unlinked)

        choices = set(linkable_organisations().values_list("name", flat=True))

        assert FPR in choices
        assert "Fundacja bez członkostwa" not in choices


def test_a_hard_delete_keeps_the_rows_with_their_names(tenant_a):
    with schema_context(tenant_a.schema_name):
        partnership = jedrzejow_partnership(members=[])
        organisation, member = linked_member(partnership)
        project = ses_project(partners=[{"organisation": organisation, "role": "leader"}])
        agreement_create(
            title="Porozumienie",
            parties=[{"organisation": organisation}, {"name": "Gmina Miasto Częstochowa"}],
        )

        Organisation.all_objects.filter(pk=organisation.pk).delete()

        member.refresh_from_db()
        assert member.organisation_id is None
        assert member.display_name == FPR
        assert ProjectPartner.objects.get(project=project).display_name == FPR
        assert AgreementParty.objects.filter(name=FPR).count() == 1


def test_partnership_page_shows_archived_member_with_a_note(tenant_a, client_a, settings):
    settings.PAGE_CACHE_SECONDS = 0
    with schema_context(tenant_a.schema_name):
        partnership = jedrzejow_partnership()
        organisation, _member = linked_member(partnership)
        organisation_archive(organisation=organisation)
        publish_pages(partnerships=[partnership])

    response = client_a.get(f"/projekty/{partnership.slug}/")

    assert response.status_code == 200
    assert (
        f'<li>{FPR} <span class="meta">(organizacja zarchiwizowana)</span> – '
        '<span class="party-role">partner</span></li>'
    ) in response.text
