"""Every image column (coat of arms, event, project and idea images) runs core's pipeline in
every form built from the model, the admin and the staff pages included."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.utils.datastructures import MultiValueDict
from PIL import Image

from quartier.core.images import ImageUploadField
from quartier.events.models import Event
from quartier.participation.models import Idea
from quartier.places.models import Town
from quartier.projects.models import Project
from tests.images import XBM, bomb_png, image_bytes

IMAGE_FIELDS = [(Town, "logo"), (Event, "image"), (Project, "image"), (Idea, "image")]


@pytest.mark.parametrize(("model", "name"), IMAGE_FIELDS)
def test_the_form_field_is_the_pipeline(model, name):
    assert isinstance(model._meta.get_field(name).formfield(), ImageUploadField)


@pytest.mark.parametrize(("model", "name"), IMAGE_FIELDS)
def test_a_model_form_hands_on_a_clean_image(model, name):
    form_class = modelform_factory(model, fields=[name])
    upload = SimpleUploadedFile("Wappen Freudenberg.jpg", image_bytes("JPEG", exif=True))
    form = form_class(data={}, files=MultiValueDict({name: [upload]}))
    form.is_valid()
    assert name not in form.errors
    cleaned = form.cleaned_data[name]
    assert "Wappen" not in cleaned.name
    data = cleaned.read()
    assert b"SpyCam" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


@pytest.mark.parametrize(("model", "name"), IMAGE_FIELDS)
@pytest.mark.parametrize("data", [bomb_png(), XBM], ids=["bomb", "xbm"])
def test_a_model_form_refuses_bombs_and_other_formats(model, name, data):
    files = MultiValueDict({name: [SimpleUploadedFile("x.png", data)]})
    form = modelform_factory(model, fields=[name])(data={}, files=files)
    form.is_valid()
    assert name in form.errors
