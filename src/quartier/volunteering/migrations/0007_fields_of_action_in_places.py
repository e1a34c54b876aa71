from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0005_fieldofaction"),
        ("volunteering", "0006_alter_callhistory_kind"),
    ]

    operations = [
        migrations.AlterField(
            model_name="helpercall",
            name="fields_of_action",
            field=models.ManyToManyField(
                blank=True, related_name="helper_calls", to="places.fieldofaction", verbose_name="Handlungsfelder"
            ),
        ),
        migrations.AlterField(
            model_name="volunteerprofile",
            name="fields_of_action",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="places.fieldofaction", verbose_name="Was Sie interessiert"
            ),
        ),
    ]
