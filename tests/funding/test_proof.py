"""The proof of use: the activity of the linked projects in the funded period (and nothing
outside it), the draft, the stored report with history, print view, PDF and CSV, who may see
them (URL guessing from another district), and a constant number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier.events.models import Registration, RegistrationStatus
from quartier.funding.models import Application, FinanceChange, PlanLine, ProofOfUse, Status
from quartier.funding.proof import activity_for, draft_report
from quartier.funding.services import save_proof_report
from quartier.projects.models import ProjectIdea, ProjectUpdate
from quartier.resources.models import BookingStatus, Kind
from quartier.volunteering.models import SignUp, SignUpStatus
from tests import factories
from tests.conftest import signed_in
from tests.funding.conftest import add_plan, make_application
from tests.network.conftest import make_organisation
from tests.participation.conftest import make_idea
from tests.resources.conftest import book, make_resource

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PERIOD = (TODAY - datetime.timedelta(days=60), TODAY - datetime.timedelta(days=1))


def _days_ago(days: int, hour: int = 18) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(TODAY - datetime.timedelta(days=days), datetime.time(hour)))


def funded(district: Any, *, status: str = Status.PROOF_DUE, **fields: Any) -> Application:
    application = make_application(district, status=status, funded_from=PERIOD[0], funded_until=PERIOD[1], **fields)
    add_plan(application)
    PlanLine.objects.filter(application=application, category=PlanLine.Category.MATERIAL).update(
        actual=Decimal("1300.00")
    )
    return application


def add_activity(application: Application, district: Any, resident: Any, n: int = 1) -> None:
    """``n`` of each: an event date held in the period with a registration and attendance, a
    volunteer's shift, a room booking and a loan of a partner, an idea, a project update; and
    the same outside the period or of another project, which must not count."""
    project = application.projects.get()
    organisation = make_organisation(district, name=f"Jugendtreff {project.pk}")
    organisation.projects.add(project)
    room = make_resource(district, kind=Kind.ROOM)
    thing = make_resource(district)
    other_project = factories.make_project(district)
    for index in range(n):
        for days, owner in ((10 + index, project), (90, project), (10, other_project)):
            event = factories.make_event(district, project=owner, start=_days_ago(days), title=f"Treff {days}")
            date = event.dates.get()
            date.attended = 7
            date.save()
            Registration.objects.create(
                event_date=date, name="Rita", email="r@example.org", party_size=2, status=RegistrationStatus.CONFIRMED
            )
            call = factories.make_helper_call(district, project=owner, start=_days_ago(days, 10))
            SignUp.objects.create(
                shift=call.shifts.get(),
                name="Helga",
                email="h@example.org",
                status=SignUpStatus.CONFIRMED,
                attended=True,
                hours=Decimal("2.5"),
            )
        book(
            room,
            _days_ago(5 + index, 10),
            _days_ago(5 + index, 13),
            status=BookingStatus.RETURNED,
            organisation=organisation.name.upper(),
        )
        book(
            thing,
            _days_ago(6 + index, 10),
            _days_ago(6 + index, 12),
            status=BookingStatus.RETURNED,
            for_organisation=organisation,
        )
        book(  # another club's loan
            thing,
            _days_ago(8 + index, 10),
            _days_ago(8 + index, 12),
            status=BookingStatus.RETURNED,
            for_organisation=make_organisation(district),
            organisation="Schützenverein",
        )
        book(
            thing,
            _days_ago(80 + index, 10),
            _days_ago(80 + index, 12),
            status=BookingStatus.RETURNED,
            organisation=organisation.name,
        )
        book(
            thing,
            _days_ago(7 + index, 10),
            _days_ago(7 + index, 12),
            status=BookingStatus.CANCELLED,
            organisation=organisation.name,
        )
        for title, created_at in [(f"Kickertisch {index}", _days_ago(30 + index)), ("Heute", timezone.now())]:
            idea = make_idea(district, resident, title=title, created_at=created_at)
            ProjectIdea.objects.create(project=project, idea=idea)
        ProjectUpdate.objects.create(
            project=project, date=PERIOD[0] + datetime.timedelta(days=3), title=f"Eröffnung {index}", body="x"
        )
        ProjectUpdate.objects.create(
            project=project, date=PERIOD[0] - datetime.timedelta(days=3), title="Vorher", body="x"
        )


def test_the_activity_counts_what_happened_in_the_period_only(district_a, resident):
    application = funded(district_a)
    add_activity(application, district_a, resident, n=2)
    activity = activity_for(application)
    assert activity is not None
    assert (activity.event_count, activity.dates_held, activity.registered, activity.attended) == (2, 2, 4, 14)
    assert (activity.volunteers, activity.shifts_served, activity.volunteer_hours) == (2, 2, Decimal("5.0"))
    assert (activity.loans, activity.room_bookings, activity.room_hours) == (2, 2, Decimal("6.0"))
    assert [idea["title"] for idea in activity.ideas] == ["Kickertisch 0", "Kickertisch 1"]
    assert [update["title"] for update in activity.updates] == ["Eröffnung 0", "Eröffnung 1"]
    draft = draft_report(application, activity)
    assert "Veranstaltungen: 2 Veranstaltungen mit zusammen 2 Terminen" in draft
    assert "Angemeldet: 4 Personen. Gezählt an 2 Terminen: zusammen 14 Teilnehmende." in draft
    assert "In 2 Einsätzen von 2 Freiwilligen wurden zusammen 5,0 Stunden geleistet" in draft
    assert "2 Ausleihen, 2 Raumbuchungen mit zusammen 6,0 Stunden" in draft


def test_without_a_funded_period_there_is_no_activity_and_the_page_says_so(staff_a, district_a):
    application = make_application(district_a, status=Status.PROOF_DUE)
    assert activity_for(application) is None
    page = signed_in(staff_a).get(f"/cockpit/foerdermittel/{application.pk}/verwendungsnachweis/").content.decode()
    assert "Ohne Förderzeitraum" in page


def test_staff_fill_the_draft_edit_and_store_the_report_with_history(staff_a, district_a, resident):
    application = funded(district_a)
    add_activity(application, district_a, resident)
    client = signed_in(staff_a)
    url = f"/cockpit/foerdermittel/{application.pk}/verwendungsnachweis/"
    page = client.get(url).content.decode()
    assert "eine Veranstaltung mit zusammen einem Termin" in page  # the draft is offered until a report is stored
    response = client.post(url, {"draft": "", "report": "Mein Text"})
    assert "eine Veranstaltung mit zusammen einem Termin" in response.content.decode()
    assert not ProofOfUse.objects.exists()  # the draft is not saved by itself
    assert client.post(url, {"save": "", "report": "  Der Jugendraum ist **offen**.  "}).status_code == 302
    proof = ProofOfUse.objects.get(application=application)
    assert proof.report == "Der Jugendraum ist **offen**."
    change = FinanceChange.objects.get(application=application)
    assert (change.kind, change.by) == (FinanceChange.Kind.REPORT, staff_a)
    printed = client.get(f"{url}druck/").content.decode()
    assert "<strong>offen</strong>" in printed
    assert "print.css" in printed


def test_the_report_is_closed_before_approval_and_after_it_is_handed_in(staff_a, district_a):
    for status in (Status.DRAFTING, Status.PROOF_SUBMITTED):
        application = make_application(district_a, status=status)
        with pytest.raises(ValidationError, match="kann der Sachbericht nicht"):
            save_proof_report(application=application, report="x", by=staff_a)
    assert not ProofOfUse.objects.exists()


def test_the_numerical_proof_flags_the_overrun_and_the_csv_is_formula_safe(staff_a, district_a):
    application = funded(district_a)
    PlanLine.objects.filter(application=application, category=PlanLine.Category.MATERIAL).update(
        description="=HYPERLINK(1)"
    )
    client = signed_in(staff_a)
    page = client.get(f"/cockpit/foerdermittel/{application.pk}/verwendungsnachweis/").content.decode()
    assert "um 30,0 % überschritten (erlaubt: 20 %)" in page
    response: Any = client.get(f"/cockpit/foerdermittel/{application.pk}/verwendungsnachweis.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert "1000,00;1300,00;300,00;um 30,0 % überschritten" in text


def test_the_pdf_is_a_pdf(staff_a, district_a, resident):
    application = funded(district_a)
    add_activity(application, district_a, resident)
    save_proof_report(application=application, report="# Bericht\n\nAlles lief gut.", by=staff_a)
    response = signed_in(staff_a).get(f"/cockpit/foerdermittel/{application.pk}/verwendungsnachweis.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "suffix",
    [
        "finanzplan/",
        "verwendungsnachweis/",
        "verwendungsnachweis/druck/",
        "verwendungsnachweis.pdf",
        "verwendungsnachweis.csv",
    ],
)
def test_another_districts_plan_and_proof_are_not_found(suffix, staff_a, staff_b, coordinator, district_a):
    application = funded(district_a)
    url = f"/cockpit/foerdermittel/{application.pk}/{suffix}"
    assert signed_in(staff_b).get(url).status_code == 404
    assert signed_in(staff_a).get(url).status_code == 200
    assert signed_in(coordinator).get(url).status_code == 200
    assert signed_in(staff_a, second_factor=False).get(url).status_code == 302


@pytest.mark.parametrize("suffix", ["verwendungsnachweis/", "verwendungsnachweis.pdf", "verwendungsnachweis.csv"])
def test_partners_of_the_applicant_read_the_proof_and_others_get_nothing(suffix, district_a, resident, client):
    from tests.funding.test_partners import _partner

    ours = make_organisation(district_a)
    application = funded(district_a, organisation=ours)
    url = f"/cockpit/foerdermittel/{application.pk}/{suffix}"
    partner = signed_in(_partner(ours))
    assert partner.get(url).status_code == 200
    assert signed_in(_partner(make_organisation(district_a))).get(url).status_code == 404
    assert signed_in(resident).get(url).status_code == 404
    assert client.get(url).status_code == 302
    if suffix.endswith("/"):
        assert partner.post(url, {"report": "Von außen"}).status_code == 302
        assert not ProofOfUse.objects.exists()


def _count(client: Any, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_proof_page_keeps_its_query_count(staff_a, district_a, resident, django_assert_max_num_queries):
    application = funded(district_a)
    add_activity(application, district_a, resident, n=1)
    client = signed_in(staff_a)
    url = f"/cockpit/foerdermittel/{application.pk}/verwendungsnachweis/"
    few = _count(client, url)
    add_activity(application, district_a, resident, n=4)
    application.projects.add(factories.make_project(district_a))
    PlanLine.objects.bulk_create(
        PlanLine(application=application, category=PlanLine.Category.FEES, planned=Decimal("1"), actual=Decimal("2"))
        for _n in range(40)
    )
    cache.clear()
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(few):
        assert client.get(f"{url}druck/").status_code == 200
