from __future__ import annotations

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from quartier.participation.models import Idea
from quartier.participation.services import post_comment, support_idea
from tests import factories
from tests.participation.conftest import field_of_action

pytestmark = pytest.mark.django_db
URL = "/mitmachen/ideen/neu/"


def _data(district, **extra):
    return {
        "title": "Bücherschrank",
        "text": "In der alten **Telefonzelle**.",
        "district": district.pk,
        "field_of_action": field_of_action("kultur").pk,
        **extra,
    }


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("bild.png", buffer.getvalue(), content_type="image/png")


def test_visitor_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_resident_without_verified_email_cannot_propose(as_user, resident, district_a):
    EmailAddress.objects.filter(user=resident).update(verified=False)
    response = as_user(resident).post(URL, _data(district_a))
    assert response.status_code == 403
    assert not Idea.objects.exists()


def test_verified_resident_proposes_an_idea_with_place_and_image(as_user, resident, district_a, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    data = _data(district_a, latitude="50.9", longitude="7.8", image=_png(), image_alt="Eine Telefonzelle")
    response = as_user(resident).post(URL, data)
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url()
    assert idea.author == resident
    assert idea.status == Idea.Status.PROPOSED
    assert idea.has_point()
    assert idea.image


def test_image_that_is_not_an_image_is_refused(as_user, resident, district_a):
    fake = SimpleUploadedFile("bild.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = as_user(resident).post(URL, _data(district_a, image=fake, image_alt="x"))
    assert response.status_code == 200
    assert not Idea.objects.exists()


def test_half_a_place_is_refused(as_user, resident, district_a):
    response = as_user(resident).post(URL, _data(district_a, latitude="50.9"))
    assert response.status_code == 200
    assert not Idea.objects.exists()


def test_author_edits_until_the_first_support(as_user, resident, district_a, idea):
    client = as_user(resident)
    url = reverse("participation:idea_edit", kwargs={"pk": idea.pk})
    assert client.post(url, _data(district_a, title="Neuer Titel")).status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Neuer Titel"
    support_idea(idea=idea, user=factories.make_user())
    client.post(url, _data(district_a, title="Noch einer"))
    idea.refresh_from_db()
    assert idea.title == "Neuer Titel"


def test_author_cannot_edit_after_the_first_comment(as_user, resident, district_a, idea):
    post_comment(idea=idea, author=factories.make_user(), text="Gut!")
    idea.refresh_from_db()
    assert not idea.can_be_edited_by(resident)
    url = reverse("participation:idea_edit", kwargs={"pk": idea.pk})
    as_user(resident).post(url, _data(district_a, title="Geändert"))
    idea.refresh_from_db()
    assert idea.title == "Bänke am Bach"


def test_someone_else_cannot_edit_an_idea_by_changing_the_id(as_user, district_a, idea):
    url = reverse("participation:idea_edit", kwargs={"pk": idea.pk})
    response = as_user(factories.make_user()).post(url, _data(district_a, title="Gekapert"))
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.title == "Bänke am Bach"


def test_the_hourly_limit_is_said_above_the_form_not_on_a_field(as_user, resident, district_a):
    client = as_user(resident)
    for number in range(3):
        assert client.post(URL, _data(district_a, title=f"Idee {number}", text=f"Text {number}")).status_code == 302
    response = client.post(URL, _data(district_a, title="Noch eine", text="Noch ein Text"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "in der letzten Stunde" in " ".join(form.non_field_errors())
    assert not form["text"].errors
