from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0005_organisationcall"),
        ("places", "0005_fieldofaction"),
    ]

    operations = [
        migrations.AlterField(
            model_name="organisation",
            name="fields_of_action",
            field=models.ManyToManyField(
                blank=True, related_name="organisations", to="places.fieldofaction", verbose_name="Handlungsfelder"
            ),
        ),
    ]
