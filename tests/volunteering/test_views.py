from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quartier.volunteering.models import Requirement, SignUp, SignUpStatus
from quartier.volunteering.services import sign_up
from tests import factories
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def _count_queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def _fill(district, calls: int, shifts: int, sign_ups: int) -> None:
    hygiene, _ = Requirement.objects.get_or_create(name="Hygienebelehrung", slug="hygiene")
    for _number in range(calls):
        call = factories.make_helper_call(district, shifts=shifts, people_needed=sign_ups + 1)
        for shift in call.shifts.all():
            shift.requirements.add(hygiene)
            for person in range(sign_ups):
                sign_up(shifts=[shift], name=f"P{person}", email=f"p{person}-{shift.pk}@example.org")


def test_list_call_page_and_roster_keep_their_query_counts(client, district_a, staff_a, django_assert_max_num_queries):
    _fill(district_a, calls=1, shifts=1, sign_ups=1)
    call = factories.make_helper_call(district_a, shifts=2)
    staff = signed_in(staff_a)
    urls = [(client, reverse("volunteering:calls")), (client, call.get_absolute_url())]
    roster = (staff, reverse("volunteering:roster", kwargs={"pk": call.pk}))
    few = [_count_queries(c, url) for c, url in [*urls, roster]]
    _fill(district_a, calls=8, shifts=3, sign_ups=2)
    for shift in call.shifts.all():
        for person in range(2):
            sign_up(shifts=[shift], name="x", email=f"x{person}-{shift.pk}@example.org")
    for (c, url), limit in zip([*urls, roster], few, strict=True):
        cache.clear()
        with django_assert_max_num_queries(limit):
            assert c.get(url).status_code == 200


def test_the_list_filters_by_district_requirement_free_places_and_search(client, district_a, district_b):
    market = factories.make_helper_call(district_a, title="Frühlingsmarkt", people_needed=1)
    cafe = factories.make_helper_call(district_b, title="Café international")
    hidden = factories.make_helper_call(district_a, title="Entwurf", is_published=False)
    past = factories.make_helper_call(district_a, title="Vorbei", start=timezone.now() - timedelta(days=3))
    hygiene = Requirement.objects.create(name="Hygienebelehrung", slug="hygiene")
    cafe.shifts.get().requirements.add(hygiene)
    sign_up(shifts=list(market.shifts.all()), name="A", email="a@example.org")

    def titles(query: str) -> set[str]:
        cache.clear()  # the page's context, not an answer from the page cache
        page = client.get(reverse("volunteering:calls") + query).context["page"]
        return {call.title for call in page}

    assert titles("") == {market.title, cafe.title}
    assert hidden.title not in titles("")
    assert past.title not in titles("")
    assert titles("?district=buehl") == {cafe.title}
    assert titles("?requirement=hygiene") == {cafe.title}
    assert titles("?free=on") == {cafe.title}
    assert titles("?q=markt") == {market.title}
    assert titles("?district=nirgendwo") == {market.title, cafe.title}  # a bad filter is ignored


def test_the_call_page_shows_free_places_and_hides_unpublished_calls(client, district_a):
    call = factories.make_helper_call(district_a, shifts=2, people_needed=2, text="**Kuchen** backen")
    first = call.shifts.order_by("start").first()
    sign_up(shifts=[first], name="A", email="a@example.org")
    sign_up(shifts=[first], name="B", email="b@example.org")
    page = client.get(call.get_absolute_url()).content.decode()
    assert "<strong>Kuchen</strong>" in page
    assert "voll besetzt" in page
    assert "2 von 2" in page
    draft = factories.make_helper_call(district_a, is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_resident_signs_up_on_the_call_page_and_cancels_through_the_link(
    district_a, resident, django_capture_on_commit_callbacks
):
    call = factories.make_helper_call(district_a, shifts=2)
    client = signed_in(resident)
    shifts = list(call.shifts.all())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("volunteering:call_sign_up", kwargs={"pk": call.pk}), {"shifts": [s.pk for s in shifts]}
        )
    entry = SignUp.objects.filter(user=resident).first()
    assert entry is not None
    assert response.status_code == 302
    assert response["Location"] == entry.get_absolute_url()
    page = client.get(entry.get_absolute_url())
    assert "direkt hintereinander" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    client.post(entry.get_absolute_url(), {"action": "cancel", "sign_up": entry.pk})
    entry.refresh_from_db()
    assert entry.status == SignUpStatus.CANCELLED


def test_a_visitor_confirms_by_the_link_in_the_mail(client, district_a, django_capture_on_commit_callbacks):
    call = factories.make_helper_call(district_a)
    shift = call.shifts.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("volunteering:call_sign_up", kwargs={"pk": call.pk}),
            {"shifts": [shift.pk], "name": "Vera Besuch", "email": "vera@example.org"},
        )
    assert "Bitte prüfen Sie Ihre E-Mails" in response.content.decode()
    entry = SignUp.objects.get(email="vera@example.org")
    assert entry.status == SignUpStatus.UNCONFIRMED
    assert entry.get_absolute_url() in mail.outbox[0].body
    client.post(entry.get_absolute_url(), {"action": "confirm"})
    entry.refresh_from_db()
    assert entry.status == SignUpStatus.CONFIRMED
    shift.refresh_from_db()
    assert shift.places_taken == 1


def test_bad_sign_ups_get_clear_messages(client, district_a):
    call = factories.make_helper_call(district_a, people_needed=1)
    url = reverse("volunteering:call_sign_up", kwargs={"pk": call.pk})
    response = client.post(url, {"name": "V", "email": "v@example.org"})
    assert response.status_code == 400
    assert "Bitte wählen Sie mindestens eine Schicht." in response.content.decode()
    shift = call.shifts.get()
    sign_up(shifts=[shift], name="A", email="a@example.org")
    response = client.post(url, {"shifts": [shift.pk], "name": "V", "email": "v@example.org"})
    # A full shift is no longer offered in the form.
    assert response.status_code == 400


def test_the_call_page_asks_the_age_for_a_shift_with_a_minimum_age(client, district_a):
    call = factories.make_helper_call(district_a)
    shift = call.shifts.get()
    shift.min_age = 18
    shift.save(update_fields=["min_age"])
    url = reverse("volunteering:call_sign_up", kwargs={"pk": call.pk})
    visitor = {"shifts": [shift.pk], "name": "V", "email": "v@example.org"}
    response = client.post(url, visitor)
    assert response.status_code == 400
    assert "Bitte geben Sie Ihr Alter an." in response.content.decode()
    response = client.post(url, {**visitor, "age": "17"})
    assert response.status_code == 400
    assert "mindestens 18 Jahre alt" in response.content.decode()
    assert not SignUp.objects.exists()
    response = client.post(url, {**visitor, "age": "18"})
    assert response.status_code == 200
    assert SignUp.objects.get(email="v@example.org").status == SignUpStatus.UNCONFIRMED


def test_a_late_cancellation_says_whom_to_call(district_a, resident):
    call = factories.make_helper_call(
        district_a, start=timezone.now() + timedelta(hours=3), contact_name="Herr Markt", contact_phone="02734 999"
    )
    entry = sign_up(shifts=list(call.shifts.all()), name="R", email=resident.email, user=resident).sign_ups[0]
    client = signed_in(resident)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Bitte rufen Sie Herr Markt an 02734 999." in page
    response = client.post(entry.get_absolute_url(), {"action": "cancel", "sign_up": entry.pk}, follow=True)
    assert "Absagen ist nur bis 24 Stunden vor Beginn möglich" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == SignUpStatus.CONFIRMED


def test_visitors_sign_ups_are_rate_limited(client, district_a, settings):
    settings.VOLUNTEERING_SIGN_UP_RATE_LIMIT = 2
    call = factories.make_helper_call(district_a, people_needed=10)
    shift = call.shifts.get()
    url = reverse("volunteering:call_sign_up", kwargs={"pk": call.pk})
    statuses = [
        client.post(url, {"shifts": [shift.pk], "name": "V", "email": f"v{n}@example.org"}).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert SignUp.objects.count() == 2


def test_typing_someone_elses_address_reveals_none_of_their_shifts(
    client, district_a, django_capture_on_commit_callbacks
):
    """Issue 8.1: an overlap with the address's shifts would name them; 8.3: no typed name in the mail."""
    start = (timezone.localtime() + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    market = factories.make_helper_call(district_a, start=start)
    cafe = factories.make_helper_call(district_a, start=start + timedelta(hours=1))
    sign_up(shifts=list(market.shifts.all()), name="Olga Opfer", email="olga@example.org")
    url = reverse("volunteering:call_sign_up", kwargs={"pk": cafe.pk})
    shift = cafe.shifts.get()

    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(url, {"shifts": [shift.pk], "name": "Mallory", "email": "olga@example.org"})
    fresh = client.post(url, {"shifts": [shift.pk], "name": "Nora", "email": "nora@example.org"})

    assert taken.status_code == fresh.status_code == 200
    assert "überschneidet" not in taken.content.decode()
    assert "Mallory" not in mail.outbox[-1].body
    # Olga confirms by the link: the overlapping shift is dropped, her first one stays.
    entry = SignUp.objects.get(email="olga@example.org", shift=shift)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(entry.get_absolute_url(), {"action": "confirm"})
    entry.refresh_from_db()
    assert entry.status == SignUpStatus.CANCELLED
    assert SignUp.objects.get(email="olga@example.org", shift__call=market).status == SignUpStatus.CONFIRMED
