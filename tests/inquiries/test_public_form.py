from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quartier.inquiries.models import Inquiry, InquiryEvent
from tests import factories
from tests.images import image_bytes

URL = "/anliegen/neu/"


def form_data(district, category, **overrides):
    data = {
        "kind": "problem",
        "category": category.pk,
        "district": district.pk,
        "text": "Die Schaukel ist kaputt.",
        "address": "Kirchweg 4",
        "latitude": "",
        "longitude": "",
        "name": "Paula Privat",
        "email": "paula@example.org",
        "public_consent": "on",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def send(client, data, step="send"):
    return client.post(URL, {**data, "step": step})


def test_check_step_shows_the_form_again_without_saving(client, district_a, category):
    response = send(client, form_data(district_a, category), step="check")
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in response.content.decode()
    assert 'value="send"' in response.content.decode()
    assert not Inquiry.objects.exists()


def test_sending_files_inquiry_with_year_number_and_shows_confirmation(client, district_a, category):
    response = send(client, form_data(district_a, category))
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("inquiries:sent")
    assert re.fullmatch(r"\d{4}-\d{4}", inquiry.number)
    assert inquiry.number.startswith(str(inquiry.created_at.year))
    assert inquiry.channel == Inquiry.Channel.WEB
    assert inquiry.consent_at is not None
    page = client.get(response.url).content.decode()
    assert inquiry.number in page
    assert inquiry.get_private_url() in page
    assert inquiry.events.get().kind == InquiryEvent.Kind.CREATED


def test_confirmation_page_is_only_for_the_browser_that_sent(client, inquiry_a):
    assert client.get(reverse("inquiries:sent")).status_code == 404


def test_confirmation_mail_with_private_link_after_commit(
    client, district_a, category, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send(client, form_data(district_a, category))
        assert not mail.outbox  # nothing leaves before the transaction commits
    assert len(callbacks) == 2  # the confirmation to the sender, the notice to the staff (none here)
    inquiry = Inquiry.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["paula@example.org"]
    assert inquiry.number in message.subject
    assert inquiry.get_private_url() in message.body


def test_consent_is_required_and_links_the_privacy_page(client, district_a, category):
    response = send(client, form_data(district_a, category, consent=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert not Inquiry.objects.exists()
    assert "error-summary" in html
    assert "/seiten/datenschutz/" in html


def test_honeypot_refuses_bots(client, district_a, category):
    response = send(client, form_data(district_a, category, website="http://spam.example"))
    assert response.status_code == 200
    assert not Inquiry.objects.exists()


def test_sixth_inquiry_within_an_hour_from_one_address_is_refused(client, district_a, category, settings):
    settings.INQUIRY_RATE_LIMIT = 5
    for _ in range(5):
        assert send(client, form_data(district_a, category)).status_code == 302
    response = send(client, form_data(district_a, category))
    assert response.status_code == 429
    assert "später noch einmal" in response.content.decode()
    assert Inquiry.objects.count() == 5
    other = client.post(URL, {**form_data(district_a, category), "step": "send"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_form_is_prefilled_for_signed_in_residents(resident, as_user, town):
    html = as_user(resident, second_factor=False).get(URL).content.decode()
    assert 'value="resident@example.org"' in html
    assert 'value="Rita Resident"' in html


def test_signed_in_sender_is_linked_to_the_inquiry(resident, as_user, district_a, category):
    send(as_user(resident, second_factor=False), form_data(district_a, category))
    assert Inquiry.objects.get().user == resident


def test_html_in_fields_is_shown_as_text(client, district_a, category):
    send(client, form_data(district_a, category, text="<script>alert(1)</script>", name="<b>x</b>"))
    inquiry = Inquiry.objects.get()
    html = client.get(inquiry.get_private_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_nearby_reports_of_the_same_category_are_shown_before_sending(client, district_a, category):
    factories.make_inquiry(
        district_a, category, latitude=50.88, longitude=7.894, is_public=True, text="Schaukel kaputt seit Montag"
    )
    factories.make_inquiry(district_a, category, latitude=50.89, longitude=7.894, text="weit weg")  # ~1.1 km
    factories.make_inquiry(district_a, category, latitude=50.8801, longitude=7.894, text="privater Text")
    data = form_data(district_a, category, latitude="50.8802", longitude="7.8941")
    html = send(client, data, step="check").content.decode()
    assert "Schaukel kaputt seit Montag" in html
    assert "weit weg" not in html
    assert "privater Text" not in html  # not public: number and category only
    assert html.count("Spielplätze") >= 2


def test_photo_survives_the_check_step(client, district_a, category):
    data = form_data(district_a, category)
    upload = SimpleUploadedFile("swing.jpg", image_bytes(), content_type="image/jpeg")
    checked = client.post(URL, {**data, "photo": upload, "step": "check"})
    token = re.search(r'name="pending_photo" value="([^"]+)"', checked.content.decode())
    assert token
    send(client, {**data, "pending_photo": token.group(1)})
    inquiry = Inquiry.objects.get()
    assert inquiry.photo
    assert inquiry.photo_type == "jpg"


def test_forged_pending_photo_token_is_ignored(client, district_a, category):
    send(client, {**form_data(district_a, category), "pending_photo": "../../etc/passwd"})
    assert not Inquiry.objects.get().photo


@pytest.mark.parametrize("field", ["latitude", "longitude"])
def test_half_a_point_is_refused(client, district_a, category, field):
    response = send(client, form_data(district_a, category, **{field: "50.1"}))
    assert response.status_code == 200
    assert not Inquiry.objects.exists()
