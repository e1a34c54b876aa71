"""Photos kept between the form's check and send steps cannot fill the disk."""

from __future__ import annotations

import os
import time

from django.core.files.uploadedfile import SimpleUploadedFile

from quartier.core.registry import jobs
from quartier.core.storage import private_storage
from quartier.inquiries.photos import PENDING_DIR, delete_stale_pending_photos
from tests.images import image_bytes
from tests.inquiries.test_public_form import URL, form_data


def check_with_photo(client, district, category, **extra):
    upload = SimpleUploadedFile("swing.jpg", image_bytes(), content_type="image/jpeg")
    return client.post(URL, {**form_data(district, category), "photo": upload, "step": "check"}, **extra)


def pending_files() -> list[str]:
    storage = private_storage()
    return storage.listdir(PENDING_DIR)[1] if storage.exists(PENDING_DIR) else []


def test_checking_with_photos_is_limited_like_sending(client, district_a, category, settings):
    settings.INQUIRY_RATE_LIMIT = 3
    for _ in range(3):
        assert check_with_photo(client, district_a, category).status_code == 200
    refused = check_with_photo(client, district_a, category)
    assert refused.status_code == 429
    assert "später noch einmal" in refused.content.decode()
    assert len(pending_files()) == 3
    # Another address still has its own budget.
    assert check_with_photo(client, district_a, category, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_checking_without_a_photo_stores_nothing_and_is_not_limited(client, district_a, category, settings):
    settings.INQUIRY_RATE_LIMIT = 1
    for _ in range(3):
        response = client.post(URL, {**form_data(district_a, category), "step": "check"})
        assert response.status_code == 200
    assert pending_files() == []


def test_pending_photos_older_than_a_few_hours_are_deleted(client, district_a, category):
    check_with_photo(client, district_a, category)
    check_with_photo(client, district_a, category)
    old, fresh = sorted(pending_files())
    four_hours_ago = time.time() - 4 * 3600
    os.utime(private_storage().path(PENDING_DIR + old), (four_hours_ago, four_hours_ago))
    assert delete_stale_pending_photos() == 1
    assert pending_files() == [fresh]


def test_the_cleanup_is_a_scheduled_job(client, district_a, category):
    check_with_photo(client, district_a, category)
    (name,) = pending_files()
    long_ago = time.time() - 24 * 3600
    os.utime(private_storage().path(PENDING_DIR + name), (long_ago, long_ago))
    job = jobs.get("delete_pending_photos")
    assert job.schedule == "17 * * * *"
    assert job.run() == "1 pending photos deleted"
    assert pending_files() == []


def test_the_cleanup_runs_without_any_pending_directory():
    assert delete_stale_pending_photos() == 0
