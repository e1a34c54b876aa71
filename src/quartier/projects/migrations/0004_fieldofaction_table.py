"""Fields of action move down into places (see places 0005): first their table takes the
name it has there. Rows and their ids stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_images_through_the_pipeline")]

    operations = [migrations.AlterModelTable(name="fieldofaction", table="places_fieldofaction")]
