from django.contrib import admin

from tenants.models import Domain, Tenant


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "slug",
        "kind",
        "voivodeship",
        "teryt_code",
        "is_active",
        "provisioned_at",
    )
    list_filter = ("kind", "voivodeship", "is_active")
    search_fields = ("name", "slug", "teryt_code")
    readonly_fields = ("schema_name", "created_at", "provisioned_at")
    inlines = [DomainInline]

    def has_add_permission(self, request):
        # New tenants are provisioned (schema clone, site, first admin) by
        # `manage.py create_tenant`, never by a bare row insert.
        return False
