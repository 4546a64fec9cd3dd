"""Remove the "Welcome to your new Wagtail site!" page and the default Site that Wagtail's
initial migration creates. A tenant schema starts with the bare tree root; provisioning adds
the tenant's Polish home page and a Site bound to the tenant's own host (a default Site would
answer any host name)."""

from django.db import migrations


def remove_welcome_page(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Site.objects.all().delete()
    base_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    if base_type is not None:
        Page.objects.filter(depth=2, content_type=base_type).delete()
    for root in Page.objects.filter(depth=1):
        root.numchild = Page.objects.filter(depth=2, path__startswith=root.path).count()
        root.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(remove_welcome_page, migrations.RunPython.noop)]
