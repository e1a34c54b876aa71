from __future__ import annotations

import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command

from quartier.inquiries import services
from quartier.inquiries.models import Inquiry, InquiryEvent
from tests import factories
from tests.images import image_bytes


def _closed_inquiry(district, category, staff, **fields):
    inquiry = factories.make_inquiry(district, category, photo=ContentFile(image_bytes(), name="x.jpg"), **fields)
    services.reply(inquiry=inquiry, body="Guten Tag Frau Privat, erledigt.", by=staff)
    services.reply_as_sender(inquiry=inquiry, body="Danke, Paula")
    services.change_status(inquiry=inquiry, to=Inquiry.Status.CLOSED, by=staff)
    return inquiry


def test_personal_data_goes_after_the_retention_period_and_figures_stay(district_a, category, staff_a, settings):
    settings.INQUIRY_RETENTION_DAYS = 365
    with time_machine.travel("2025-01-10 10:00 +01:00", tick=False):
        old = _closed_inquiry(district_a, category, staff_a, public_consent=False)
        photo_name = old.photo.name
        recent_enough = None
    with time_machine.travel("2025-06-01 10:00 +02:00", tick=False):
        recent_enough = _closed_inquiry(district_a, category, staff_a)
    with time_machine.travel("2026-01-09 10:00 +01:00", tick=False):  # 364 days later: not yet
        assert services.anonymise_expired() == 0
    with time_machine.travel("2026-01-11 10:00 +01:00", tick=False):
        call_command("anonymise_inquiries")
    old.refresh_from_db()
    recent_enough.refresh_from_db()
    assert old.anonymised_at is not None
    assert (old.name, old.email, old.text, old.photo.name) == ("", "", "", "")
    assert not old.photo.storage.exists(photo_name)
    assert (old.kind, old.category, old.district, old.status) == ("problem", category, district_a, "closed")
    assert old.first_response_at is not None
    assert old.closed_at is not None
    assert not InquiryEvent.objects.filter(inquiry=old).exclude(body="").exists()
    assert InquiryEvent.objects.filter(inquiry=old, kind="anonymised").exists()
    assert recent_enough.anonymised_at is None
    assert recent_enough.email == "paula@example.org"


def test_private_link_stops_working_after_anonymisation(client, district_a, category, staff_a):
    with time_machine.travel("2024-01-10 10:00 +01:00", tick=False):
        inquiry = _closed_inquiry(district_a, category, staff_a)
        token = inquiry.token
    services.anonymise_expired()
    assert client.get(f"/anliegen/verlauf/{token}/").status_code == 404
    inquiry.refresh_from_db()
    assert client.get(f"/anliegen/verlauf/{inquiry.token}/").status_code == 404


def test_the_task_runs_the_same(district_a, category, staff_a, immediate_tasks):
    from quartier.inquiries.tasks import anonymise_inquiries

    with time_machine.travel("2024-01-10 10:00 +01:00", tick=False):
        _closed_inquiry(district_a, category, staff_a)
    result = anonymise_inquiries.enqueue()
    assert result.return_value == 1
    assert Inquiry.objects.get().anonymised_at is not None
