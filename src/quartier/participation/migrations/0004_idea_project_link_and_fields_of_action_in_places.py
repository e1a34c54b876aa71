"""An idea's field of action now lives in places; its project link moved to projects
(projects 0005 copied every Idea.project into a ProjectIdea row before this drops it)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0003_idea_images_private"),
        ("places", "0005_fieldofaction"),
        ("projects", "0005_projectidea"),
    ]

    operations = [
        migrations.AlterField(
            model_name="idea",
            name="field_of_action",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ideas",
                to="places.fieldofaction",
                verbose_name="Handlungsfeld",
            ),
        ),
        migrations.RemoveField(model_name="idea", name="project"),
    ]
