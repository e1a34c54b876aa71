from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0004_finance_plan_and_proof"),
        ("places", "0005_fieldofaction"),
    ]

    operations = [
        migrations.AlterField(
            model_name="programme",
            name="fields_of_action",
            field=models.ManyToManyField(
                blank=True, related_name="funding_programmes", to="places.fieldofaction", verbose_name="Handlungsfelder"
            ),
        ),
    ]
