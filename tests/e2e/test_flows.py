"""The flows end to end in two browsers, a visitor's and the district staff's, each reaching
the other's news only through the links in the e-mails the site sends (the test outbox: the
live server runs in this process). Every page on the way passes the walk's checks."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.mail import EmailMessage
from django.utils import timezone
from playwright.sync_api import Page, expect

from quartier.accounts.models import User
from quartier.events.models import Event, Registration, RegistrationStatus
from quartier.inquiries.models import Category, Inquiry
from quartier.places.models import District, FieldOfAction
from tests import factories
from tests.e2e.helpers import link_in_mail, log_in, sign_in_staff, submit
from tests.e2e.test_accessibility import Walk

pytestmark = pytest.mark.browser

VISITOR = "paula@example.org"


@pytest.fixture(autouse=True)
def _tasks_at_once(settings: Any) -> None:
    # Mails go out through tasks; here they run when the request's transaction commits.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _follow(walk: Walk, url: str, label: str) -> None:
    walk.page.goto(url)
    walk.check(label)


def test_inquiry_conversation_through_the_mails(
    site: Any,
    district_a: District,
    staff_a: User,
    new_context: Any,
    live_server: Any,
    mailoutbox: list[EmailMessage],
    settings: Any,
) -> None:
    settings.PRIVATE_MEDIA_ROOT = settings.DATA_DIR / "e2e-private"
    Category.objects.create(name="Spielplätze", code="spielplatz")
    visitor: Page = new_context().new_page()
    staff: Page = new_context().new_page()
    walk, staff_walk = Walk(visitor, live_server.url), Walk(staff, live_server.url)

    # The visitor sends an inquiry and gets the private link by mail.
    walk.visit("/anliegen/neu/")
    visitor.get_by_label("Hinweis auf ein Problem").check()
    visitor.get_by_label("Thema").select_option(label="Spielplätze")
    visitor.get_by_label("Ortsteil").select_option(label=district_a.name)
    visitor.get_by_label("Ihr Anliegen").fill("Die Schaukel am Kirchweg ist kaputt.")
    visitor.get_by_label("Ihre E-Mail-Adresse").fill(VISITOR)
    visitor.get_by_label("Ich bin mit der Verarbeitung meiner Angaben einverstanden.").check()
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Weiter zur Prüfung").click()
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Anliegen senden").click()
    inquiry = Inquiry.objects.get()
    _follow(walk, link_in_mail(mailoutbox, VISITOR, "/anliegen/verlauf/", subject=inquiry.number), "private page")
    expect(visitor.locator("main")).to_contain_text("Die Schaukel am Kirchweg ist kaputt.")

    # The district's staff hear of it by mail, follow the link, sign in and reply.
    _follow(staff_walk, link_in_mail(mailoutbox, staff_a.email, inquiry.get_absolute_url()), "inquiry (signed out)")
    sign_in_staff(staff, staff_a.email)
    assert staff.url.endswith(inquiry.get_absolute_url()), staff.url
    staff_walk.check("staff inquiry page")
    staff.get_by_label("Antwort an die absendende Person").fill("Wir reparieren sie diese Woche. Passt Donnerstag?")
    staff.get_by_role("button", name="Antwort senden").click()  # in place (htmx)
    expect(staff.locator("#inquiry-body").get_by_role("status")).to_contain_text("Die Antwort wurde gespeichert")
    staff_walk.check("staff inquiry page (replied)")

    # The visitor reads the reply through the link in the new mail and answers on the private page.
    reply_link = link_in_mail(mailoutbox, VISITOR, "/anliegen/verlauf/", subject="Antwort")
    _follow(walk, reply_link, "private page (with the reply)")
    expect(visitor.locator("main")).to_contain_text("Passt Donnerstag?")
    visitor.get_by_label("Ihre Antwort").fill("Donnerstag passt, danke!")
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Antwort senden").click()
    walk.check("private page (answered)")
    expect(visitor.locator("main")).to_contain_text("Donnerstag passt, danke!")

    # The staff see the visitor's answer on the inquiry.
    staff.reload()
    expect(staff.locator("main")).to_contain_text("Donnerstag passt, danke!")
    walk.assert_clean()
    staff_walk.assert_clean()


@pytest.fixture
def small_event(site: Any, district_a: District) -> Event:
    return factories.make_event(district_a, title="Kräuterwanderung", registration_required=True, capacity=1)


def _register(walk: Walk, event: Event, name: str, email: str, mailoutbox: list[EmailMessage]) -> None:
    """Register through the form, then confirm the address through the link in the mail."""
    page = walk.page
    walk.visit(event.dates.get().get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^(Teilnehmen|Auf die Warteliste)$")).first.click()
    walk.check(f"register ({name})")
    page.get_by_label("Ihr Name").fill(name)
    page.get_by_label("Ihre E-Mail-Adresse").fill(email)
    page.get_by_role("button", name="Verbindlich anmelden").click()  # in place (htmx)
    expect(page.locator("#registration-section")).to_contain_text("Wir haben Ihnen eine E-Mail geschickt.")
    walk.check(f"check your mail ({name})")
    _follow(walk, link_in_mail(mailoutbox, email, "/termine/anmeldung/"), f"registration ({name}, unconfirmed)")
    page.get_by_role("button", name="Anmeldung bestätigen").click()  # in place (htmx)
    expect(page.locator("#registration-section").get_by_role("status")).to_have_text(
        "Danke, Ihre E-Mail-Adresse ist bestätigt."
    )
    walk.check(f"registration ({name}, confirmed)")


def test_cancellation_moves_the_waiting_list_up_through_the_mails(
    small_event: Event,
    staff_a: User,
    new_context: Any,
    live_server: Any,
    mailoutbox: list[EmailMessage],
) -> None:
    first, second, staff = (new_context().new_page() for _ in range(3))
    first_walk, second_walk, staff_walk = (Walk(page, live_server.url) for page in (first, second, staff))

    _register(first_walk, small_event, "Lena Berg", "lena@example.org", mailoutbox)
    expect(first.locator("main")).to_contain_text("angemeldet")
    _register(second_walk, small_event, "Max Weber", "max@example.org", mailoutbox)
    expect(second.locator("main")).to_contain_text("Platz 1 auf der Warteliste")

    participants = f"/cockpit/termine/datum/{small_event.dates.get().pk}/teilnehmende/"
    staff.goto(participants)
    sign_in_staff(staff, staff_a.email)
    staff.goto(participants)
    staff_walk.check("participants")
    expect(staff.locator("main")).to_contain_text("Lena Berg")
    expect(staff.locator("main")).to_contain_text("Max Weber")

    # Lena cancels through the link in her mail; Max moves up and is told by mail.
    _follow(first_walk, link_in_mail(mailoutbox, "lena@example.org", "/termine/anmeldung/"), "registration (Lena)")
    first.get_by_role("button", name="Anmeldung stornieren").click()  # in place (htmx)
    expect(first.locator("#registration-section").get_by_role("status")).to_have_text("Ihre Anmeldung ist storniert.")
    first_walk.check("registration (Lena, cancelled)")
    expect(first.locator("main")).to_contain_text("storniert")
    moved_up = [m for m in mailoutbox if m.to == ["max@example.org"] and "nachgerückt" in str(m.body)]
    assert len(moved_up) == 1, [(m.to, m.subject) for m in mailoutbox]
    _follow(second_walk, link_in_mail(moved_up, "max@example.org", "/termine/anmeldung/"), "registration (Max)")
    expect(second.locator("main")).to_contain_text("angemeldet")
    expect(second.locator("main")).not_to_contain_text("Warteliste")

    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"Lena Berg": RegistrationStatus.CANCELLED, "Max Weber": RegistrationStatus.CONFIRMED}
    staff.reload()
    staff_walk.check("participants (after the cancellation)")
    for walk in (first_walk, second_walk, staff_walk):
        walk.assert_clean()


def test_new_resident_signs_up_proposes_an_idea_and_staff_answer_it(
    site: Any,
    district_a: District,
    staff_a: User,
    new_context: Any,
    live_server: Any,
    mailoutbox: list[EmailMessage],
) -> None:
    # A transactional test before this one may have emptied the fields of action the migration made.
    FieldOfAction.objects.get_or_create(slug="umwelt", defaults={"name": "Umwelt"})
    resident, staff = new_context().new_page(), new_context().new_page()
    walk, staff_walk = Walk(resident, live_server.url), Walk(staff, live_server.url)

    # Sign up, then confirm the address through the link in the mail.
    walk.visit("/konto/signup/")
    resident.fill("input[name=email]", "neu@example.org")
    resident.get_by_label("Name, der auf der Website erscheint").fill("Nele")
    resident.fill("input[name=password1]", "Fachwerk-Dorffest-2025")
    resident.fill("input[name=password2]", "Fachwerk-Dorffest-2025")
    submit(resident)
    walk.check("signed up")
    _follow(walk, link_in_mail(mailoutbox, "neu@example.org", "/konto/confirm-email/"), "confirm e-mail")
    submit(resident)
    walk.check("e-mail confirmed")
    assert EmailAddress.objects.get(email="neu@example.org").verified

    # The new resident proposes an idea for district A.
    walk.visit("/mitmachen/ideen/neu/")
    resident.get_by_label("Titel").fill("Bank am Dorfteich")
    resident.get_by_label("Beschreibung (Markdown)").fill("Eine Bank zum Ausruhen am Teich wäre schön.")
    resident.get_by_label("Ortsteil").select_option(label=district_a.name)
    resident.locator("select[name=field_of_action]").select_option(label="Umwelt")
    submit(resident)
    walk.check("idea proposed")
    expect(resident.locator("main")).to_contain_text("Bank am Dorfteich")

    # The district's staff are told by mail, follow the link, sign in and set the idea's status.
    staff.goto(link_in_mail(mailoutbox, staff_a.email, "/mitmachen/", subject="Bank am Dorfteich"))
    with staff.expect_navigation():
        staff.get_by_role("link", name="Anmelden").first.click()
    sign_in_staff(staff, staff_a.email)
    staff.goto(link_in_mail(mailoutbox, staff_a.email, "/mitmachen/", subject="Bank am Dorfteich"))
    staff_walk.check("idea (staff)")
    with staff.expect_navigation():
        staff.get_by_role("link", name="Stand setzen").click()
    staff_walk.check("idea status form")
    staff.get_by_label("Stand", exact=True).select_option(label="wird geprüft")
    staff.get_by_label("Erläuterung zum Stand").fill("Wir fragen beim Bauhof nach einer Bank.")
    submit(staff)
    staff_walk.check("idea (status set)")

    resident.reload()
    expect(resident.locator("main")).to_contain_text("Wir fragen beim Bauhof nach einer Bank.")
    walk.assert_clean()
    staff_walk.assert_clean()


def test_event_proposal_reaches_staff_by_mail_and_is_published(
    site: Any,
    district_a: District,
    staff_a: User,
    resident: User,
    new_context: Any,
    live_server: Any,
    mailoutbox: list[EmailMessage],
) -> None:
    proposer, staff = new_context().new_page(), new_context().new_page()
    walk, staff_walk = Walk(proposer, live_server.url), Walk(staff, live_server.url)
    start = (timezone.localtime() + timedelta(days=10)).replace(hour=15, minute=0)

    log_in(proposer, resident.email, next_url="/termine/vorschlagen/")
    walk.check("propose an event")
    proposer.fill("input[name=title]", "Apfelfest am Backhaus")
    proposer.fill("[name=summary]", "Wir pressen Saft und backen Kuchen.")
    proposer.fill("input[name=start]", start.strftime("%Y-%m-%dT%H:%M"))
    proposer.fill("input[name=end]", (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    proposer.fill("input[name=venue]", "Backhaus")
    proposer.locator("select[name=district]").select_option(label=district_a.name)
    submit(proposer)
    walk.check("event proposed")
    event = Event.objects.get(title="Apfelfest am Backhaus")
    assert not event.is_published

    # The staff follow the notice in their mail to the proposal, then publish it from the cockpit.
    staff.goto(link_in_mail(mailoutbox, staff_a.email, f"/cockpit/termine/{event.pk}/", subject="Apfelfest"))
    sign_in_staff(staff, staff_a.email)
    assert staff.url.endswith(f"/cockpit/termine/{event.pk}/bearbeiten/"), staff.url
    staff_walk.check("proposal (staff)")
    expect(staff.locator("main input[name=title]")).to_have_value("Apfelfest am Backhaus")
    staff_walk.visit("/cockpit/termine/")
    with staff.expect_navigation():
        staff.get_by_role("button", name="„Apfelfest am Backhaus“ veröffentlichen").click()
    staff_walk.check("cockpit events (published)")

    walk.visit("/termine/")
    expect(proposer.locator("main")).to_contain_text("Apfelfest am Backhaus")
    walk.assert_clean()
    staff_walk.assert_clean()
