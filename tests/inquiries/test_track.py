from __future__ import annotations

from django.core.files.base import ContentFile

from quartier.inquiries import services
from quartier.inquiries.models import Inquiry
from tests import factories
from tests.images import image_bytes


def test_private_page_shows_replies_but_never_internal_notes(client, inquiry_a, staff_a):
    services.reply(inquiry=inquiry_a, body="Wir kümmern uns.", by=staff_a)
    services.add_note(inquiry=inquiry_a, body="GEHEIME NOTIZ", by=staff_a)
    html = client.get(inquiry_a.get_private_url()).content.decode()
    assert "Wir kümmern uns." in html
    assert "GEHEIME NOTIZ" not in html
    assert "Beantwortet" in html


def test_sender_answers_on_the_private_page_without_an_account(client, inquiry_a, staff_a):
    services.change_status(inquiry=inquiry_a, to=Inquiry.Status.CLOSED, by=staff_a)
    response = client.post(inquiry_a.get_private_url(), {"body": "Noch nicht erledigt!"})
    assert response.status_code == 302
    inquiry_a.refresh_from_db()
    assert inquiry_a.status == Inquiry.Status.REOPENED
    assert "Noch nicht erledigt!" in client.get(inquiry_a.get_private_url()).content.decode()


def test_guessed_links_and_numbers_show_nothing(client, resident, as_user, inquiry_a):
    visitor = as_user(resident, second_factor=False)
    for url in (
        "/anliegen/verlauf/not-the-token/",
        f"/anliegen/verlauf/{inquiry_a.token[:-1]}x/",
        f"/anliegen/verlauf/{inquiry_a.token[:-1]}x/foto/",
        f"/anliegen/hinweise/{inquiry_a.number}/",
        f"/anliegen/hinweise/{inquiry_a.number}/foto/",
    ):
        assert client.get(url).status_code == 404, url
        assert visitor.get(url).status_code == 404, url


def test_photo_is_served_to_the_private_link_only(client, district_a, category):
    inquiry = factories.make_inquiry(district_a, category, photo=ContentFile(image_bytes(), name="x.jpg"))
    response = client.get(f"{inquiry.get_private_url()}foto/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert client.get(f"/anliegen/hinweise/{inquiry.number}/foto/").status_code == 404
    assert not inquiry.photo.name.startswith("media")
    assert client.get(f"/media/{inquiry.photo.name}").status_code == 404


def test_private_page_sends_its_address_to_this_site_only(client, inquiry_a):
    assert client.get(inquiry_a.get_private_url())["Referrer-Policy"] == "same-origin"
