"""Each app's report section: its figures for the year beside the previous year, counted in the
database (a small fixture per app), and the median computed without loading rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from quartier.core import registry
from quartier.core.reporting import median_seconds
from quartier.inquiries.models import Inquiry
from quartier.participation.models import Support
from quartier.surveys.models import SurveyResponse
from tests import factories
from tests.news.conftest import make_post
from tests.participation.conftest import field_of_action, make_idea
from tests.reports.conftest import YEAR, at
from tests.resources.conftest import book, make_resource
from tests.surveys.conftest import make_survey

DAY = timedelta(days=1)


def figures(name, district=None, field=None):
    section = registry.report_sections.get(name)
    return {
        str(f.label): (f.value, f.previous) for f in section.figures(YEAR, district=district, field_of_action=field)
    }


def test_every_app_registered_its_section():
    assert {entry.name for entry in registry.report_sections} >= {
        "inquiries",
        "participation",
        "surveys",
        "projects",
        "events",
        "volunteering",
        "resources",
        "funding",
        "news",
    }


def test_median_odd_even_and_per_group_in_one_query(district_a, district_b, django_assert_num_queries):
    category = factories.make_category()
    for days in (1, 3, 8):  # A: median 3 days
        start = at(YEAR, 3)
        factories.make_inquiry(district_a, category, created_at=start, first_response_at=start + days * DAY)
    for days in (2, 4):  # B: median 3 days (mean of the two middle ones)
        start = at(YEAR, 3)
        factories.make_inquiry(district_b, category, created_at=start, first_response_at=start + days * DAY)
    factories.make_inquiry(district_b, category, created_at=at(YEAR, 3))  # unanswered: not counted
    with django_assert_num_queries(1):
        medians = median_seconds(Inquiry.objects.all(), "created_at", "first_response_at", group="district")
    assert {k: round(v / 86400, 3) for k, v in medians.items()} == {district_a.pk: 3.0, district_b.pk: 3.0}
    with django_assert_num_queries(1):
        overall = median_seconds(Inquiry.objects.all(), "created_at", "first_response_at")
    assert round(overall[None] / 86400, 3) == 3.0  # 1 2 3 4 8


def test_inquiries_figures_and_tables(district_a, district_b):
    category = factories.make_category()
    start = at(YEAR, 2)
    factories.make_inquiry(district_a, category, created_at=start, first_response_at=start + 2 * DAY)
    factories.make_inquiry(
        district_a,
        category,
        created_at=start,
        first_response_at=start + 4 * DAY,
        channel=Inquiry.Channel.PHONE,
        kind=Inquiry.Kind.QUESTION,
    )
    factories.make_inquiry(district_a, category, created_at=at(YEAR - 1), first_response_at=at(YEAR - 1) + DAY)
    factories.make_inquiry(district_b, category, created_at=start)
    factories.make_inquiry(district_a, category, created_at=at(YEAR - 2))  # outside both years
    result = figures("inquiries", district_a)
    assert result["Anliegen eingegangen"] == (2, 1)
    assert result["davon beantwortet"] == (2, 1)
    assert result["Mittlere Zeit bis zur ersten Antwort (Median)"] == (3.0, 1.0)
    assert figures("inquiries")["Anliegen eingegangen"] == (3, 1)
    assert figures("inquiries", field=field_of_action()) == {}
    tables = registry.report_sections.get("inquiries").tables
    assert tables is not None
    kinds, channels = tables(YEAR, district=district_a)
    assert ("Frage", 1, 0) in kinds.rows
    assert ("Hinweis auf ein Problem", 1, 1) in kinds.rows
    assert ("Telefon", 1, 0) in channels.rows
    assert ("Website", 1, 1) in channels.rows


def test_participation_figures(district_a, district_b, resident, coordinator):
    idea = make_idea(district_a, resident, created_at=at(YEAR))
    make_idea(district_a, resident, created_at=at(YEAR - 1), status="realised", status_changed_at=at(YEAR, 5))
    make_idea(district_a, resident, created_at=at(YEAR), hidden_at=at(YEAR))  # hidden: not counted
    make_idea(district_b, resident, created_at=at(YEAR))
    Support.objects.create(idea=idea, user=coordinator, created_at=at(YEAR))
    result = figures("participation", district_a)
    assert result["Ideen eingereicht"] == (1, 1)
    assert result["Ideen umgesetzt"] == (1, 0)
    assert result["Unterstützungen"] == (1, 0)
    other = field_of_action("umwelt")
    assert figures("participation", field=other)["Ideen eingereicht"] == (0, 0)


def test_surveys_figures(district_a, district_b):
    survey = make_survey(district_a)
    type(survey).objects.filter(pk=survey.pk).update(opens_at=at(YEAR))
    for _ in range(2):
        SurveyResponse.objects.create(survey=survey, created_at=at(YEAR))
    SurveyResponse.objects.create(survey=survey, created_at=at(YEAR - 1))
    assert figures("surveys", district_a) == {"Umfragen gestartet": (1, 0), "Ausgefüllte Fragebögen": (2, 1)}
    assert figures("surveys", district_b)["Ausgefüllte Fragebögen"] == (0, 0)


def test_projects_new_running_done(district_a, district_b):
    factories.make_project(district_a, status="running", start=date(YEAR, 3, 1))
    factories.make_project(district_a, status="done", start=date(YEAR - 1, 3, 1), end=date(YEAR, 5, 1))
    factories.make_project(district_a, status="planned", start=date(YEAR, 9, 1))
    factories.make_project(district_b, status="running", start=date(YEAR, 1, 1))
    result = figures("projects", district_a)
    assert result["Projekte begonnen"] == (2, 1)
    assert result["Projekte laufend"] == (2, 1)
    assert result["Projekte abgeschlossen"] == (1, 0)


def test_events_dates_registrations_attendance(district_a, district_b):
    from quartier.events.models import EventStatus, Registration

    event = factories.make_event(district_a, start=at(YEAR, 4))
    date_held = event.dates.get()
    type(date_held).objects.filter(pk=date_held.pk).update(attended=12)
    Registration.objects.create(event_date=date_held, name="Ute", party_size=3, status="confirmed")
    Registration.objects.create(event_date=date_held, name="Udo", party_size=2, status="cancelled")
    cancelled = factories.make_event(district_a, start=at(YEAR, 5))
    cancelled.dates.update(status=EventStatus.CANCELLED)
    factories.make_event(district_a, start=at(YEAR - 1, 5))
    factories.make_event(district_b, start=at(YEAR, 5))
    result = figures("events", district_a)
    assert result["Termine durchgeführt"] == (1, 1)
    assert result["Angemeldete Personen"] == (3, 0)
    assert result["Teilnehmende (gezählt)"] == (12, 0)


def test_volunteering_sign_ups_and_hours(district_a, district_b, resident):
    from quartier.volunteering.models import SignUp

    call = factories.make_helper_call(district_a, shifts=2, start=at(YEAR, 6))
    first, second = call.shifts.order_by("start")
    SignUp.objects.create(shift=first, user=resident, name="R", status="confirmed", hours=Decimal("2.5"))
    SignUp.objects.create(shift=second, name="S", email="s@example.org", status="cancelled", hours=Decimal(2))
    earlier = factories.make_helper_call(district_a, start=at(YEAR - 1, 6))
    SignUp.objects.create(shift=earlier.shifts.get(), name="T", email="t@example.org", status="confirmed", hours=2)
    result = figures("volunteering", district_a)
    assert result["Einsätze von Engagierten"] == (1, 1)
    assert result["Bestätigte Stunden"] == (Decimal("2.5"), Decimal(2))
    assert figures("volunteering", district_b)["Bestätigte Stunden"] == (0, 0)


def test_resources_loans_and_rooms(district_a, district_b):
    thing = make_resource(district_a)
    room = make_resource(district_a, kind="room")
    book(thing, at(YEAR, 2), at(YEAR, 2) + timedelta(hours=3))
    book(thing, at(YEAR, 3), at(YEAR, 3) + timedelta(hours=3), status="declined")
    book(room, at(YEAR - 1, 3), at(YEAR - 1, 3) + timedelta(hours=2), status="returned")
    book(make_resource(district_b), at(YEAR, 2), at(YEAR, 2) + timedelta(hours=3))
    assert figures("resources", district_a) == {"Ausleihen": (1, 0), "Raumbuchungen": (0, 1)}


def test_news_posts_and_subscribers(district_a, district_b):
    from quartier.news.models import NewsletterList, Subscription

    make_post(district_a, published_at=at(YEAR))
    make_post(district_b, published_at=at(YEAR - 1))
    letter = NewsletterList.objects.create(name="Brief A", slug="brief-a", district=district_a)
    for number, moment in enumerate([at(YEAR - 1), at(YEAR), at(YEAR + 1)]):
        subscription = Subscription.objects.create(email=f"s{number}@example.org")
        Subscription.objects.filter(pk=subscription.pk).update(created_at=moment)
        subscription.lists.add(letter)
    result = figures("news", district_a)
    assert result["Meldungen veröffentlicht"] == (1, 0)
    assert result["Newsletter-Abonnements zum Jahresende"] == (2, 1)
    assert figures("news", district_b)["Newsletter-Abonnements zum Jahresende"] == (0, 0)


def test_year_filter_is_half_open():
    from quartier.core.reporting import year_q

    q = year_q("start", YEAR, dates=True)
    assert isinstance(q, Q)
    children: dict[str, date] = dict(q.children)  # type: ignore[arg-type]
    assert children == {"start__gte": date(YEAR, 1, 1), "start__lt": date(YEAR + 1, 1, 1)}


def test_funding_submitted_requested_approved_paid(district_a, district_b):
    from quartier.funding.models import ApplicationStep, Status
    from tests.funding.conftest import make_application

    won = make_application(district_a, status=Status.APPROVED, requested=Decimal(3000), paid=Decimal(500))
    ApplicationStep.objects.create(application=won, to_status=Status.SUBMITTED, on=date(YEAR, 3, 1))
    earlier = make_application(district_a, status=Status.SUBMITTED, requested=Decimal(800))
    ApplicationStep.objects.create(application=earlier, to_status=Status.SUBMITTED, on=date(YEAR - 1, 9, 1))
    make_application(district_a, status=Status.IDEA)  # never submitted
    elsewhere = make_application(district_b, status=Status.SUBMITTED, requested=Decimal(99))
    ApplicationStep.objects.create(application=elsewhere, to_status=Status.SUBMITTED, on=date(YEAR, 3, 1))
    result = figures("funding", district_a)
    assert result["Förderanträge eingereicht"] == (1, 1)
    assert result["Beantragt"] == (Decimal(3000), Decimal(800))
    assert result["Bewilligt"] == (Decimal(1000), 0)
    assert result["Ausgezahlt"] == (Decimal(500), 0)
    assert figures("funding")["Förderanträge eingereicht"] == (2, 1)
