from django.db import migrations

# The areas the Częstochowa portal names ("sport, turystyka, rekreacja i hobby, rynek pracy
# i sprawy społeczne, kultura i sztuka, ochrona zdrowia, gospodarka oraz edukacja i
# wychowanie") plus a few more editors commonly need; editors manage the list in the admin.
AREAS = [
    ("sport-turystyka-rekreacja-hobby", "sport, turystyka, rekreacja i hobby"),
    ("rynek-pracy-sprawy-spoleczne", "rynek pracy i sprawy społeczne"),
    ("kultura-i-sztuka", "kultura i sztuka"),
    ("ochrona-zdrowia", "ochrona zdrowia"),
    ("gospodarka", "gospodarka"),
    ("edukacja-i-wychowanie", "edukacja i wychowanie"),
    ("ratownictwo-i-bezpieczenstwo", "ratownictwo i bezpieczeństwo publiczne"),
    ("ekologia", "ekologia i ochrona środowiska"),
    ("rozwoj-lokalny", "rozwój lokalny i regionalny"),
]


def seed(apps, schema_editor):
    ActivityArea = apps.get_model("registry", "ActivityArea")
    for position, (slug, name) in enumerate(AREAS, start=1):
        ActivityArea.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


def unseed(apps, schema_editor):
    ActivityArea = apps.get_model("registry", "ActivityArea")
    ActivityArea.objects.filter(slug__in=[slug for slug, _ in AREAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
