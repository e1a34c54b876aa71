"""An application's documents: PDF or image in fact, within the size limit, stored outside the
public media, served only to those who may see the application (by URL guessing too), with a
download disposition and no caching; upload and deletion leave their history."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from quartier.funding.models import ApplicationChange, Document, Status
from quartier.funding.services import add_document, delete_document
from quartier.network.models import Partnership
from tests import factories
from tests.conftest import signed_in
from tests.funding.conftest import make_application, pdf_bytes, png_bytes
from tests.network.conftest import make_organisation

pytestmark = pytest.mark.django_db


def _pdf(name: str = "Bescheid.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def _upload(application, by, upload=None, **fields) -> Document:
    return add_document(
        application=application,
        kind=fields.get("kind", "approval"),
        title=fields.get("title", ""),
        upload=upload or _pdf(),
        by=by,
    )


def test_a_pdf_is_stored_privately_under_a_random_name_with_its_history(staff_a, district_a, settings):
    application = make_application(district_a)
    document = _upload(application, staff_a, _pdf("Bescheid März.pdf"))
    assert document.content_type == "application/pdf"
    assert document.filename == "Bescheid-Marz.pdf"
    assert document.title == "Bescheid-Marz.pdf"
    name = document.file.name or ""
    assert "Bescheid" not in name
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / name
    assert stored.read_bytes() == pdf_bytes()
    assert not str(stored.resolve()).startswith(str(Path(settings.MEDIA_ROOT).resolve()))
    change = ApplicationChange.objects.get()
    assert (change.action, change.by) == (ApplicationChange.Action.DOCUMENT_ADDED, staff_a)


def test_an_image_is_reencoded_and_served_as_an_image(staff_a, district_a):
    application = make_application(district_a)
    document = _upload(application, staff_a, SimpleUploadedFile("scan.png", png_bytes(), content_type="image/png"))
    assert (document.content_type, document.filename) == ("image/png", "scan.png")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bescheid.pdf", b"<html><script>alert(1)</script></html>", "weder ein PDF noch ein Bild"),
        ("bescheid.pdf", b"%PDF-1.7\nabgeschnitten", "weder ein PDF noch ein Bild"),
        ("tabelle.xlsx", b"PK\x03\x04" + b"0" * 100, "weder ein PDF noch ein Bild"),
        ("bild.png", b"\x89PNG\r\n\x1a\nkaputt", "weder ein PDF noch ein Bild"),
    ],
)
def test_what_is_not_a_pdf_or_an_image_in_fact_is_refused_and_nothing_is_stored(
    staff_a, district_a, settings, name, content, message
):
    application = make_application(district_a)
    with pytest.raises(ValidationError) as refused:
        _upload(application, staff_a, SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert message in str(refused.value)
    assert not Document.objects.exists()
    assert not ApplicationChange.objects.exists()
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.*"))


def test_a_file_over_the_limit_is_refused_with_the_limit_named(staff_a, district_a, settings):
    settings.FUNDING_DOCUMENT_MAX_MB = 1
    application = make_application(district_a)
    big = pdf_bytes() + b"%" * (1024 * 1024) + b"\n%%EOF\n"
    with pytest.raises(ValidationError, match="höchstens 1 MB"):
        _upload(application, staff_a, SimpleUploadedFile("gross.pdf", big))
    assert not Document.objects.exists()


def test_the_form_shows_the_message_and_saves_nothing(staff_a, district_a):
    application = make_application(district_a)
    response = signed_in(staff_a).post(
        f"/cockpit/foerdermittel/{application.pk}/dokumente/",
        {
            "document-kind": "approval",
            "document-title": "Bescheid",
            "document-file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00"),
        },
    )
    assert response.status_code == 200
    assert "weder ein PDF noch ein Bild" in response.content.decode()
    assert not Document.objects.exists()


def test_staff_upload_through_the_page_and_download_with_a_disposition_and_no_caching(staff_a, district_a):
    application = make_application(district_a)
    client = signed_in(staff_a)
    response = client.post(
        f"/cockpit/foerdermittel/{application.pk}/dokumente/",
        {"document-kind": "approval", "document-title": "Bescheid", "document-file": _pdf()},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    page = client.get(application.get_absolute_url()).content.decode()
    assert document.get_absolute_url() in page
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert download.getvalue() == pdf_bytes()
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="Bescheid.pdf"'
    assert "no-store" in download["Cache-Control"]
    assert download["X-Content-Type-Options"] == "nosniff"


def test_nobody_else_gets_the_file_by_url_guessing_and_it_has_no_media_url(
    client, staff_a, staff_b, resident, district_a, settings
):
    application = make_application(district_a)
    document = _upload(application, staff_a)
    url = document.get_absolute_url()
    assert client.get(url).status_code == 404  # visitors
    assert signed_in(resident).get(url).status_code == 404
    assert signed_in(staff_b).get(url).status_code == 404  # another district's staff
    other = make_application(district_a)
    assert signed_in(staff_a).get(f"/foerdermittel/{other.pk}/dokumente/{document.pk}/").status_code == 404
    # The stored name under the media route: not there, whoever asks.
    assert client.get(f"/{settings.MEDIA_URL.strip('/')}/{document.file.name}").status_code == 404
    assert signed_in(staff_a).get(f"/{settings.MEDIA_URL.strip('/')}/{document.file.name}").status_code == 404
    with pytest.raises(ValueError, match="no URL"):
        document.file.url  # noqa: B018


def test_staff_without_the_second_factor_are_sent_to_it(staff_a, district_a):
    document = _upload(make_application(district_a), staff_a)
    response = signed_in(staff_a, second_factor=False).get(document.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_when_the_history_cannot_be_written_the_stored_file_goes_too(staff_a, district_a, settings, monkeypatch):
    application = make_application(district_a)

    def fail(**_fields):
        raise RuntimeError("database gone")

    monkeypatch.setattr(ApplicationChange.objects, "create", fail)
    with pytest.raises(RuntimeError, match="database gone"):
        _upload(application, staff_a)
    assert not Document.objects.exists()
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.*"))


def test_coordinators_and_the_applicants_partners_download_it(coordinator, staff_a, district_a):
    organisation = make_organisation(district_a)
    application = make_application(district_a, organisation=organisation)
    document = _upload(application, staff_a)
    partner = factories.make_user()
    Partnership.objects.create(organisation=organisation, email=partner.email, user=partner, accepted_at=timezone.now())
    assert signed_in(coordinator).get(document.get_absolute_url()).status_code == 200
    client = signed_in(partner)
    assert client.get(document.get_absolute_url()).status_code == 200
    page = client.get(f"/foerdermittel/meine-antraege/{application.pk}/").content.decode()
    assert document.get_absolute_url() in page
    assert "löschen" not in page
    other_partner = factories.make_user()
    Partnership.objects.create(
        organisation=make_organisation(district_a),
        email=other_partner.email,
        user=other_partner,
        accepted_at=timezone.now(),
    )
    assert signed_in(other_partner).get(document.get_absolute_url()).status_code == 404


def test_partners_and_other_staff_cannot_upload_or_delete(staff_a, staff_b, district_a):
    application = make_application(district_a)
    document = _upload(application, staff_a)
    with pytest.raises(Exception):  # noqa: B017, PT011
        delete_document(document=document, by=staff_b)
    client = signed_in(staff_b)
    assert client.post(f"/cockpit/foerdermittel/{application.pk}/dokumente/{document.pk}/loeschen/").status_code == 404
    assert (
        client.post(
            f"/cockpit/foerdermittel/{application.pk}/dokumente/",
            {"document-kind": "approval", "document-file": _pdf()},
        ).status_code
        == 404
    )
    assert Document.objects.count() == 1


def test_deleting_removes_the_file_after_commit_and_keeps_the_title_in_the_history(
    staff_a, district_a, settings, django_capture_on_commit_callbacks
):
    application = make_application(district_a)
    document = _upload(application, staff_a, title="Bescheid 2026")
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / (document.file.name or "")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(staff_a).post(f"/cockpit/foerdermittel/{application.pk}/dokumente/{document.pk}/loeschen/")
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not stored.exists()
    assert ApplicationChange.objects.filter(
        action=ApplicationChange.Action.DOCUMENT_DELETED, subject__contains="Bescheid 2026", by=staff_a
    ).exists()


def test_the_application_page_keeps_its_query_count_with_many_documents_and_conditions(
    staff_a, district_a, django_assert_max_num_queries
):
    from quartier.funding.models import Condition

    application = make_application(district_a, status=Status.APPROVED)
    client = signed_in(staff_a)

    def grow(n: int) -> None:
        for number in range(n):
            Document.objects.create(
                application=application,
                kind="other",
                title=f"Dokument {number}",
                file=f"funding/{number}.pdf",
                filename=f"{number}.pdf",
                content_type="application/pdf",
                size=100,
                uploaded_by=staff_a,
            )
            Condition.objects.create(
                application=application, text=f"Auflage {number}", due=timezone.localdate(), responsible=staff_a
            )
            ApplicationChange.objects.create(application=application, action="condition_added", subject="x", by=staff_a)

    grow(2)
    cache.clear()
    with django_assert_max_num_queries(40) as small:
        assert client.get(application.get_absolute_url()).status_code == 200
    grow(40)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(application.get_absolute_url()).status_code == 200


def test_the_partners_page_keeps_its_query_count_with_many_documents(
    staff_a, district_a, django_assert_max_num_queries
):
    from quartier.funding.models import Condition

    organisation = make_organisation(district_a)
    application = make_application(district_a, status=Status.APPROVED, organisation=organisation)
    partner = factories.make_user()
    Partnership.objects.create(organisation=organisation, email=partner.email, user=partner, accepted_at=timezone.now())
    client = signed_in(partner)
    url = f"/foerdermittel/meine-antraege/{application.pk}/"

    def grow(n: int) -> None:
        for number in range(n):
            Document.objects.create(
                application=application,
                title=f"Dokument {number}",
                file=f"funding/{number}.pdf",
                filename=f"{number}.pdf",
                content_type="application/pdf",
                size=100,
                uploaded_by=staff_a,
            )
            Condition.objects.create(application=application, text=f"Auflage {number}", due=timezone.localdate())

    grow(2)
    cache.clear()
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code == 200
    grow(30)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert "Dokument 29" in client.get(url).content.decode()
