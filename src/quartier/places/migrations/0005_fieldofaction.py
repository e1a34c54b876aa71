"""Fields of action now live in places (the town's structure: districts and fields of action).

The table was renamed by projects 0004; here places takes the model over in the migration
state only, so no row moves and every id stays. The other apps' relations are re-pointed in
their own migrations, and projects 0006 lets go of the model."""

from django.db import migrations, models


def move_content_type(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Permissions given on fields of action stay with them.
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="places", model="fieldofaction").exists():
        ContentType.objects.filter(app_label="projects", model="fieldofaction").update(app_label="places")


def move_content_type_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="projects", model="fieldofaction").exists():
        ContentType.objects.filter(app_label="places", model="fieldofaction").update(app_label="projects")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("places", "0004_images_through_the_pipeline"),
        ("projects", "0004_fieldofaction_table"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FieldOfAction",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=80, unique=True, verbose_name="Name")),
                        ("slug", models.SlugField(max_length=80, unique=True, verbose_name="Kurzname für Adressen")),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="Reihenfolge")),
                    ],
                    options={
                        "verbose_name": "Handlungsfeld",
                        "verbose_name_plural": "Handlungsfelder",
                        "ordering": ["position", "name"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
