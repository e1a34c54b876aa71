"""Uploads on S3-compatible object storage (QUARTIER_S3_BUCKET), against moto's in-process S3:
uploads land in the bucket, private files only ever leave through a permission-checked view
as a short-lived signed URL, public media have plain URLs, and backups read the bucket."""

from __future__ import annotations

import tarfile
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from moto import mock_aws

from quartier.core.backup import create_backup, file_checksums, installation_has_data, restore_backup
from quartier.core.images import image_response
from quartier.core.storage import private_storage
from quartier.funding.models import Document
from quartier.settings import s3_storages
from tests.conftest import signed_in
from tests.core.test_backup import fresh_database
from tests.funding.conftest import make_application, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

BUCKET = "quartier-test"
REGION = "eu-central-1"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture
def s3(settings, monkeypatch, tmp_path):
    """STORAGES as the settings build them from the environment, on moto's S3."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("QUARTIER_S3_BUCKET", BUCKET)
    monkeypatch.setenv("QUARTIER_S3_REGION", REGION)
    # Nothing may reach the disk: point the directories somewhere empty and check it stays so.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        settings.STORAGES = {**settings.STORAGES, **s3_storages()}
        yield client
    assert not (tmp_path / "media").exists()
    assert not (tmp_path / "private").exists()


def _upload_document(staff, application) -> Document:
    upload = SimpleUploadedFile("Bescheid.pdf", pdf_bytes(), content_type="application/pdf")
    response = signed_in(staff).post(
        f"/cockpit/foerdermittel/{application.pk}/dokumente/",
        {"document-kind": "approval", "document-title": "", "document-file": upload},
    )
    assert response.status_code == 302
    return Document.objects.get()


def _grantees(client, key: str) -> set[str]:
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return {grant["Grantee"].get("URI", "owner") for grant in grants}


def test_an_uploaded_private_file_goes_to_the_bucket_and_is_not_public(s3, staff_a, district_a):
    document = _upload_document(staff_a, make_application(district_a))
    key = f"private/{document.file.name}"
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == pdf_bytes()
    assert ALL_USERS not in _grantees(s3, key)
    anonymous = requests.get(f"https://{BUCKET}.s3.{REGION}.amazonaws.com/{key}", timeout=5)
    assert anonymous.status_code == 403


def test_the_document_view_redirects_to_a_signed_url_that_expires(s3, staff_a, district_a, settings):
    document = _upload_document(staff_a, make_application(district_a))
    response = signed_in(staff_a).get(document.get_absolute_url())
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    url = response["Location"]
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path.endswith(f"/private/{document.file.name}")
    assert query["X-Amz-Expires"] == [str(settings.PRIVATE_URL_SECONDS)] == ["300"]
    assert "X-Amz-Signature" in query
    assert query["response-content-disposition"] == ["attachment; filename*=UTF-8''Bescheid.pdf"]
    assert query["response-content-type"] == ["application/pdf"]

    # Signed now, valid for five minutes (S3 refuses it after that; moto does not check).
    signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs(signed_at - timezone.now()) < timedelta(seconds=5)
    fetched = requests.get(url, timeout=5)
    assert fetched.status_code == 200
    assert fetched.content == pdf_bytes()


def test_the_signed_url_lasts_as_long_as_configured(s3, staff_a, district_a, settings):
    settings.PRIVATE_URL_SECONDS = 60
    document = _upload_document(staff_a, make_application(district_a))
    url = signed_in(staff_a).get(document.get_absolute_url())["Location"]
    assert parse_qs(urlsplit(url).query)["X-Amz-Expires"] == ["60"]


def test_people_without_permission_still_get_404_and_no_url(s3, staff_a, staff_b, resident, district_a, client):
    document = _upload_document(staff_a, make_application(district_a))
    for visitor in (client, signed_in(resident), signed_in(staff_b)):
        response = visitor.get(document.get_absolute_url())
        assert response.status_code == 404
        assert "Location" not in response


def test_public_media_have_plain_unsigned_urls(s3):
    name = default_storage.save("logos/wappen.png", ContentFile(b"png", name="wappen.png"))
    url = default_storage.url(name)
    assert urlsplit(url).query == ""
    assert urlsplit(url).path.endswith(f"/media/{name}")
    assert ALL_USERS in _grantees(s3, f"media/{name}")
    assert requests.get(url, timeout=5).content == b"png"


def test_backup_and_restore_carry_the_files_in_the_bucket(s3, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "before"
    with fresh_database(tmp_path / "before"):
        call_command("migrate", verbosity=0)
        photo = private_storage().save("inquiries/2026/schlagloch-büschergrund.jpg", ContentFile(b"photo"))
        logo = default_storage.save("town/wappen.png", ContentFile(b"png"))
        files_before = file_checksums()
        assert set(files_before) == {f"private/{photo}", f"media/{logo}"}
        assert "the private storage quartier-test/private is not empty" in installation_has_data()
        result = create_backup(output=tmp_path / "archive.tar.gz")
    assert result.files == 2
    with tarfile.open(result.path) as archive:
        assert archive.extractfile(f"private/{photo}").read() == b"photo"  # type: ignore[union-attr]

    # A new machine on an empty bucket.
    for listed in s3.list_objects_v2(Bucket=BUCKET)["Contents"]:
        s3.delete_object(Bucket=BUCKET, Key=listed["Key"])
    settings.DATA_DIR = tmp_path / "after"
    with fresh_database(tmp_path / "after"):
        verification = restore_backup(archive=result.path)
        assert verification.ok, verification.problems
        assert file_checksums() == files_before
    assert _grantees(s3, f"private/{photo}") == {"owner"}
    assert ALL_USERS in _grantees(s3, f"media/{logo}")


def test_private_images_are_signed_for_inline_display(s3, staff_a, district_a):
    upload = SimpleUploadedFile("scan.png", png_bytes(), content_type="image/png")
    application = make_application(district_a)
    signed_in(staff_a).post(
        f"/cockpit/foerdermittel/{application.pk}/dokumente/",
        {"document-kind": "approval", "document-title": "", "document-file": upload},
    )
    response = image_response(Document.objects.get().file, cache_control="public, max-age=300")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert (response.status_code, response["Cache-Control"]) == (302, "private, no-store")
    assert query["response-content-disposition"] == ["inline"]
    assert query["response-content-type"] == ["image/png"]


def test_pages_may_show_images_from_the_bucket(s3, client):
    policy = client.get("/").headers["Content-Security-Policy"]
    images = next(part for part in policy.split("; ") if part.startswith("img-src"))
    assert f"https://{BUCKET}.s3.amazonaws.com" in images.split()


def test_images_on_disk_add_no_origin_to_the_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "amazonaws" not in policy
