from __future__ import annotations

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.core import pagination
from quartier.inquiries import services
from quartier.inquiries.models import Inquiry, InquiryEvent
from tests import factories
from tests.pages import page_link


def test_staff_see_only_their_districts(as_user, staff_a, district_a, district_b, category):
    mine = factories.make_inquiry(district_a, category)
    theirs = factories.make_inquiry(district_b, category)
    html = as_user(staff_a).get("/cockpit/anliegen/").content.decode()
    assert mine.number in html
    assert theirs.number not in html


def test_coordinators_see_all(as_user, coordinator, district_a, district_b, category):
    numbers = [factories.make_inquiry(d, category).number for d in (district_a, district_b)]
    html = as_user(coordinator).get("/cockpit/anliegen/").content.decode()
    assert all(number in html for number in numbers)


def test_asking_for_another_districts_inquiries_is_404(as_user, staff_b, district_a, inquiry_a):
    client = as_user(staff_b)
    assert client.get(f"/cockpit/anliegen/?district={district_a.pk}").status_code == 404
    assert client.get(f"/cockpit/anliegen/export.csv?district={district_a.pk}").status_code == 404
    assert client.get(f"/cockpit/anliegen/{inquiry_a.pk}/").status_code == 404
    assert client.get(f"/cockpit/anliegen/{inquiry_a.pk}/foto/").status_code == 404
    assert client.post(f"/cockpit/anliegen/{inquiry_a.pk}/", {"action": "note", "note-note": "x"}).status_code == 404
    assert inquiry_a.number not in b"".join(client.get("/cockpit/anliegen/export.csv").streaming_content).decode()


def test_bulk_assignment_refuses_other_districts_inquiries(as_user, staff_b, inquiry_a):
    as_user(staff_b).post("/cockpit/anliegen/zuweisen/", {"inquiries": [inquiry_a.pk], "assignee": staff_b.pk})
    inquiry_a.refresh_from_db()
    assert inquiry_a.assignee is None


def test_bulk_assignment(as_user, staff_a, district_a, category):
    inquiries = [factories.make_inquiry(district_a, category) for _ in range(3)]
    response = as_user(staff_a).post(
        "/cockpit/anliegen/zuweisen/", {"inquiries": [i.pk for i in inquiries[:2]], "assignee": staff_a.pk}
    )
    assert response.status_code == 302
    assert Inquiry.objects.filter(assignee=staff_a).count() == 2


def test_filters_and_search(as_user, staff_a, district_a, category):
    found = factories.make_inquiry(district_a, category, text="Hecke am Friedhof", kind=Inquiry.Kind.SUGGESTION)
    other = factories.make_inquiry(district_a, category, text="Laterne", channel=Inquiry.Channel.PHONE)
    client = as_user(staff_a)
    html = client.get("/cockpit/anliegen/?q=friedhof").content.decode()
    assert found.number in html
    assert other.number not in html
    html = client.get("/cockpit/anliegen/?channel=phone").content.decode()
    assert other.number in html
    assert found.number not in html
    html = client.get("/cockpit/anliegen/?kind=suggestion&sort=old").content.decode()
    assert found.number in html
    assert other.number not in html


def test_overdue_filter_counts_working_days(as_user, staff_a, district_a, category, settings):
    settings.INQUIRY_RESPONSE_DAYS = 5
    with time_machine.travel("2026-03-06 10:00 +01:00", tick=False):  # a Friday
        late = factories.make_inquiry(district_a, category)
    with time_machine.travel("2026-03-09 10:00 +01:00", tick=False):  # the Monday after
        fresh = factories.make_inquiry(district_a, category)
    with time_machine.travel("2026-03-13 23:00 +01:00", tick=False):  # 5th working day after Friday
        assert not late.is_overdue()
    with time_machine.travel("2026-03-14 09:00 +01:00", tick=False):  # Saturday: Friday's is due
        assert late.is_overdue()
        assert not fresh.is_overdue()
        html = as_user(staff_a).get("/cockpit/anliegen/?overdue=on").content.decode()
        assert late.number in html
        assert fresh.number not in html
        assert "überfällig" in html


def test_answered_inquiries_are_not_overdue(staff_a, district_a, category):
    with time_machine.travel("2026-03-02 10:00 +01:00", tick=False):
        inquiry = factories.make_inquiry(district_a, category)
        services.reply(inquiry=inquiry, body="Danke", by=staff_a)
    inquiry.refresh_from_db()
    with time_machine.travel("2026-04-01 10:00 +02:00", tick=False):
        assert not inquiry.is_overdue()
        assert not Inquiry.objects.overdue().exists()


def test_inbox_query_count_does_not_grow(
    as_user, staff_a, district_a, category, no_page_cache, django_assert_num_queries
):
    client = as_user(staff_a)
    for _ in range(2):
        factories.make_inquiry(district_a, category, assignee=staff_a)
    client.get("/cockpit/anliegen/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/cockpit/anliegen/?status=open").status_code == 200
    for _ in range(30):
        factories.make_inquiry(district_a, category, assignee=staff_a)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/cockpit/anliegen/?status=open").status_code == 200


def test_staff_record_a_phone_call(as_user, staff_a, district_a, category):
    response = as_user(staff_a).post(
        "/cockpit/anliegen/erfassen/",
        {
            "channel": "phone",
            "kind": "question",
            "category": category.pk,
            "district": district_a.pk,
            "text": "Wann ist Sperrmüll?",
            "name": "Herr Anrufer",
            "phone": "0271 123",
            "email": "",
            "consent": "on",
        },
    )
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert inquiry.channel == Inquiry.Channel.PHONE
    assert inquiry.recorded_by == staff_a
    assert inquiry.events.get().author == staff_a


def test_staff_cannot_record_for_another_district(as_user, staff_b, district_a, category):
    as_user(staff_b).post(
        "/cockpit/anliegen/erfassen/",
        {
            "channel": "phone",
            "kind": "question",
            "category": category.pk,
            "district": district_a.pk,
            "text": "x",
            "consent": "on",
        },
    )
    assert not Inquiry.objects.exists()


def test_export_is_csv_without_personal_data(as_user, staff_a, inquiry_a):
    response = as_user(staff_a).get("/cockpit/anliegen/export.csv")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert inquiry_a.number in body
    assert "paula" not in body.lower()


def test_detail_actions(as_user, staff_a, inquiry_a, district_a):
    client = as_user(staff_a)
    url = inquiry_a.get_absolute_url()
    assert client.post(url, {"action": "status", "status-status": "in_progress"}).status_code == 302
    assert client.post(url, {"action": "note", "note-note": "Bauhof fragen"}).status_code == 302
    assert client.post(url, {"action": "assign", "assign-assignee": staff_a.pk}).status_code == 302
    assert (
        client.post(url, {"action": "reply", "reply-body": "Erledigt.", "reply-status": "answered"}).status_code == 302
    )
    assert (
        client.post(
            url, {"action": "publish", "publish-is_public": "on", "publish-public_answer": "Ist repariert."}
        ).status_code
        == 302
    )
    inquiry_a.refresh_from_db()
    assert inquiry_a.status == Inquiry.Status.ANSWERED
    assert inquiry_a.assignee == staff_a
    assert inquiry_a.is_public
    kinds = list(inquiry_a.events.values_list("kind", flat=True))
    assert kinds == ["created", "status", "note", "assigned", "reply", "status", "published"]
    html = client.get(url).content.decode()
    assert "Bauhof fragen" in html


def test_impossible_status_change_is_a_form_error(as_user, staff_a, inquiry_a):
    response = as_user(staff_a).post(inquiry_a.get_absolute_url(), {"action": "status", "status-status": "reopened"})
    assert response.status_code == 400
    assert InquiryEvent.objects.filter(kind="status").count() == 0


def test_answer_template_prefills_the_reply(as_user, staff_a, inquiry_a):
    from quartier.inquiries.models import AnswerTemplate

    template = AnswerTemplate.objects.create(title="Sperrmüll", body="Sperrmüll holt der Bauhof dienstags.")
    html = as_user(staff_a).get(f"{inquiry_a.get_absolute_url()}?vorlage={template.pk}").content.decode()
    assert "Sperrmüll holt der Bauhof dienstags.</textarea>" in html


def test_moving_away_leads_back_to_the_inbox(as_user, staff_a, inquiry_a, district_b, category):
    response = as_user(staff_a).post(
        inquiry_a.get_absolute_url(), {"action": "move", "move-district": district_b.pk, "move-category": category.pk}
    )
    assert response.status_code == 302
    assert response.url == "/cockpit/anliegen/"


def test_coordinators_edit_categories(as_user, coordinator, staff_a):
    response = as_user(coordinator).post(
        "/cockpit/anliegen/kategorien/neu/", {"name": "Müll", "code": "muell", "position": 1, "is_active": "on"}
    )
    assert response.status_code == 302
    assert as_user(staff_a).get("/cockpit/anliegen/kategorien/").status_code == 403


def test_cockpit_shows_figures_and_the_inbox_link(as_user, staff_a, inquiry_a):
    html = as_user(staff_a).get("/cockpit/").content.decode()
    assert "/cockpit/anliegen/" in html
    assert "Erste Antwort (Median, Tage)" in html


def test_inbox_shows_the_first_line_of_each_inquirys_text(as_user, staff_a, district_a, category):
    factories.make_inquiry(district_a, category, text="\n  Die Laterne am Bach ist aus.  \nSeit Montag schon.")
    html = as_user(staff_a).get("/cockpit/anliegen/").content.decode()
    assert "Die Laterne am Bach ist aus." in html
    assert "Seit Montag schon." not in html


def test_inbox_pages_by_cursor_and_caps_its_count(as_user, staff_a, district_a, district_b, category, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 20)
    numbers = [factories.make_inquiry(district_a, category).number for _ in range(27)]
    theirs = factories.make_inquiry(district_b, category).number
    client = as_user(staff_a)
    first = client.get("/cockpit/anliegen/?sort=old").content.decode()
    assert "mehr als 20 Anliegen" in first
    second = client.get("/cockpit/anliegen/" + page_link(first)).content.decode()
    shown = [number for number in numbers if number in first], [number for number in numbers if number in second]
    assert shown == (numbers[:25], numbers[25:])
    assert "sort=old" in page_link(second, "prev")
    assert theirs not in first + second
    monkeypatch.setattr(pagination, "COUNT_CAP", 1000)
    assert "27 Anliegen" in client.get("/cockpit/anliegen/").content.decode()


def test_inbox_queries_stay_few_with_cold_caches(as_user, staff_a, district_a, category, django_assert_max_num_queries):
    client = as_user(staff_a)
    for _ in range(30):
        factories.make_inquiry(district_a, category, assignee=staff_a)
    for url in ("/cockpit/anliegen/", "/cockpit/anliegen/?status=new"):
        cache.clear()
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200


def test_inbox_lists_come_from_the_cache_and_follow_an_assignment_at_once(
    as_user, staff_a, district_a, district_b, category, django_assert_max_num_queries
):
    factories.make_inquiry(district_a, category)
    client = as_user(staff_a)
    client.get("/cockpit/anliegen/")
    # Warm: no query for districts, colleagues or Django's permission tables.
    with CaptureQueriesContext(connection) as warm:
        assert client.get("/cockpit/anliegen/").status_code == 200
    sql = " ".join(query["sql"] for query in warm.captured_queries)
    assert "auth_permission" not in sql, "\n".join(q["sql"][:200] for q in warm.captured_queries)
    assert "DISTINCT" not in sql
    assert len(warm.captured_queries) <= 9
    colleague = factories.make_user("kollege@example.org", name="Karl Kollege")
    district_a.staff.add(colleague)
    html = client.get("/cockpit/anliegen/").content.decode()
    assert "Karl Kollege" in html
    district_b.staff.add(staff_a)
    assert 'value="buehl"' in client.get("/cockpit/anliegen/").content.decode()


def test_a_cached_inbox_row_shows_a_change_on_the_next_request(as_user, staff_a, district_a, category):
    inquiry = factories.make_inquiry(district_a, category)
    client = as_user(staff_a)
    assert "Neu" in client.get("/cockpit/anliegen/").content.decode()
    services.assign(inquiries=[inquiry], assignee=staff_a, by=staff_a)
    services.change_status(inquiry=inquiry, to=Inquiry.Status.IN_PROGRESS, by=staff_a)
    html = client.get("/cockpit/anliegen/").content.decode()
    assert "In Bearbeitung" in html
    assert "Anna A" in html
