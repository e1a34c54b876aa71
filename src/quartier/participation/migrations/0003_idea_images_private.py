"""Idea images move out of MEDIA_ROOT into the private storage (served only while the idea is
visible) and are re-encoded on the way, so images uploaded before keep no GPS position."""

from django.core.files.storage import default_storage
from django.db import migrations

import quartier.core.images
import quartier.core.storage


def move_images(apps, schema_editor):  # type: ignore[no-untyped-def]
    from quartier.core.images import reencode_stored
    from quartier.core.storage import private_storage

    Idea = apps.get_model("participation", "Idea")
    for idea in Idea.objects.exclude(image="").only("pk", "image").iterator():
        new = reencode_stored(idea.image.name, source=default_storage, target=private_storage(), folder="ideas/")
        Idea.objects.filter(pk=idea.pk).update(image=new)


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0002_move_surveys"),
    ]

    operations = [
        migrations.AlterField(
            model_name="idea",
            name="image",
            field=quartier.core.images.ImageField(
                blank=True,
                max_upload_bytes=5242880,
                storage=quartier.core.storage.private_storage,
                upload_to="ideas/",
                verbose_name="Bild",
            ),
        ),
        migrations.RunPython(move_images, migrations.RunPython.noop),
    ]
