from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_images_through_the_pipeline"),
        ("places", "0005_fieldofaction"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="fields_of_action",
            field=models.ManyToManyField(
                blank=True, related_name="events", to="places.fieldofaction", verbose_name="Handlungsfelder"
            ),
        ),
    ]
