"""The department's page behind its private link, the forward from the inbox, and the list of
departments in the cockpit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from quartier.inquiries import forwarding, services
from quartier.inquiries.departments import Department, Forward
from quartier.inquiries.models import Inquiry, InquiryEvent
from tests import factories
from tests.images import image_bytes

State = Forward.State


@pytest.fixture
def bauhof(db, category):
    department = Department.objects.create(name="Bauhof", email="bauhof@example.org")
    department.categories.add(category)
    return department


@pytest.fixture
def sent(inquiry_a, bauhof, staff_a):
    return forwarding.forward_inquiry(
        inquiry=inquiry_a, department=bauhof, note="Bitte bis Freitag.", include_contact=False, by=staff_a
    )


def test_page_shows_the_inquiry_and_note_but_not_the_sender(client, sent):
    response = client.get(sent.get_private_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Schaukel am Spielplatz ist kaputt." in page
    assert "Bitte bis Freitag." in page
    assert "Paula" not in page
    assert "paula@example.org" not in page


def test_page_shows_the_sender_when_staff_chose_so(client, inquiry_a, bauhof, staff_a):
    chosen = forwarding.forward_inquiry(inquiry=inquiry_a, department=bauhof, note="", include_contact=True, by=staff_a)
    page = client.get(chosen.get_private_url()).content.decode()
    assert "Paula Privat" in page
    assert "paula@example.org" in page


def test_page_is_private_and_its_own_forms_still_post(client, sent):
    response = client.get(sent.get_private_url())
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    # same-origin: the token stays on the site, the browser still sends Origin with the form.
    assert response["Referrer-Policy"] == "same-origin"


def test_guessed_tokens_and_other_forwards_give_404(client, sent, district_b, bauhof, staff_b):
    other = forwarding.forward_inquiry(
        inquiry=factories.make_inquiry(district_b), department=bauhof, note="", include_contact=False, by=staff_b
    )
    for guess in ["x", sent.token[:-1], sent.token + "a", str(sent.pk), f"redacted-{sent.pk}", sent.inquiry.token]:
        assert client.get(reverse("inquiries:forward_page", args=[guess])).status_code == 404
        assert client.get(reverse("inquiries:forward_inquiry_photo", args=[guess])).status_code == 404
    # A link shows only its own forward: the other inquiry's text is not on it.
    assert other.inquiry.number not in client.get(sent.get_private_url()).content.decode()
    assert (
        client.post(
            reverse("inquiries:forward_page", args=[sent.token[:-1] + "Z"]), {"state": "done", "answer": "x"}
        ).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.state == State.SENT


def test_department_answers_with_state_and_photo(client, sent):
    photo = SimpleUploadedFile("repariert.jpg", image_bytes(exif=True), content_type="image/jpeg")
    response = client.post(sent.get_private_url(), {"state": "done", "answer": "Neue Kette.", "photo": photo})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.state == State.DONE
    assert sent.answer == "Neue Kette."
    assert sent.photo
    page = client.get(sent.get_private_url()).content.decode()
    assert "Sie haben diese Weiterleitung abgeschlossen" in page
    assert 'name="answer"' not in page


def test_answering_twice_keeps_what_was_typed_and_says_why(client, sent):
    client.post(sent.get_private_url(), {"state": "done", "answer": "Erledigt."})
    response = client.post(sent.get_private_url(), {"state": "in_progress", "answer": "Mein zweiter Text"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "schon abgeschlossen" in page
    assert "Mein zweiter Text" in page
    sent.refresh_from_db()
    assert sent.answer == "Erledigt."


def test_not_responsible_without_reason_keeps_the_form(client, sent):
    response = client.post(sent.get_private_url(), {"state": "not_responsible", "answer": ""})
    assert response.status_code == 400
    assert "Bitte nennen Sie einen Grund" in response.content.decode()
    sent.refresh_from_db()
    assert sent.state == State.SENT


def test_bad_photo_keeps_the_typed_answer(client, sent):
    fake = SimpleUploadedFile("x.jpg", b"<html>no image</html>", content_type="image/jpeg")
    response = client.post(sent.get_private_url(), {"state": "done", "answer": "Mein Text bleibt", "photo": fake})
    assert response.status_code == 400
    assert "Mein Text bleibt" in response.content.decode()
    sent.refresh_from_db()
    assert sent.state == State.SENT


def test_link_expires_the_configured_time_after_closing(client, settings, sent, staff_a):
    settings.INQUIRY_FORWARD_LINK_DAYS = 10
    services.change_status(inquiry=sent.inquiry, to=Inquiry.Status.CLOSED, by=staff_a)
    assert client.get(sent.get_private_url()).status_code == 200  # still open: closed just now
    Inquiry.objects.filter(pk=sent.inquiry_id).update(closed_at=timezone.now() - timedelta(days=10, minutes=1))
    response = client.get(sent.get_private_url())
    assert response.status_code == 410
    assert "Dieser Link ist abgelaufen" in response.content.decode()
    response = client.post(sent.get_private_url(), {"state": "done", "answer": "Zu spät"})
    assert response.status_code == 410
    sent.refresh_from_db()
    assert sent.state == State.SENT
    assert client.get(reverse("inquiries:forward_inquiry_photo", args=[sent.token])).status_code == 404


def test_department_page_keeps_its_query_count(client, sent, django_assert_max_num_queries):
    cache.clear()
    with django_assert_max_num_queries(6):
        assert client.get(sent.get_private_url()).status_code == 200


def test_staff_forward_from_the_inbox(as_user, staff_a, inquiry_a, bauhof):
    staff = as_user(staff_a)
    page = staff.get(inquiry_a.get_absolute_url()).content.decode()
    assert "Vorschlag für diese Kategorie: Bauhof" in page
    response = staff.post(
        reverse("inquiries:forward", args=[inquiry_a.pk]), {"department": bauhof.pk, "note": "Bitte schnell."}
    )
    assert response.status_code == 302
    assert Forward.objects.get().include_contact is False
    page = staff.get(inquiry_a.get_absolute_url()).content.decode()
    assert "An eine Fachstelle weitergeleitet" in page
    assert "ohne Name und Kontakt" in page


def test_forwarding_a_closed_inquiry_says_so_and_keeps_the_note(as_user, staff_a, inquiry_a, bauhof):
    services.change_status(inquiry=inquiry_a, to=Inquiry.Status.CLOSED, by=staff_a)
    response = as_user(staff_a).post(
        reverse("inquiries:forward", args=[inquiry_a.pk]), {"department": bauhof.pk, "note": "Mein Hinweis"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Öffnen Sie es zuerst wieder" in page
    assert "Mein Hinweis" in page
    assert not Forward.objects.exists()


def test_another_districts_staff_cannot_forward_or_see_the_answer_photo(as_user, staff_b, inquiry_a, bauhof, sent):
    staff = as_user(staff_b)
    assert staff.post(reverse("inquiries:forward", args=[inquiry_a.pk]), {"department": bauhof.pk}).status_code == 404
    assert staff.get(reverse("inquiries:forward_photo", args=[sent.pk])).status_code == 404
    assert Forward.objects.count() == 1


def test_staff_take_over_the_answer_for_the_sender(as_user, staff_a, sent, client):
    client.post(sent.get_private_url(), {"state": "done", "answer": "Die Schaukel hängt wieder."})
    staff = as_user(staff_a)
    page = staff.get(f"{sent.inquiry.get_absolute_url()}?weiterleitung={sent.pk}").content.decode()
    assert "Die Schaukel hängt wieder.</textarea>" in page
    # Only a forward of this inquiry starts the reply, whatever number is in the address.
    other = factories.make_inquiry(sent.inquiry.district)
    page = staff.get(f"{other.get_absolute_url()}?weiterleitung={sent.pk}").content.decode()
    assert "Die Schaukel hängt wieder." not in page
    # The sender's page shows no department entries until staff reply.
    track = client.get(sent.inquiry.get_private_url()).content.decode()
    assert "Die Schaukel hängt wieder." not in track
    assert "Bauhof" not in track


def test_returned_and_overdue_forwards_are_inbox_filters(as_user, staff_a, district_a, category, bauhof, client):
    returned = factories.make_inquiry(district_a, category, text="Zurückgegebenes Anliegen")
    late = factories.make_inquiry(district_a, category, text="Überfälliges Anliegen")
    quiet = factories.make_inquiry(district_a, category, text="Ruhiges Anliegen")
    first = forwarding.forward_inquiry(inquiry=returned, department=bauhof, note="", include_contact=False, by=staff_a)
    forwarding.answer_forward(forward=first, state=State.NOT_RESPONSIBLE, answer="Nicht wir.")
    second = forwarding.forward_inquiry(inquiry=late, department=bauhof, note="", include_contact=False, by=staff_a)
    Forward.objects.filter(pk=second.pk).update(due_at=timezone.now() - timedelta(hours=1))
    staff = as_user(staff_a)

    def listed(query: str) -> set[str]:
        page = staff.get(f"{reverse('inquiries:inbox')}?{query}").content.decode()
        return {text for text in ("Zurückgegebenes", "Überfälliges", "Ruhiges") if text in page}

    assert listed("forwards=returned") == {"Zurückgegebenes"}
    assert listed("forwards=overdue") == {"Überfälliges"}
    assert listed("forwards=open") == {"Überfälliges"}
    assert "zurückgegeben" in staff.get(reverse("inquiries:inbox")).content.decode()
    assert quiet.pk


def test_departments_page_shows_figures_for_the_staff_members_districts(
    as_user, staff_a, staff_b, bauhof, sent, client, django_assert_max_num_queries
):
    client.post(sent.get_private_url(), {"state": "done", "answer": "Erledigt."})
    cache.clear()
    staff = as_user(staff_a)
    with django_assert_max_num_queries(12):
        page = staff.get(reverse("inquiries:departments")).content.decode()
    assert "Bauhof" in page
    assert '<td class="kern-table__cell">1</td>' in page
    # Staff of another district see the department, not district A's forwards.
    other = as_user(staff_b).get(reverse("inquiries:departments")).content.decode()
    assert '<td class="kern-table__cell">1</td>' not in other
    assert "Neue Fachstelle" not in page


def test_departments_page_query_count_does_not_grow(
    as_user, staff_a, district_a, category, bauhof, django_assert_max_num_queries
):
    for number in range(4):
        department = Department.objects.create(name=f"Amt {number}", email=f"amt{number}@example.org")
        inquiry = factories.make_inquiry(district_a, category)
        forwarding.forward_inquiry(inquiry=inquiry, department=department, note="", include_contact=False, by=staff_a)
        Forward.objects.filter(inquiry=inquiry).update(due_at=timezone.now() - timedelta(days=1))
    staff = as_user(staff_a)
    cache.clear()
    with django_assert_max_num_queries(12):
        assert staff.get(reverse("inquiries:departments")).status_code == 200


def test_staff_detail_page_query_count_does_not_grow_with_forwards(
    as_user, staff_a, inquiry_a, bauhof, django_assert_max_num_queries
):
    staff = as_user(staff_a)
    cache.clear()
    with django_assert_max_num_queries(40) as few:
        staff.get(inquiry_a.get_absolute_url())
    for number in range(3):
        department = Department.objects.create(name=f"Amt {number}", email=f"amt{number}@example.org")
        forwarding.forward_inquiry(inquiry=inquiry_a, department=department, note="", include_contact=False, by=staff_a)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff.get(inquiry_a.get_absolute_url())


def test_coordinators_keep_the_list_in_the_cockpit(as_user, coordinator, staff_a, category):
    url = reverse("inquiries:department_new")
    assert as_user(staff_a).get(url).status_code == 403
    response = as_user(coordinator).post(
        url,
        {
            "name": "Ordnungsamt",
            "email": "ordnung@example.org",
            "categories": [category.pk],
            "response_days": "3",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    department = Department.objects.get(name="Ordnungsamt")
    assert list(department.categories.all()) == [category]
    assert department.is_active
    bad = as_user(coordinator).post(url, {"name": "Amt", "email": "kein-mail", "response_days": "0"})
    assert bad.status_code == 400
    assert 'value="Amt"' in bad.content.decode()


def test_cockpit_tile_counts_overdue_forwards(staff_a, staff_b, sent):
    from quartier.core import registry

    tile = registry.cockpit_tiles.get("inquiry_forwards")
    assert tile.count is not None
    assert tile.count(staff_a) == 0
    Forward.objects.filter(pk=sent.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    assert tile.count(staff_a) == 1
    assert tile.count(staff_b) == 0


def test_history_entries_of_forwarding_stay_off_the_senders_page(client, sent):
    forwarding.answer_forward(forward=sent, state=State.RECEIVED, answer="Angekommen.")
    assert sent.inquiry.events.filter(kind=InquiryEvent.Kind.DEPARTMENT_ANSWER).exists()
    page = client.get(sent.inquiry.get_private_url()).content.decode()
    assert "Angekommen." not in page
    assert "Bitte bis Freitag." not in page


def test_answers_through_one_link_are_rate_limited(client, sent, monkeypatch):
    monkeypatch.setattr("quartier.inquiries.department_views.ANSWERS_PER_HOUR", 1)
    assert client.post(sent.get_private_url(), {"state": "received", "answer": "Da."}).status_code == 302
    response = client.post(sent.get_private_url(), {"state": "in_progress", "answer": "Mein Text"})
    assert response.status_code == 429
    assert "Mein Text" in response.content.decode()
    sent.refresh_from_db()
    assert sent.state == State.RECEIVED


def test_cockpit_shows_department_figures_of_the_staff_members_districts(as_user, staff_a, staff_b, sent, client):
    client.post(sent.get_private_url(), {"state": "received", "answer": "Angekommen."})
    page = as_user(staff_a).get(reverse("places:cockpit")).content.decode()
    assert 'id="department-figures"' in page
    assert "Bauhof" in page
    # Another district's staff have no forwards to count: no section.
    assert 'id="department-figures"' not in as_user(staff_b).get(reverse("places:cockpit")).content.decode()


def test_department_figures_are_counted_and_the_median_computed_in_the_database(
    staff_a, district_a, category, bauhof, django_assert_num_queries
):
    from quartier.inquiries.departments import department_figures

    now = timezone.now()
    for hours in (2, 6, 10, None, None):  # three answered (median 6 hours), two open, one of them overdue
        forward = forwarding.forward_inquiry(
            inquiry=factories.make_inquiry(district_a, category),
            department=bauhof,
            note="",
            include_contact=False,
            by=staff_a,
        )
        if hours is None:
            continue
        Forward.objects.filter(pk=forward.pk).update(
            sent_at=now - timedelta(days=2),
            answered_at=now - timedelta(days=2) + timedelta(hours=hours),
            state=State.DONE,
        )
    Forward.objects.filter(state__in=Forward.OPEN_STATES).order_by("pk").filter(
        pk=Forward.objects.filter(state__in=Forward.OPEN_STATES).order_by("pk").values("pk")[:1]
    ).update(due_at=now - timedelta(hours=1))
    with django_assert_num_queries(3):  # the counts, the medians, the departments that had forwards
        (entry,) = department_figures(staff_a, now)
    assert (entry.forwarded, entry.open, entry.overdue, entry.done) == (5, 2, 1, 3)
    assert entry.median_answer_days == 0.2  # six hours
