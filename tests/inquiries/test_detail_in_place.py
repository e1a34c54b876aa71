"""The inquiry's actions update its page in place for htmx (status, assignment, note, reply,
publishing) and load the page without JavaScript; moving always loads a page."""

from __future__ import annotations

from quartier.inquiries.models import Inquiry

HTMX = {"HX-Request": "true"}


def test_status_changes_in_place_with_a_message_in_the_live_region(as_user, staff_a, inquiry_a):
    response = as_user(staff_a).post(
        inquiry_a.get_absolute_url(), {"action": "status", "status-status": "in_progress"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert html.lstrip().startswith('<div id="inquiry-body"')
    assert "<html" not in html
    assert 'role="status"' in html
    assert "Der Status wurde geändert." in html
    assert 'id="inquiry-status-button"' in html  # focus stays on the button htmx swapped
    inquiry_a.refresh_from_db()
    assert inquiry_a.status == Inquiry.Status.IN_PROGRESS
    # The message was shown in place: the next page does not repeat it.
    assert "Der Status wurde geändert." not in as_user(staff_a).get(inquiry_a.get_absolute_url()).content.decode()


def test_assigning_in_place_shows_the_new_state(as_user, staff_a, inquiry_a):
    response = as_user(staff_a).post(
        inquiry_a.get_absolute_url(), {"action": "assign", "assign-assignee": staff_a.pk}, headers=HTMX
    )
    html = response.content.decode()
    assert "Die Zuständigkeit wurde gespeichert." in html
    assert staff_a.public_name in html  # the history row of the assignment
    inquiry_a.refresh_from_db()
    assert inquiry_a.assignee == staff_a


def test_without_htmx_the_actions_redirect_to_the_page(as_user, staff_a, inquiry_a):
    client = as_user(staff_a)
    response = client.post(inquiry_a.get_absolute_url(), {"action": "status", "status-status": "in_progress"})
    assert response.status_code == 302
    assert response["Location"] == inquiry_a.get_absolute_url()
    assert "Der Status wurde geändert." in client.get(response["Location"]).content.decode()


def test_a_refused_change_shows_its_message_in_place_and_changes_nothing(as_user, staff_a, inquiry_a):
    url = inquiry_a.get_absolute_url()
    in_place = as_user(staff_a).post(url, {"action": "status", "status-status": "reopened"}, headers=HTMX)
    assert in_place.status_code == 200  # htmx swaps only successful answers
    assert 'id="inquiry-body"' in in_place.content.decode()
    html = in_place.content.decode()
    # The error summary takes the focus (htmx focuses [autofocus] in what it swaps in).
    assert 'role="alert" id="error-summary" tabindex="-1" autofocus' in html
    assert "Bitte eine gültige Auswahl treffen." in html
    assert as_user(staff_a).post(url, {"action": "status", "status-status": "reopened"}).status_code == 400
    inquiry_a.refresh_from_db()
    assert inquiry_a.status == Inquiry.Status.NEW


def test_moving_loads_a_page_even_for_htmx(as_user, staff_a, inquiry_a, district_a, category):
    html = as_user(staff_a).get(inquiry_a.get_absolute_url()).content.decode()
    assert html.count('data-hx-target="#inquiry-body"') == 5  # every action but moving
    response = as_user(staff_a).post(
        inquiry_a.get_absolute_url(),
        {"action": "move", "move-district": district_a.pk, "move-category": category.pk},
        headers=HTMX,
    )
    assert response.status_code == 302


def test_staff_of_another_district_cannot_act_in_place(as_user, staff_b, inquiry_a):
    response = as_user(staff_b).post(
        inquiry_a.get_absolute_url(), {"action": "status", "status-status": "in_progress"}, headers=HTMX
    )
    assert response.status_code == 404
    inquiry_a.refresh_from_db()
    assert inquiry_a.status == Inquiry.Status.NEW
