import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_post_organisation"),
        ("places", "0005_fieldofaction"),
    ]

    operations = [
        migrations.AlterField(
            model_name="newsletterlist",
            name="field_of_action",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="places.fieldofaction",
                verbose_name="Thema",
            ),
        ),
        migrations.AlterField(
            model_name="post",
            name="fields_of_action",
            field=models.ManyToManyField(
                blank=True, related_name="posts", to="places.fieldofaction", verbose_name="Handlungsfelder"
            ),
        ),
    ]
