"""The report's pages: who reads a draft, who writes the texts and publishes, the CSV and PDF,
the print stylesheet, bad input and a query count that stays still as the year grows."""

from __future__ import annotations

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from quartier.reports import services
from quartier.reports.models import ReportEntry, ReportText, YearReport
from tests import factories
from tests.reports.conftest import YEAR, at


def town_url(year=YEAR):
    return reverse("reports:town", args=[year])


def district_url(district, name="scope", year=YEAR):
    return reverse(f"reports:{name}", args=[year, "ortsteile", district.slug])


def test_draft_is_hidden_from_residents_and_other_districts(
    district_a, district_b, resident, staff_a, coordinator, as_user
):
    assert Client().get(town_url()).status_code == 404
    assert as_user(resident).get(town_url()).status_code == 404
    assert as_user(resident).get(district_url(district_a)).status_code == 404
    assert as_user(resident).get(reverse("reports:town_pdf", args=[YEAR])).status_code == 404
    staff = as_user(staff_a)
    assert staff.get(town_url()).status_code == 200
    assert staff.get(district_url(district_a)).status_code == 200
    assert staff.get(district_url(district_b)).status_code == 404  # URL guessing by staff of another district
    assert staff.get(district_url(district_b, "scope_pdf")).status_code == 404
    assert as_user(coordinator).get(district_url(district_b)).status_code == 200


def test_only_the_coordinator_publishes(district_a, staff_a, coordinator, as_user):
    url = reverse("reports:publish", args=[YEAR])
    assert as_user(staff_a).post(url).status_code == 403
    assert not YearReport.objects.filter(status="published").exists()
    with_coordinator = as_user(coordinator)
    response = with_coordinator.post(url)
    assert response.status_code == 302
    report = YearReport.objects.get(year=YEAR)
    assert report.is_published
    assert report.published_by == coordinator
    assert ReportEntry.objects.filter(report=report, action="published").count() == 1
    # published: a public page, linked from the district's page
    page = Client().get(district_url(district_a))
    assert page.status_code == 200
    assert "Entwurf" not in page.content.decode()
    assert district_url(district_a) in Client().get(district_a.get_absolute_url()).content.decode()
    # twice: a clear message, nothing changes
    response = with_coordinator.post(url, follow=True)
    assert "schon veröffentlicht" in response.content.decode()
    assert ReportEntry.objects.filter(report=report, action="published").count() == 1
    with_coordinator.post(url, {"action": "withdraw"})
    assert Client().get(town_url()).status_code == 404


def test_bad_years_and_kinds_are_404(district_a, coordinator, as_user):
    client = as_user(coordinator)
    assert client.get(town_url(1999)).status_code == 404
    assert client.get(town_url(YEAR + 2)).status_code == 404
    assert client.get(reverse("reports:scope", args=[YEAR, "quatsch", district_a.slug])).status_code == 404
    assert client.get(reverse("reports:scope", args=[YEAR, "ortsteile", "gibt-es-nicht"])).status_code == 404
    assert client.post(reverse("reports:publish", args=[1999])).status_code == 404
    assert client.get(reverse("reports:town_csv", args=[YEAR, "gibt-es-nicht"])).status_code == 404


def test_district_staff_write_their_district_only(district_a, district_b, staff_a, as_user):
    client = as_user(staff_a)
    response = client.post(
        district_url(district_a, "scope_text"), {"introduction": "Ein gutes Jahr.", "highlights": "Fest\n\nMarkt"}
    )
    assert response.status_code == 302
    text = ReportText.objects.get(district=district_a)
    assert text.highlight_list() == ["Fest", "Markt"]
    assert text.updated_by == staff_a
    assert ReportEntry.objects.filter(action="text", district=district_a, by=staff_a).exists()
    page = client.get(district_url(district_a)).content.decode()
    assert "Ein gutes Jahr." in page
    assert "<li>Markt</li>" in page
    assert client.post(district_url(district_b, "scope_text"), {"introduction": "x"}).status_code == 403
    assert client.post(reverse("reports:town_text", args=[YEAR]), {"introduction": "x"}).status_code == 403
    assert not ReportText.objects.filter(district=district_b).exists()


def test_too_long_text_is_refused_and_nothing_saved(district_a, staff_a, as_user):
    response = as_user(staff_a).post(district_url(district_a, "scope_text"), {"introduction": "x" * 5001})
    assert response.status_code == 200
    assert "höchstens 5000 Zeichen" in response.content.decode()
    assert not ReportText.objects.exists()
    assert not YearReport.objects.exists()


def test_service_refuses_other_district_and_future_year(district_a, district_b, staff_a):
    import pytest
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        services.save_report_text(year=YEAR, district=district_b, introduction="x", highlights="", by=staff_a)
    with pytest.raises(PermissionDenied):
        services.publish_report(year=YEAR, by=staff_a)
    with pytest.raises(ValidationError):
        services.save_report_text(year=YEAR + 5, district=district_a, introduction="x", highlights="", by=staff_a)


def test_page_shows_figures_chart_table_and_print_stylesheet(district_a, coordinator, as_user):
    category = factories.make_category()
    factories.make_inquiry(district_a, category, created_at=at(YEAR), channel="phone")
    factories.make_inquiry(district_a, category, created_at=at(YEAR - 1))
    page = as_user(coordinator).get(town_url()).content.decode()
    assert f"Projekte und Aktivitäten {YEAR}" in page
    assert 'media="print"' in page
    assert "reports/print" in page
    assert "<svg" in page
    assert "Balkendiagramm" in page
    assert "Anliegen nach Eingangsweg" in page
    assert "Vorjahr" in page
    assert reverse("reports:town_csv", args=[YEAR, "inquiries-channels"]) in page


def test_csv_is_formula_safe(district_a, coordinator, as_user):
    category = factories.make_category()
    factories.make_inquiry(district_a, category, created_at=at(YEAR))
    district_a.name = "=HYPERLINK(1)"
    district_a.save()
    response = as_user(coordinator).get(reverse("reports:town_csv", args=[YEAR, "inquiries"]))
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert f"Kennzahl;{YEAR};{YEAR - 1}" in body
    assert "Anliegen eingegangen;1;0" in body


def test_pdf(district_a, coordinator, as_user):
    services.save_report_text(year=YEAR, district=None, introduction="<b>Hallo</b>", highlights="A", by=coordinator)
    response = as_user(coordinator).get(reverse("reports:town_pdf", args=[YEAR]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_field_of_action_page(coordinator, as_user):
    from tests.participation.conftest import field_of_action

    field = field_of_action()
    response = as_user(coordinator).get(reverse("reports:scope", args=[YEAR, "handlungsfelder", field.slug]))
    assert response.status_code == 200
    assert field.name in response.content.decode()
    assert (
        as_user(coordinator).get(reverse("reports:scope_text", args=[YEAR, "handlungsfelder", field.slug])).status_code
        == 404
    )


def _grow(district, resident, size):
    from datetime import timedelta
    from decimal import Decimal

    from quartier.events.models import Registration
    from quartier.funding.models import ApplicationStep, Status
    from quartier.volunteering.models import SignUp
    from tests.funding.conftest import make_application
    from tests.news.conftest import make_post
    from tests.participation.conftest import make_idea
    from tests.resources.conftest import book, make_resource

    category = factories.make_category(unique=True)
    thing = make_resource(district)
    for index in range(size):
        for year in (YEAR, YEAR - 1):
            moment = at(year, 1 + index % 12, 1 + index)
            factories.make_inquiry(
                district, category, created_at=moment, first_response_at=moment + timedelta(days=index)
            )
            make_idea(district, resident, created_at=moment)
            factories.make_project(district, status="running", start=moment.date())
            event = factories.make_event(district, start=moment)
            Registration.objects.create(event_date=event.dates.get(), name="R", party_size=2, status="confirmed")
            call = factories.make_helper_call(district, start=moment)
            SignUp.objects.create(
                shift=call.shifts.get(), name="H", email="h@example.org", status="confirmed", hours=Decimal(2)
            )
            book(thing, moment, moment + timedelta(hours=1))
            make_post(district, published_at=moment)
            application = make_application(district, status=Status.APPROVED, paid=Decimal(10))
            ApplicationStep.objects.create(application=application, to_status=Status.SUBMITTED, on=moment.date())


def test_query_count_stays_constant(district_a, resident, coordinator, as_user, django_assert_max_num_queries):
    services.publish_report(year=YEAR, by=coordinator)
    client = as_user(coordinator)
    counts = []
    for size in (1, 4):
        _grow(district_a, resident, size)
        for url in (town_url(), district_url(district_a)):
            cache.clear()
            with django_assert_max_num_queries(60) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured.captured_queries))
    assert counts[:2] == counts[2:]


def test_erasure_keeps_texts_and_history_without_the_name(district_a, staff_a, coordinator):
    from quartier.reports.privacy import erase_report_work, export_report_work

    services.save_report_text(year=YEAR, district=district_a, introduction="Text", highlights="", by=staff_a)
    services.publish_report(year=YEAR, by=coordinator)
    assert [row["action"] for row in export_report_work(staff_a)] == ["text"]
    erase_report_work(staff_a)
    erase_report_work(coordinator)
    text = ReportText.objects.get()
    assert text.updated_by is None
    assert text.introduction == "Text"
    assert not ReportEntry.objects.filter(by__isnull=False).exists()
    assert ReportEntry.objects.count() == 2
    assert YearReport.objects.get().published_by is None
