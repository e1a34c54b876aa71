"""The first mail to an address nobody has confirmed quotes nothing the sender wrote (issue 8.3)."""

from __future__ import annotations

from django.core import mail

from quartier.inquiries.models import Inquiry
from tests import factories
from tests.inquiries.test_open311 import BASE, SPEC_POST
from tests.inquiries.test_public_form import form_data, send

SPAM = "Kaufen Sie Pillen bei example.com"


def test_web_form_confirmation_to_an_unconfirmed_address_quotes_no_text(
    client, district_a, category, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, form_data(district_a, category, text=SPAM, name=SPAM, email="opfer@example.org"))

    [message] = mail.outbox
    assert message.to == ["opfer@example.org"]
    assert Inquiry.objects.get().get_private_url() in message.body
    assert "Pillen" not in message.body
    assert "Pillen" not in message.subject


def test_signed_in_senders_get_their_text_back(
    as_user, resident, district_a, category, immediate_tasks, django_capture_on_commit_callbacks
):
    client = as_user(resident, second_factor=False)
    with django_capture_on_commit_callbacks(execute=True):
        send(client, form_data(district_a, category, text="Die Schaukel quietscht.", email=resident.email))

    assert "Die Schaukel quietscht." in mail.outbox[0].body


def test_open311_confirmation_quotes_neither_text_nor_name(
    client, district_a, immediate_tasks, django_capture_on_commit_callbacks
):
    factories.make_category("Müll", code="001")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BASE}/requests.json",
            {**SPEC_POST, "api_key": "", "description": SPAM, "first_name": "Pillen", "email": "opfer@example.org"},
        )

    assert response.status_code == 200
    [message] = mail.outbox
    assert message.to == ["opfer@example.org"]
    assert "Pillen" not in message.body
