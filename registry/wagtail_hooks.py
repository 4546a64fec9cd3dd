"""Wagtail admin for the register: organisations (list, filters, search, edit, bulk publish /
archive, soft delete, field-level history), areas of activity and imports."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from registry.exporters import (
    CONTENT_TYPES,
    FORMATS,
    export_csv,
    export_hsds,
    export_json,
    export_queryset,
    export_xlsx,
)
from registry.forms import ImportUploadForm, OrganisationAdminForm
from registry.importing import rejected_report_csv
from registry.models import (
    ActivityArea,
    ImportJob,
    Organisation,
    OrganisationStatus,
)
from registry.selectors import OrganisationFilters, organisation_history, organisation_search
from registry.services import (
    organisation_bulk_set_status,
    organisation_delete,
    organisation_record_form_save,
    organisation_snapshot,
)
from registry.spreadsheets import csv_cell
from registry.tasks import import_job_submit


class OrganisationIndexView(IndexView):
    # Search goes through the folded full-text selector, not Wagtail's search backend.
    is_searchable = True

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return organisation_search(self.search_query, queryset=queryset)

    def preprocess_field_value(self, field, value, export_format):
        # Wagtail keeps XLSX text out of formulas itself, but not CSV.
        value = super().preprocess_field_value(field, value, export_format)
        return csv_cell(value) if export_format == self.FORMAT_CSV else value


class OrganisationCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        organisation_record_form_save(organisation=instance, before=None, user=self.request.user)
        return instance


class OrganisationEditView(EditView):
    def save_instance(self):
        before = organisation_snapshot(Organisation.objects.get(pk=self.object.pk))
        instance = super().save_instance()
        organisation_record_form_save(organisation=instance, before=before, user=self.request.user)
        return instance


class OrganisationDeleteView(DeleteView):
    def delete_action(self):
        # A tombstone, not a DELETE: partner systems must learn about the deletion.
        organisation_delete(organisation=self.object, user=self.request.user)


def organisation_changes_view(request, pk):
    organisation = get_object_or_404(Organisation.objects.all(), pk=pk)
    if not request.user.has_perm("registry.change_organisation"):
        raise PermissionDenied
    labels = {
        f.name: str(f.verbose_name)
        for f in Organisation._meta.get_fields()
        if hasattr(f, "verbose_name")
    }
    labels.update({"areas": "obszary działalności", "certificates": "certyfikaty i nagrody"})
    entries = [
        {
            "change": change,
            "fields": [
                (labels.get(name, name), values[0], values[1])
                for name, values in change.changes.items()
            ],
        }
        for change in organisation_history(organisation=organisation)
    ]
    return TemplateResponse(
        request,
        "registry/admin/organisation_changes.html",
        {"organisation": organisation, "entries": entries},
    )


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organizacje"
    url_prefix = "registry/organisations"
    index_view_class = OrganisationIndexView
    add_view_class = OrganisationCreateView
    edit_view_class = OrganisationEditView
    delete_view_class = OrganisationDeleteView
    list_per_page = 50
    list_display = [
        "name",
        Column("legal_form", label="Forma prawna", accessor="get_legal_form_display"),
        "city",
        StatusTagColumn(
            "status",
            label="Status",
            accessor="get_status_display",
            primary=lambda o: o.status == OrganisationStatus.PUBLISHED,
        ),
        Column("is_opp", label="OPP", accessor=lambda o: "tak" if o.is_opp else "nie"),
        DateColumn("updated_at", label="Zmieniono"),
    ]
    list_filter = ["status", "legal_form", "is_opp", "areas"]
    list_export = ["name", "legal_form", "krs", "nip", "regon", "city", "status"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("short_name"),
                    FieldPanel("legal_form"),
                    FieldRowPanel([FieldPanel("krs"), FieldPanel("nip"), FieldPanel("regon")]),
                    FieldRowPanel([FieldPanel("is_opp"), FieldPanel("opp_since")]),
                    FieldPanel("areas"),
                    FieldPanel("description"),
                ],
                heading="Organizacja",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("street"),
                    FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                    FieldPanel("teryt"),
                    FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                ],
                heading="Adres i położenie",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("email"),
                    FieldPanel("phone"),
                    FieldPanel("contact_person"),
                    FieldPanel("website"),
                ],
                heading="Kontakt",
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("employees"), FieldPanel("subsidised_jobs")]),
                    FieldPanel("founders"),
                    FieldPanel("founded_on"),
                ],
                heading="Zatrudnienie i założyciele",
            ),
            InlinePanel("certificates", heading="Certyfikaty i nagrody", label="certyfikat"),
            FieldPanel("external_ids"),
        ],
        base_form_class=OrganisationAdminForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("changes/<int:pk>/", organisation_changes_view, name="changes"),
        ]


class ActivityAreaViewSet(SnippetViewSet):
    model = ActivityArea
    icon = "tag"
    menu_label = "Obszary działalności"
    url_prefix = "registry/areas"
    list_display = ["name", "slug", "position"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("position")]


class RegistryGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, ActivityAreaViewSet)
    menu_icon = "group"
    menu_label = "Baza organizacji"
    menu_name = "registry"
    menu_order = 250


register_snippet(RegistryGroup)


@hooks.register("register_snippet_listing_buttons")
def organisation_changes_button(snippet, user, next_url=None):
    if isinstance(snippet, Organisation):
        yield ListingButton(
            "Historia zmian pól",
            reverse(Organisation.snippet_viewset.get_url_name("changes"), args=[snippet.pk]),
            icon_name="history",
            priority=90,
        )


class _StatusBulkAction(SnippetBulkAction):
    models = [Organisation]
    template_name = "registry/admin/confirm_bulk_status.html"
    target_status = ""

    def check_perm(self, obj):
        return self.request.user.has_perm("registry.change_organisation")

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        changed, _skipped = organisation_bulk_set_status(
            organisation_ids=[o.pk for o in objects], status=cls.target_status, user=user
        )
        return changed, 0

    def get_execution_context(self):
        return {"user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_label"] = self.display_name
        return context


class PublishBulkAction(_StatusBulkAction):
    display_name = "Opublikuj"
    aria_label = "Opublikuj zaznaczone organizacje"
    action_type = "registry_publish"
    action_priority = 10
    target_status = OrganisationStatus.PUBLISHED

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "Opublikowano %(n)d organizację.", "Opublikowano %(n)d organizacji.", num_parent_objects
        ) % {"n": num_parent_objects}


class ArchiveBulkAction(_StatusBulkAction):
    display_name = "Archiwizuj"
    aria_label = "Archiwizuj zaznaczone organizacje"
    action_type = "registry_archive"
    action_priority = 20
    target_status = OrganisationStatus.ARCHIVED

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "Zarchiwizowano %(n)d organizację.",
            "Zarchiwizowano %(n)d organizacji.",
            num_parent_objects,
        ) % {"n": num_parent_objects}


hooks.register("register_bulk_action", PublishBulkAction)
hooks.register("register_bulk_action", ArchiveBulkAction)


@hooks.register("before_bulk_action")
def organisations_are_soft_deleted(request, action_type, objects, action_class_instance):
    """The generic snippet bulk delete would DELETE rows; organisations become tombstones."""
    if action_type != "delete" or getattr(action_class_instance, "model", None) is not Organisation:
        return None
    for organisation in objects:
        organisation_delete(organisation=organisation, user=request.user)
    messages.success(request, f"Usunięto organizacje: {len(objects)}.")
    return redirect(action_class_instance.next_url)


# --- imports -------------------------------------------------------------------------------


def import_list_view(request):
    if not request.user.has_perm("registry.add_organisation"):
        raise PermissionDenied
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            job = import_job_submit(
                upload=upload,
                filename=upload.name,
                mapping=form.cleaned_data["mapping"],
                dry_run=form.cleaned_data["dry_run"],
                user=request.user,
            )
            messages.success(request, f"Przyjęto plik {job.original_name} do importu.")
            return redirect("registry_import_detail", pk=job.pk)
    else:
        form = ImportUploadForm()
    jobs = ImportJob.objects.select_related("created_by")[:50]
    return TemplateResponse(
        request, "registry/admin/import_list.html", {"form": form, "jobs": jobs}
    )


def import_detail_view(request, pk):
    if not request.user.has_perm("registry.add_organisation"):
        raise PermissionDenied
    job = get_object_or_404(ImportJob, pk=pk)
    return TemplateResponse(request, "registry/admin/import_detail.html", {"job": job})


def import_report_view(request, pk):
    if not request.user.has_perm("registry.add_organisation"):
        raise PermissionDenied
    job = get_object_or_404(ImportJob, pk=pk)
    response = HttpResponse(
        rejected_report_csv(job.rejected_rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-odrzucone.csv"'
    return response


def export_view(request):
    """Export what the editor filtered (same query parameters as the list) in any format."""
    if not request.user.has_perm("registry.view_organisation") and not request.user.has_perm(
        "registry.change_organisation"
    ):
        raise PermissionDenied
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        return HttpResponse("Nieznany format eksportu.", status=400, content_type="text/plain")
    qs = export_queryset(filters=OrganisationFilters.from_params(request.GET), published_only=False)
    if fmt == "csv":
        body: str | bytes = export_csv(qs)
    elif fmt == "xlsx":
        body = export_xlsx(qs)
    else:
        data = export_json(qs) if fmt == "json" else export_hsds(qs)
        body = json.dumps(data, ensure_ascii=False, indent=1)
    extension = "json" if fmt == "hsds" else fmt
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="organizacje.{extension}"'
    return response


@hooks.register("register_admin_urls")
def registry_admin_urls():
    return [
        path("registry/export/", export_view, name="registry_export"),
        path("registry/imports/", import_list_view, name="registry_import_list"),
        path("registry/imports/<int:pk>/", import_detail_view, name="registry_import_detail"),
        path(
            "registry/imports/<int:pk>/report.csv",
            import_report_view,
            name="registry_import_report",
        ),
    ]


class _ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("registry.add_organisation")


@hooks.register("register_admin_menu_item")
def registry_import_menu_item():
    return _ImportMenuItem(
        "Import organizacji", reverse("registry_import_list"), icon_name="upload", order=251
    )
