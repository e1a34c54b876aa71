from __future__ import annotations

from django.db import migrations

FIELDS = [
    ("jugend", "Jugend"),
    ("familie", "Familie"),
    ("senioren", "Senioren"),
    ("kultur", "Kultur"),
    ("integration", "Integration"),
    ("nachbarschaft", "Nachbarschaft"),
    ("umwelt", "Umwelt"),
    ("sport", "Sport"),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    FieldOfAction = apps.get_model("projects", "FieldOfAction")
    for position, (slug, name) in enumerate(FIELDS):
        FieldOfAction.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("projects", "FieldOfAction").objects.filter(slug__in=[slug for slug, _ in FIELDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
