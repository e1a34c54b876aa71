"""The link from an idea to the project it became moves to the projects side: participation
lies below projects and may not point up to it. Each Idea.project becomes a ProjectIdea row
(participation 0004 then drops the column). Projects' fields of action point to places."""

import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):  # type: ignore[no-untyped-def]
    Idea = apps.get_model("participation", "Idea")
    ProjectIdea = apps.get_model("projects", "ProjectIdea")
    ProjectIdea.objects.bulk_create(
        ProjectIdea(idea_id=idea_id, project_id=project_id)
        for idea_id, project_id in Idea.objects.exclude(project=None).values_list("pk", "project_id").order_by("pk")
    )


def copy_links_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    Idea = apps.get_model("participation", "Idea")
    ProjectIdea = apps.get_model("projects", "ProjectIdea")
    for idea_id, project_id in ProjectIdea.objects.values_list("idea_id", "project_id"):
        Idea.objects.filter(pk=idea_id).update(project_id=project_id)


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0003_idea_images_private"),
        ("places", "0005_fieldofaction"),
        ("projects", "0004_fieldofaction_table"),
    ]

    operations = [
        migrations.AlterField(
            model_name="project",
            name="fields_of_action",
            field=models.ManyToManyField(
                blank=True, related_name="projects", to="places.fieldofaction", verbose_name="Handlungsfelder"
            ),
        ),
        migrations.CreateModel(
            name="ProjectIdea",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "idea",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="project_link",
                        to="participation.idea",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="idea_links",
                        to="projects.project",
                    ),
                ),
            ],
            options={
                "verbose_name": "Idee des Projekts",
                "verbose_name_plural": "Ideen des Projekts",
                "ordering": ["pk"],
            },
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
