"""Surveys move out of participation into their own app without touching a row: this
migration only tells Django's state that the tables participation created now belong here
(under their old names); 0002 renames them once participation has let go of them."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("participation", "0001_initial"),
        ("places", "0002_updated_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Survey",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=160, verbose_name="Titel")),
                        ("introduction", models.TextField(blank=True, verbose_name="Einleitung (Markdown)")),
                        ("opens_at", models.DateTimeField(verbose_name="Beginn")),
                        ("closes_at", models.DateTimeField(verbose_name="Ende")),
                        (
                            "requires_account",
                            models.BooleanField(
                                default=True,
                                help_text="Mit Konto: eine Antwort pro Person. Ohne: eine Antwort pro Browser, begrenzt pro Adresse.",
                                verbose_name="Nur mit Konto",
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "district",
                            models.ForeignKey(
                                blank=True,
                                help_text="Leer lassen für eine Umfrage in der ganzen Stadt.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="surveys",
                                to="places.district",
                                verbose_name="Ortsteil",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "participation_survey",
                        "verbose_name": "Umfrage",
                        "verbose_name_plural": "Umfragen",
                        "ordering": ["-opens_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Question",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="Reihenfolge")),
                        ("text", models.CharField(max_length=300, verbose_name="Frage")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("single", "Eine Auswahl"),
                                    ("multiple", "Mehrfachauswahl"),
                                    ("rating", "Bewertung 1–5"),
                                    ("text", "Freitext"),
                                ],
                                default="single",
                                max_length=10,
                                verbose_name="Art",
                            ),
                        ),
                        (
                            "choices",
                            models.TextField(
                                blank=True, help_text="Eine pro Zeile", verbose_name="Antwortmöglichkeiten"
                            ),
                        ),
                        ("required", models.BooleanField(default=False, verbose_name="Pflichtfrage")),
                        (
                            "survey",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="questions",
                                to="surveys.survey",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "participation_question",
                        "verbose_name": "Frage",
                        "verbose_name_plural": "Fragen",
                        "ordering": ["position", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="SurveyResponse",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "survey",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="responses",
                                to="surveys.survey",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="survey_responses",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "participation_surveyresponse",
                        "verbose_name": "Antwort",
                        "verbose_name_plural": "Antworten",
                    },
                ),
                migrations.CreateModel(
                    name="Answer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("values", models.JSONField(default=list)),
                        ("text", models.TextField(blank=True, max_length=3000)),
                        (
                            "question",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="answers",
                                to="surveys.question",
                            ),
                        ),
                        (
                            "response",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="answers",
                                to="surveys.surveyresponse",
                            ),
                        ),
                    ],
                    options={"db_table": "participation_answer"},
                ),
                migrations.AddConstraint(
                    model_name="surveyresponse",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("user__isnull", False)),
                        fields=("survey", "user"),
                        name="participation_one_response_per_person",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
