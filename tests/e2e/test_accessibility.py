"""Every page a visitor or a staff member reaches from the home page passes axe-core's
WCAG 2.1 AA rules and the Nu HTML Checker, keeps its content in the main column above the
footer at a desktop's and a phone's width, has form controls in KERN's style only, loads all
its parts, and asks no other host for anything."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import FilePayload, Page, Request, Response

from tests import factories
from tests.e2e import html_checker
from tests.e2e.helpers import log_in, submit, totp_code

pytestmark = pytest.mark.browser

AXE = Axe()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
MAX_DEPTH = 2
MAX_PAGES = 90
# Not pages to check: files, the Django admin, and logging out (it would end the walk).
SKIPPED_PREFIXES = ("/static/", "/media/", "/verwaltung/", "/konto/logout/", "/theme.css")
SKIPPED_SUFFIXES = (".json", ".jsonld", ".ics", ".csv", ".pdf", ".png", ".jpg", ".svg", ".xml", ".txt")
# Never reach the network, so never another host.
LOCAL_SCHEMES = {"data", "blob", "about"}
# The widths the layout is checked at (a desktop, a phone), with the tallest a page may grow to there.
LAYOUT_WIDTHS = {1280: 6_000, 375: 12_000}
LAYOUT_SCRIPT = (Path(__file__).parent / "layout.js").read_text()
FORMS_SCRIPT = (Path(__file__).parent / "forms.js").read_text()


class Walk:
    """Visits pages in one tab, checks each with axe and collects what went wrong, page by page."""

    def __init__(self, page: Page, origin: str) -> None:
        self.page = page
        self.origin = origin
        self.visited: list[str] = []
        self.problems: list[str] = []
        self.documents: dict[str, str] = {}
        self._document: Response | None = None
        page.on("request", self._check_host)
        page.on("response", self._check_status)

    def _check_host(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in LOCAL_SCHEMES and f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.problems.append(f"{self.page.url}: request to another host: {request.url}")

    def _check_status(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"{self.page.url}: HTTP {response.status} for {response.url}")
        if response.request.resource_type == "document" and response.frame == self.page.main_frame:
            self._document = response

    def check(self, label: str) -> None:
        """Run axe and the layout check on the page as it is now, and keep its HTML as the server sent it."""
        if self._document is not None and label not in self.documents:
            self.documents[label] = self._document.text()
        self.check_layout(label)
        self.problems.extend(f"{label}: {problem}" for problem in self.page.evaluate(FORMS_SCRIPT))
        for violation in AXE.run(self.page, options=AXE_OPTIONS).response["violations"]:
            for node in violation["nodes"]:
                target = " ".join(str(part) for part in node["target"])
                self.problems.append(
                    f"{label}: {violation['id']} ({violation['impact']}) at {target}: {violation['help']}"
                )

    def check_layout(self, label: str) -> None:
        """At each width nothing sticks out of the main column or into the footer, and the page stays short."""
        viewport = self.page.viewport_size
        for width, max_height in LAYOUT_WIDTHS.items():
            self.page.set_viewport_size({"width": width, "height": 800})
            result = self.page.evaluate(LAYOUT_SCRIPT)
            self.problems.extend(f"{label} at {width}px: {problem}" for problem in result["problems"])
            if result["height"] > max_height:
                self.problems.append(f"{label} at {width}px: the page is {result['height']}px tall")
        if viewport:
            self.page.set_viewport_size(viewport)

    def visit(self, path: str) -> None:
        response = self.page.goto(path)
        self.visited.append(path)
        if response is not None and not response.headers.get("content-type", "").startswith("text/html"):
            return  # a feed or a file the page links to: not a page to check
        self.check(path)

    def links(self) -> Iterator[str]:
        """The same-origin pages this page links to, as path and query."""
        for href in self.page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)"):
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != self.origin:
                continue
            if parts.path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(SKIPPED_SUFFIXES):
                continue
            yield parts.path + (f"?{parts.query}" if parts.query else "")

    def breadth_first(self, start: str = "/") -> None:
        queue = deque([(start, 0)])
        seen = {start}
        while queue and len(self.visited) < MAX_PAGES:
            path, depth = queue.popleft()
            self.visit(path)
            if depth < MAX_DEPTH:
                for link in self.links():
                    if link not in seen:
                        seen.add(link)
                        queue.append((link, depth + 1))

    def assert_clean(self) -> None:
        """Fail with every problem found; then validate the collected HTML in one run of the checker."""
        if self.problems:
            pytest.fail(f"{len(self.problems)} problem(s):\n" + "\n".join(self.problems), pytrace=False)
        errors = html_checker.validate(self.documents)
        if errors:
            pytest.fail(f"{len(errors)} HTML error(s):\n" + "\n".join(errors), pytrace=False)


def test_visitor_pages_pass_axe(site, page: Page, live_server, mailoutbox) -> None:
    walk = Walk(page, live_server.url)
    walk.breadth_first()
    for path in ("/", "/konto/login/", "/konto/signup/", "/konto/password/reset/", "/ortsteile/", "/ortsteile/alchen/"):
        assert path in walk.visited, walk.visited

    # Pages no link leads to: a form with errors, and the steps of signing up.
    page.goto("/konto/signup/")
    submit(page)
    walk.check("/konto/signup/ (with errors)")
    page.fill("input[name=email]", "neu@example.org")
    page.fill("input[name=name]", "Erika")
    page.fill("input[name=password1]", "Fachwerk-Dorffest-2025")
    page.fill("input[name=password2]", "Fachwerk-Dorffest-2025")
    submit(page)
    walk.check(f"{urlsplit(page.url).path} (after signing up)")
    link = re.search(r"https?://\S+/konto/confirm-email/\S+", mailoutbox[0].body)
    assert link, mailoutbox[0].body
    page.goto(link.group(0))
    walk.check("/konto/confirm-email/…")

    walk.assert_clean()


def test_search_pages_pass_axe(site, staff_a, district_a, page: Page, live_server) -> None:
    """The results of the header's search box: grouped, one kind page by page, nothing found, no
    query; and a staff member's with the inquiries of their district."""
    for number in range(7):
        factories.make_project(district_a, title=f"Dorfladen {number}", summary="Ein Laden im Dorf.")
    factories.make_event(district_a, title="Dorffest", description="Mit **Kuchen** und Musik.")
    factories.make_inquiry(district_a, text="Die Bank am Dorfplatz ist kaputt.")
    walk = Walk(page, live_server.url)
    page.goto("/")
    page.fill("#site-search-query", "Dorf")
    page.press("#site-search-query", "Enter")
    page.wait_for_url("**/suche/?q=Dorf")
    walk.check("/suche/?q=Dorf")
    for path in ("/suche/?q=Dorf&kind=projects", "/suche/?q=Zwetschgenkuchen", "/suche/"):
        walk.visit(path)
    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    walk.visit("/suche/?q=Dorfplatz")
    assert "Die Bank am Dorfplatz" in page.content()
    walk.assert_clean()


def test_staff_pages_pass_axe(site, staff_a, district_a, page: Page, live_server) -> None:
    walk = Walk(page, live_server.url)
    log_in(page, staff_a.email)
    assert "/konto/2fa/authenticate/" in page.url
    walk.check("/konto/2fa/authenticate/")
    wrong_code = f"{(int(totp_code()) + 1) % 1_000_000:06d}"
    page.fill("input[name=code]", wrong_code)
    submit(page)
    walk.check("/konto/2fa/authenticate/ (wrong code)")
    page.fill("input[name=code]", totp_code())
    submit(page)

    walk.breadth_first()
    district_edit = f"/cockpit/ortsteile/{district_a.slug}/bearbeiten/"
    contact_point_edit = f"/cockpit/anlaufstellen/{district_a.contact_point_id}/bearbeiten/"
    for path in ("/cockpit/", district_edit, contact_point_edit, "/konto/profil/"):
        assert path in walk.visited, walk.visited

    page.goto(contact_point_edit)
    page.fill("input[name=name]", "")
    submit(page)
    walk.check(f"{contact_point_edit} (with errors)")

    walk.assert_clean()


def test_forwarding_pages_pass_axe(site, staff_a, district_a, page: Page, live_server) -> None:
    """The department's page behind its private link (as it comes, with errors, answered), and the
    staff side: an inquiry with forwards, the forward form with errors and the department list."""
    from quartier.inquiries import forwarding
    from quartier.inquiries.departments import Department
    from tests import factories
    from tests.images import image_bytes

    category = factories.make_category("Spielplätze", code="spielplatz")
    bauhof = Department.objects.create(name="Bauhof", email="bauhof@example.org")
    bauhof.categories.add(category)
    inquiry = factories.make_inquiry(district_a, category, address="Kirchweg 4", latitude=50.9, longitude=7.87)
    sent = forwarding.forward_inquiry(
        inquiry=inquiry, department=bauhof, note="Bitte bis Freitag.", include_contact=True, by=staff_a
    )
    walk = Walk(page, live_server.url)
    walk.visit(sent.get_private_url())
    page.check("input[value=not_responsible]")
    submit(page)
    walk.check(f"{sent.get_private_url()} (with errors)")
    expected_400(walk)
    page.check("input[value=done]")
    page.fill("textarea[name=answer]", "Die Schaukel hängt wieder.")
    photo: FilePayload = {"name": "fertig.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}
    page.set_input_files("input[name=photo]", files=[photo])
    submit(page)
    walk.check(f"{sent.get_private_url()} (answered)")
    assert "Sie haben diese Weiterleitung abgeschlossen" in page.content()

    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    walk.visit(inquiry.get_absolute_url())
    walk.visit(f"/cockpit/anliegen/{inquiry.pk}/weiterleiten/")
    page.select_option("select[name=department]", "")
    submit(page)
    walk.check(f"/cockpit/anliegen/{inquiry.pk}/weiterleiten/ (with errors)")
    expected_400(walk)
    walk.visit("/cockpit/anliegen/fachstellen/")
    walk.visit("/cockpit/anliegen/?forwards=returned")
    walk.assert_clean()


def expected_400(walk: Walk) -> None:
    """These forms answer their errors with status 400 on purpose; the last such status is no problem."""
    assert walk.problems, "the form was expected to answer 400"
    assert "HTTP 400" in walk.problems[-1], walk.problems
    walk.problems.pop()


def test_volunteering_pages_pass_axe(site, staff_a, district_a, page: Page, live_server) -> None:
    """Engagement with content: the list, an event page with its call, a call with full and free shifts and requirements, its sign-up
    form with errors, the check-mail page and the private link; the cockpit's list, new-call form
    (with errors), roster with a provisional sign-up, on-behalf form, message form, shift form and
    the inspections running out."""
    from datetime import timedelta

    from django.utils import timezone

    from quartier.volunteering.models import ConductInspection, OtherHours, Requirement
    from quartier.volunteering.services import sign_up
    from tests import factories

    certificate = Requirement.objects.create(
        name="Erweitertes Führungszeugnis", slug="fz", what_to_bring="Ihr Führungszeugnis", is_conduct_certificate=True
    )
    market = factories.make_event(district_a, title="Frühlingsmarkt")
    call = factories.make_helper_call(
        district_a,
        shifts=3,
        people_needed=2,
        title="Ferienspiele",
        text="Spiel und **Spaß** mit Kindern.",
        event=market,
    )
    first, second, third = call.shifts.order_by("start")
    third.requirements.add(certificate)
    sign_up(shifts=[first], name="Anna", email="anna@example.org")
    sign_up(shifts=[first], name="Bert", email="bert@example.org")
    pending = sign_up(shifts=[third], name="Carla", email="carla@example.org").sign_ups[0]
    soon = timezone.localdate().replace(year=timezone.localdate().year - 5) + timedelta(days=20)
    ConductInspection.objects.create(email="dora@example.org", name="Dora", certificate_date=soon, district=district_a)
    OtherHours.objects.create(
        user=staff_a, district=district_a, activity="Lesepatin", organisation="Grundschule", day=soon, hours=2
    )
    from quartier.volunteering.certificate import certificate_for
    from quartier.volunteering.models import VolunteerProfile

    helper = factories.make_user("helga@example.org", name="Helga Hilft")
    profile = VolunteerProfile.objects.create(
        user=helper, skills="Backen", may_ask=True, weekday_mornings=True, weekday_afternoons=True, weekends=True
    )
    profile.districts.add(district_a)
    OtherHours.objects.create(
        user=helper,
        district=district_a,
        activity="Lesepatin",
        organisation="Bücherei",
        day=soon,
        hours=3,
        status=OtherHours.Status.CONFIRMED,
    )

    from quartier.resources.models import Kind
    from tests.resources.conftest import book, make_resource

    room = make_resource(district_a, name="Jugendraum", kind=Kind.ROOM)
    market_date = market.dates.get()
    book(room, market_date.start, market_date.end, event=market, event_date=market_date, for_office=True)
    beamer = make_resource(district_a, name="Beamer", kind=Kind.THING)
    first_shift = call.shifts.order_by("start").first()
    book(beamer, first_shift.start, first_shift.end, helper_call=call, for_office=True)

    walk = Walk(page, live_server.url)
    walk.visit("/mitmachen/engagement/")
    from django.urls import reverse

    walk.visit(reverse("volunteering:verify", kwargs={"token": certificate_for(helper).token()}))
    walk.visit(market.get_absolute_url())  # the event page with its helper call
    walk.visit(call.get_absolute_url())
    submit(page)
    walk.check(f"{call.get_absolute_url()} (with errors)")
    expected_400(walk)
    page.check(f"input[name=shifts][value='{second.pk}']")
    page.fill("input[name=name]", "Vera Besuch")
    page.fill("input[name=email]", "vera@example.org")
    submit(page)
    walk.check("check mail after signing up")
    walk.visit(pending.get_absolute_url())

    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    for path in (
        "/cockpit/engagement/",
        "/cockpit/engagement/neu/",
        f"/cockpit/engagement/{call.pk}/",
        f"/cockpit/engagement/{call.pk}/anmelden/",
        f"/cockpit/engagement/{call.pk}/nachricht/",
        f"/cockpit/engagement/schicht/{second.pk}/",
        "/cockpit/engagement/fuehrungszeugnisse/",
        f"/cockpit/engagement/schicht/{first.pk}/anwesenheit/",
        "/cockpit/engagement/stunden/",
        f"/cockpit/engagement/{call.pk}/passende/",
        "/cockpit/engagement/ehrenamtskarte/",
        "/mitmachen/engagement/mein-engagement/",
        "/mitmachen/engagement/mein-engagement/profil/",
        # Rooms and equipment booked for the event and the call, and their choices.
        f"/cockpit/termine/{market.pk}/bearbeiten/",
        f"/cockpit/termine/{market.pk}/daten/",
        f"/cockpit/ausleihe/helfergesuch/{call.pk}/",
    ):
        walk.visit(path)
    walk.visit("/cockpit/engagement/neu/")
    submit(page)
    walk.check("/cockpit/engagement/neu/ (with errors)")
    expected_400(walk)
    walk.assert_clean()


def test_network_pages_pass_axe(site, staff_a, district_a, page: Page, live_server) -> None:
    """The directory and an organisation's page, a round table with a meeting (minutes,
    decisions, action items, the agenda form), "Meine Aufgaben", the decision search, and the
    cockpit's pages of the directory and the round tables, one form with errors."""
    from django.utils import timezone

    from quartier.network import meetings
    from quartier.network.models import Membership, Organisation
    from quartier.places.models import FieldOfAction
    from tests.network.conftest import make_meeting, make_round_table

    organisation = Organisation.objects.create(
        name="Familienzentrum",
        slug="familienzentrum",
        kind="family_centre",
        street="Schulstraße 12",
        postcode="57258",
        city="Freudenberg",
        phone="02734 12345",
        email="fz@example.org",
        website="https://fz.example.org/",
        opening_hours="Mo–Fr 8–16 Uhr",
        latitude=50.9,
        longitude=7.87,
        description="Beratung und **Treffs** für Familien.",
    )
    organisation.districts.set([district_a])
    organisation.fields_of_action.set(FieldOfAction.objects.filter(slug="familie"))
    round_table = make_round_table(district_a, name="Regelkommunikation", description="Alle acht Wochen.")
    membership = Membership.objects.create(round_table=round_table, user=staff_a)
    Membership.objects.create(round_table=round_table, organisation=organisation)
    past = make_meeting(round_table, days=-7)
    meetings.record_minutes(meeting=past, minutes="## Bericht\n\nAlles gut.", attendees=[membership], by=staff_a)
    meetings.record_decision(meeting=past, text="Der Familientag findet im Mai statt.", by=staff_a)
    meetings.add_action_item(
        meeting=past, title="Plakate drucken", due=timezone.localdate(), owner_user=staff_a, by=staff_a
    )
    coming = make_meeting(round_table, days=14)
    from quartier.resources.models import Kind
    from tests.resources.conftest import book, make_resource

    room = make_resource(district_a, name="Stadtlabor", kind=Kind.ROOM)
    make_resource(district_a, name="Bürgertreff", kind=Kind.ROOM)
    book(room, coming.start, coming.end, meeting=coming, for_office=True)

    walk = Walk(page, live_server.url)
    walk.visit("/netzwerk/")
    walk.visit(organisation.get_absolute_url())
    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    for path in (
        round_table.get_absolute_url(),
        past.get_absolute_url(),
        coming.get_absolute_url(),
        "/netzwerk/runde-tische/",
        "/netzwerk/runde-tische/meine-aufgaben/",
        "/netzwerk/runde-tische/beschluesse/?q=Familientag",
        "/cockpit/netzwerk/",
        f"/cockpit/netzwerk/{organisation.pk}/bearbeiten/",
        "/cockpit/netzwerk/wer-macht-was/",
        "/cockpit/netzwerk/runde-tische/",
        f"/cockpit/netzwerk/runde-tische/{round_table.pk}/",
        f"/cockpit/netzwerk/sitzungen/{past.pk}/",
        f"/cockpit/netzwerk/sitzungen/{coming.pk}/",  # with its room booked and the choice of rooms
    ):
        walk.visit(path)
    page.goto("/cockpit/netzwerk/neu/")
    submit(page)
    walk.check("/cockpit/netzwerk/neu/ (with errors)")
    walk.assert_clean()


def test_organisation_calls_and_resources_pass_axe(site, staff_a, district_a, page: Page, live_server) -> None:
    """An organisation's page with its helper calls and things to lend (the sections of
    network.sections.organisation_sections), as its partner sees it; the partner's form for a
    helper call (and with errors), the booking form in the organisation's name and the booking;
    the roster of the proposed call with its publish button."""
    from django.utils import timezone

    from quartier.network.models import OrganisationCall, Partnership
    from quartier.resources.models import BookableBy
    from quartier.resources.services import request_booking
    from tests import factories
    from tests.network.conftest import make_organisation
    from tests.resources.conftest import at, make_resource

    club = make_organisation(district_a, name="Jugendtreff Alchen", slug="jugendtreff", description="Offener Treff.")
    for title in ("Sommerfest: Grillstand", "Aufbau Zeltlager"):
        OrganisationCall.objects.create(
            organisation=club, call=factories.make_helper_call(district_a, shifts=2, title=title)
        )
    caravan = make_resource(
        district_a, name="Wohnwagen", slug="wohnwagen", bookable_by=BookableBy.ORGANISATIONS, organisation=club
    )
    make_resource(district_a, name="Musikanlage", slug="musikanlage", organisation=club)
    partner = factories.make_user("vorstand@jugendtreff.example.org", name="Jonas Becker")
    Partnership.objects.create(organisation=club, email=partner.email, user=partner, accepted_at=timezone.now())
    booking = request_booking(
        resource=caravan, by=partner, start=at(3, 10), end=at(3, 14), purpose="Ferienaktion", for_organisation=club
    )
    proposed = factories.make_helper_call(district_a, title="Vorschlag", is_published=False)
    OrganisationCall.objects.create(organisation=club, call=proposed)

    walk = Walk(page, live_server.url)
    walk.visit(club.get_absolute_url())
    walk.visit(
        OrganisationCall.objects.filter(call__is_published=True).select_related("call")[0].call.get_absolute_url()
    )
    walk.visit(caravan.get_absolute_url())
    log_in(page, partner.email)
    for path in (
        club.get_absolute_url(),
        "/netzwerk/jugendtreff/helfergesuch-vorschlagen/",
        "/ausleihe/wohnwagen/buchen/",
        "/ausleihe/musikanlage/buchen/",
        booking.get_absolute_url(),
    ):
        walk.visit(path)
    page.goto("/netzwerk/jugendtreff/helfergesuch-vorschlagen/")
    submit(page)
    walk.check("/netzwerk/jugendtreff/helfergesuch-vorschlagen/ (with errors)")
    expected_400(walk)
    page.goto("/konto/logout/")
    submit(page)
    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    walk.visit(f"/cockpit/engagement/{proposed.pk}/")
    walk.visit("/cockpit/ausleihe/wohnwagen/buchen/")
    walk.visit("/cockpit/ausleihe/wohnwagen/bearbeiten/")
    walk.assert_clean()


def test_funding_pages_pass_axe(site, staff_a, district_a, page: Page, live_server) -> None:
    """The public programme list, and the cockpit's applications: the list, an application with
    its history and step form, the new-application form with errors, the yearly overview."""
    from decimal import Decimal

    from quartier.funding.models import Status
    from quartier.funding.services import create_application, move_application
    from quartier.places.models import FieldOfAction
    from tests import factories
    from tests.funding.conftest import add_plan, make_programme

    programme = make_programme(
        name="Heimat-Scheck",
        public=True,
        maximum_amount=Decimal("2000.00"),
        eligibility="Vereine",
        link="https://example.org/",
    )
    programme.fields_of_action.set(FieldOfAction.objects.filter(slug="kultur"))
    application = create_application(
        title="Heimatabend",
        programme=programme,
        projects=[factories.make_project(district_a)],
        requested=Decimal("1500.00"),
        by=staff_a,
    )
    add_plan(application, cost="1500.00")
    for to in (Status.DRAFTING, Status.SUBMITTED):
        application = move_application(application=application, to=to, note="Weiter", by=staff_a)
    # An approved one with its approval notice, a scan and conditions (one fulfilled, one overdue).
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from quartier.funding.services import add_condition, add_document, fulfil_condition
    from tests.funding.conftest import pdf_bytes, png_bytes

    approved = create_application(
        title="Jugendraum",
        programme=programme,
        projects=[factories.make_project(district_a)],
        requested=Decimal("1800.00"),
        by=staff_a,
    )
    add_plan(approved, cost="1800.00")
    for to in (Status.DRAFTING, Status.SUBMITTED):
        approved = move_application(application=approved, to=to, by=staff_a)
    approved = move_application(
        application=approved,
        to=Status.APPROVED,
        amount=Decimal("1800.00"),
        fund_call_due=timezone.localdate() + datetime.timedelta(days=20),
        by=staff_a,
    )
    add_document(
        application=approved, kind="approval", title="Bescheid", upload=ContentFile(pdf_bytes(), "b.pdf"), by=staff_a
    )
    add_document(application=approved, kind="other", title="Foto", upload=ContentFile(png_bytes(), "f.png"), by=staff_a)
    today = timezone.localdate()
    done = add_condition(application=approved, text="Logo anbringen", due=today, by=staff_a)
    fulfil_condition(condition=done, by=staff_a)
    add_condition(application=approved, text="Zwischenbericht", due=today - datetime.timedelta(days=3), by=staff_a)

    walk = Walk(page, live_server.url)
    walk.visit("/foerderprogramme/")
    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    for path in (
        "/cockpit/foerdermittel/",
        application.get_absolute_url(),
        approved.get_absolute_url(),
        "/cockpit/foerdermittel/uebersicht/",
        "/cockpit/foerdermittel/fristen/",
    ):
        walk.visit(path)
    page.goto("/cockpit/foerdermittel/neu/")
    submit(page)
    walk.check("/cockpit/foerdermittel/neu/ (with errors)")
    page.goto(approved.get_absolute_url())
    page.fill("textarea[name=condition-text]", "Ohne Datum")
    page.locator("form[action$='/auflagen/'] button[type=submit]").click()
    page.wait_for_load_state()
    walk.check(f"{approved.get_absolute_url()} (condition with errors)")
    page.goto("/cockpit/foerdermittel/fristen/")
    page.locator("button[value=renew]").click()
    page.wait_for_load_state()
    walk.check("/cockpit/foerdermittel/fristen/ (with a feed address)")
    walk.assert_clean()


def test_funding_plan_and_proof_pages_pass_axe(site, staff_a, district_a, page: Page, live_server) -> None:
    """An approved application's finance plan (its formset, and with errors), its proof of use with
    the report, the numerical proof with an overrun and the projects' activity, and the print view."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from quartier.funding.models import PlanLine, Status
    from quartier.funding.services import save_proof_report
    from tests import factories
    from tests.funding.conftest import make_application

    today = timezone.localdate()
    application = make_application(
        district_a,
        status=Status.PROOF_DUE,
        title="Jugendräume",
        funded_from=today - datetime.timedelta(days=60),
        funded_until=today,
    )
    project = application.projects.get()
    event = factories.make_event(district_a, project=project, start=timezone.now() - datetime.timedelta(days=3))
    event.dates.update(attended=12)
    for category, planned, actual in (
        ("material", "1000.00", "1300.00"),
        ("fees", "500.00", "400.00"),
        ("grant", "1500.00", "1500.00"),
    ):
        PlanLine.objects.create(
            application=application,
            category=category,
            description="Zeile",
            planned=Decimal(planned),
            actual=Decimal(actual),
        )
    save_proof_report(application=application, report="Der **Jugendraum** ist offen.", by=staff_a)

    walk = Walk(page, live_server.url)
    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    base = f"/cockpit/foerdermittel/{application.pk}"
    for path in (f"{base}/finanzplan/", f"{base}/verwendungsnachweis/", f"{base}/verwendungsnachweis/druck/"):
        walk.visit(path)
    page.goto(f"{base}/finanzplan/")
    page.fill("input[name=form-3-planned]", "-5")
    page.select_option("select[name=form-3-category]", "staff")
    page.click("button:has-text('Finanzplan speichern')")
    walk.check(f"{base}/finanzplan/ (with errors)")
    walk.assert_clean()


def test_news_pages_pass_axe(site, staff_a, district_a, page: Page, live_server) -> None:
    """The home page's posts, Aktuelles with posts, a post's page, the newsletter form (with errors),
    the check-mail page, the confirmation, subscription and unsubscribe pages, a partner's profile
    and post form (with errors), the profile's newsletters and their form (with errors), and the
    cockpit's list with the partners' proposals and the post form (with errors)."""
    from django.utils import timezone

    from quartier.network.models import Partnership
    from quartier.news.models import NewsletterList, Post, Subscription, SubscriptionRequest
    from quartier.news.services import propose_post_for_organisation
    from quartier.places.models import FieldOfAction
    from tests import factories
    from tests.network.conftest import make_organisation
    from tests.news.conftest import make_post

    post = make_post(district_a, title="Kulturwoche", teaser="Musik und Lesungen", text="Das **Programm** steht.")
    post.fields_of_action.set(FieldOfAction.objects.filter(slug="kultur"))
    make_post(title="Stadtputz", teaser="Alle räumen auf")
    newsletter = NewsletterList.objects.create(name="Ortsteilbrief", slug="ortsteilbrief", district=district_a)
    pending = SubscriptionRequest.objects.create(email="n@example.org", consent_text="Ja", source="Web")
    pending.lists.set([newsletter])
    subscription = Subscription.objects.create(email="s@example.org")
    subscription.lists.set([newsletter])
    NewsletterList.objects.create(name="Familie", slug="familie")
    own = Subscription.objects.create(email=staff_a.email)
    own.lists.set([newsletter])
    organisation = make_organisation(district_a, name="Familienzentrum", slug="familienzentrum")
    partner = factories.make_user("partnerin@example.org", name="Paula Partner")
    Partnership.objects.create(organisation=organisation, email=partner.email, user=partner, accepted_at=timezone.now())
    proposal = Post(title="Elterncafé", slug="elterncafe", teaser="Jeden Donnerstag")
    propose_post_for_organisation(post=proposal, organisation=organisation, districts=[district_a], by=partner)

    walk = Walk(page, live_server.url)
    walk.visit("/")  # the home page's latest posts
    walk.visit("/aktuelles/")
    walk.visit(post.get_absolute_url())
    walk.visit("/aktuelles/newsletter/")
    submit(page)
    walk.check("/aktuelles/newsletter/ (with errors)")
    expected_400(walk)
    page.fill("input[name=email]", "vera@example.org")
    page.check(f"input[name=lists][value='{newsletter.pk}']")
    page.check("input[name=consent]")
    submit(page)
    walk.check("check mail after subscribing")
    walk.visit(pending.get_absolute_url())
    walk.visit(subscription.get_absolute_url())
    walk.visit(subscription.get_unsubscribe_url())
    # A partner's profile links to the post form, which lists the organisation's waiting proposal.
    log_in(page, partner.email)
    walk.visit("/konto/profil/")
    walk.visit(f"/aktuelles/organisation/{organisation.slug}/vorschlagen/")
    submit(page)
    walk.check("the partner's post form (with errors)")
    expected_400(walk)
    page.context.clear_cookies()
    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    walk.visit("/konto/profil/")  # "Meine Newsletter": the subscription and the form for more
    walk.visit("/aktuelles/newsletter/konto/abonnieren/")
    submit(page)
    walk.check("/aktuelles/newsletter/konto/abonnieren/ (with errors)")
    expected_400(walk)
    walk.visit("/cockpit/aktuelles/")  # with the partner's proposal in the queue
    walk.visit(proposal.get_absolute_url())  # staff look the proposal over
    walk.visit(f"/cockpit/aktuelles/{post.pk}/bearbeiten/")
    page.goto("/cockpit/aktuelles/neu/")
    submit(page)
    walk.check("/cockpit/aktuelles/neu/ (with errors)")
    walk.assert_clean()


def test_campaign_pages_pass_axe(site, staff_a, district_a, page: Page, live_server) -> None:
    """Rundbriefe with content: the list, the form (with errors), a draft's page with the schedule
    form, a sent campaign's page with its progress and failures, and the preview (the mail's HTML)."""
    from django.utils import timezone

    from quartier.news.models import Campaign, CampaignRecipient, CampaignStatus, NewsletterList, RecipientStatus
    from tests.news.conftest import make_post

    make_post(district_a, title="Kulturwoche", teaser="Musik und Lesungen")
    factories.make_event(district_a, title="Laternenumzug")
    factories.make_helper_call(district_a, title="Hilfe beim Dorffest")
    newsletter = NewsletterList.objects.create(name="Ortsteilbrief", slug="ortsteilbrief", district=district_a)
    draft = Campaign.objects.create(
        subject="Ortsteilbrief Dezember", district=district_a, text="Liebe Nachbarn,\n\n## Neu\n\n- eins\n- zwei"
    )
    draft.lists.set([newsletter])
    sent = Campaign.objects.create(
        subject="Ortsteilbrief November",
        district=district_a,
        status=CampaignStatus.SENT,
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    sent.lists.set([newsletter])
    for number, status in enumerate([RecipientStatus.SENT] * 3 + [RecipientStatus.FAILED, RecipientStatus.SKIPPED]):
        CampaignRecipient.objects.create(
            campaign=sent,
            email=f"leser{number}@example.org",
            status=status,
            error="SMTPRecipientsRefused: 550 unbekannt" if status == RecipientStatus.FAILED else "",
        )

    walk = Walk(page, live_server.url)
    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    walk.visit("/cockpit/rundbriefe/")
    walk.visit(f"/cockpit/rundbriefe/{draft.pk}/")
    walk.visit(f"/cockpit/rundbriefe/{sent.pk}/")
    walk.visit(f"/cockpit/rundbriefe/{draft.pk}/bearbeiten/")
    walk.visit(f"/cockpit/rundbriefe/{draft.pk}/vorschau/")
    page.goto("/cockpit/rundbriefe/neu/")
    page.fill("input[name=subject]", "")
    submit(page)
    walk.check("/cockpit/rundbriefe/neu/ (with errors)")
    expected_400(walk)
    walk.assert_clean()


def test_report_pages_pass_axe(site, staff_a, district_a, page: Page, live_server) -> None:
    """The yearly report with content: the list of reports, the town's and the district's report
    with charts and tables (a draft, as district staff see it), the text form, and the page as
    printed (header, navigation and links to the tools hidden; charts and tables kept)."""
    from datetime import date, timedelta

    from quartier.reports.services import save_report_text
    from tests.participation.conftest import make_idea
    from tests.reports.conftest import YEAR, at

    category = factories.make_category(unique=True)
    for year in (YEAR, YEAR - 1):
        for days in (1, 3):
            factories.make_inquiry(
                district_a, category, created_at=at(year), first_response_at=at(year) + timedelta(days=days)
            )
        make_idea(district_a, staff_a, created_at=at(year))
        factories.make_event(district_a, start=at(year, 5))
        factories.make_project(district_a, status="running", start=date(year, 2, 1))
    save_report_text(
        year=YEAR,
        district=district_a,
        introduction="Ein Jahr mit vielen Festen.",
        highlights="Dorffest\nNeuer Spielplatz",
        by=staff_a,
    )

    walk = Walk(page, live_server.url)
    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    walk.visit("/berichte/")
    walk.visit(f"/berichte/{YEAR}/")
    district_report = f"/berichte/{YEAR}/ortsteile/{district_a.slug}/"
    walk.visit(district_report)
    walk.visit(f"{district_report}text/")
    page.goto(district_report)
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".report__tools").first.is_hidden()
    assert page.locator("svg.bar-chart").first.is_visible()
    assert page.locator("table.kern-table").first.is_visible()
    page.emulate_media(media="screen")
    walk.assert_clean()


def test_open_data_and_api_documentation_pass_axe(site, district_a, page: Page, live_server) -> None:
    """The open-data page with its downloads, the API's documentation and the page of one of
    its operations (parameters and answer types in tables)."""
    from quartier.places.models import FieldOfAction
    from tests.api.conftest import add_public_records

    field = FieldOfAction.objects.order_by("pk").first() or FieldOfAction.objects.create(name="Spiel", slug="spiel")
    add_public_records(district_a, field, 1)
    walk = Walk(page, live_server.url)
    for path in ("/offene-daten/", "/api/v1/docs/", "/api/v1/docs/event_list/", "/api/v1/docs/resource/"):
        walk.visit(path)
    walk.assert_clean()
