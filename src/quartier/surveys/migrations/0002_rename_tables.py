"""Give the survey tables (and the one-answer-per-person constraint) the surveys app's own
names, and move their content types so permissions and admin history follow the models."""

from django.db import migrations, models

MODELS = ["survey", "question", "surveyresponse", "answer"]


def move_content_types(apps, schema_editor, source="participation", target="surveys"):  # type: ignore[no-untyped-def]
    content_type = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if not content_type.filter(app_label=target, model=model).exists():
            content_type.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    move_content_types(apps, schema_editor, source="surveys", target="participation")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("participation", "0002_move_surveys"),
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="survey", table=None),
        migrations.AlterModelTable(name="question", table=None),
        migrations.AlterModelTable(name="surveyresponse", table=None),
        migrations.AlterModelTable(name="answer", table=None),
        migrations.RemoveConstraint(model_name="surveyresponse", name="participation_one_response_per_person"),
        migrations.AddConstraint(
            model_name="surveyresponse",
            constraint=models.UniqueConstraint(
                condition=models.Q(("user__isnull", False)),
                fields=("survey", "user"),
                name="surveys_one_response_per_person",
            ),
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
