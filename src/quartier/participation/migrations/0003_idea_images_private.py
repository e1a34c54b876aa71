"""Idea images move out of MEDIA_ROOT into the private storage (served only while the idea is
visible) and are re-encoded on the way, so images uploaded before keep no GPS position."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import migrations

import quartier.core.images
import quartier.core.storage


def move_images(apps, schema_editor):  # type: ignore[no-untyped-def]
    from quartier.core.images import clean_image
    from quartier.core.storage import private_storage

    Idea = apps.get_model("participation", "Idea")
    for idea in Idea.objects.exclude(image="").only("pk", "image").iterator():
        old = idea.image.name
        new = ""
        if default_storage.exists(old):
            with default_storage.open(old, "rb") as upload:
                try:
                    cleaned = clean_image(upload)
                except ValidationError:
                    cleaned = None
            if cleaned is not None:
                new = private_storage().save("ideas/" + cleaned.name, cleaned)
            default_storage.delete(old)
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
