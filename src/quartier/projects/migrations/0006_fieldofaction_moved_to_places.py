"""Projects lets go of FieldOfAction (now quartier.places.models), once every app's relation
points to places. State only: the table belongs to places (see places 0005)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_fields_of_action_in_places"),
        ("funding", "0005_fields_of_action_in_places"),
        ("network", "0006_fields_of_action_in_places"),
        ("news", "0004_fields_of_action_in_places"),
        ("participation", "0004_idea_project_link_and_fields_of_action_in_places"),
        ("projects", "0005_projectidea"),
        ("volunteering", "0007_fields_of_action_in_places"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="FieldOfAction")],
            database_operations=[],
        ),
    ]
