"""The survey models now live in the surveys app (its 0001 took over their tables):
forget them here without dropping anything."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Answer"),
                migrations.DeleteModel(name="SurveyResponse"),
                migrations.DeleteModel(name="Question"),
                migrations.DeleteModel(name="Survey"),
            ],
            database_operations=[],
        ),
    ]
