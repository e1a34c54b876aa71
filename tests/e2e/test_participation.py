"""Ideas, comments, surveys and moderation with real content: an idea with comments and a
reply, a hidden comment and a hidden idea, an open survey's form, a closed survey's charts,
and the moderation queue with reports. axe-core's WCAG 2.1 AA rules, nothing from another
host, valid HTML: the walk of the empty pages proves little about these."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from quartier.participation import moderation
from quartier.participation.models import Idea
from quartier.participation.services import post_comment, support_idea
from quartier.projects.models import ProjectIdea
from quartier.surveys.models import Survey
from quartier.surveys.services import submit_survey
from tests import factories
from tests.e2e.helpers import log_in, submit, totp_code
from tests.e2e.test_accessibility import Walk
from tests.participation.conftest import make_idea
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.browser


@pytest.fixture
def contributions(site, district_a, resident, coordinator) -> dict[str, Any]:
    neighbour = factories.make_user("nachbar@example.org", name="Nina Nachbar")
    idea = make_idea(
        district_a,
        resident,
        title="Bücherschrank am Dorfplatz",
        text="Ein **offener Bücherschrank** zum Tauschen.\n\n- wetterfest\n- gut erreichbar",
        status=Idea.Status.UNDER_REVIEW,
    )
    support_idea(idea=idea, user=neighbour)
    first = post_comment(idea=idea, author=neighbour, text="Gute Idee, ich helfe beim Aufbau.")
    post_comment(idea=idea, author=resident, text="Danke, ich melde mich!", parent=first)
    rude = post_comment(idea=idea, author=neighbour, text="Das ist Unsinn.")
    moderation.hide(moderator=coordinator, reason="Nicht sachlich.", comment=rude)
    hidden = make_idea(district_a, neighbour, title="Werbung für meinen Laden")
    moderation.hide(moderator=coordinator, reason="Werbung.", idea=hidden)
    reported = make_idea(district_a, neighbour, title="Mehr Parkplätze")
    moderation.report(reporter=resident, reason="Doppelt eingereicht.", idea=reported)
    # An idea that became a project: its link comes from projects through participation's extension points.
    became = make_idea(district_a, resident, title="Bänke am Bach", status=Idea.Status.ACCEPTED)
    ProjectIdea.objects.create(project=factories.make_project(district_a, title="Bänke am Bach"), idea=became)
    doubtful = post_comment(idea=idea, author=neighbour, text="Wer bezahlt das?")
    moderation.report(reporter=resident, reason="Klingt unfreundlich.", comment=doubtful)

    open_survey = make_survey(district_a, requires_account=False)
    closed = make_survey(district_a, closed=True, requires_account=False)
    Survey.objects.filter(pk=closed.pk).update(title="Wie gefällt Ihnen der Dorfplatz?")
    single, multiple, rating, text = closed.questions.order_by("position")
    for choice, chosen, stars, remark in [
        ("Bank", ["Bücherei"], "4", "Mehr Schatten."),
        ("Spielplatz", ["Bücherei", "Sporthalle"], "5", ""),
        ("Bus", [], "2", "Der Bus fährt zu selten."),
    ]:
        answers = [(single, [choice], ""), (rating, [stars], ""), (text, [], remark)]
        if chosen:
            answers.append((multiple, chosen, ""))
        submit_survey(survey=closed, user=None, answers=answers)
    return {"idea": idea, "became": became, "hidden": hidden, "open_survey": open_survey, "closed_survey": closed}


def test_visitor_participation_pages_pass_axe(contributions, page: Page, live_server) -> None:
    walk = Walk(page, live_server.url)
    walk.breadth_first("/mitmachen/ideen/")
    idea, hidden = contributions["idea"], contributions["hidden"]
    open_survey, closed = contributions["open_survey"], contributions["closed_survey"]
    for path in (
        idea.get_absolute_url(),
        hidden.get_absolute_url(),
        contributions["became"].get_absolute_url(),
        "/mitmachen/umfragen/",
        f"/mitmachen/umfragen/{open_survey.pk}/",
        f"/mitmachen/umfragen/{closed.pk}/ergebnisse/",
    ):
        if path not in walk.visited:
            walk.visit(path)
    page.goto(idea.get_absolute_url())
    content = page.content()
    assert "Gute Idee, ich helfe beim Aufbau." in content
    assert "Danke, ich melde mich!" in content
    assert "Das ist Unsinn." not in content
    page.goto(f"/mitmachen/umfragen/{closed.pk}/ergebnisse/")
    assert page.locator("main svg").count() > 0
    page.goto(f"/mitmachen/umfragen/{open_survey.pk}/")
    # The server's answer to an incomplete form, as a browser without validation gets it.
    page.eval_on_selector("main form:has(button[type=submit])", "form => { form.noValidate = true; }")
    submit(page)
    walk.check(f"/mitmachen/umfragen/{open_survey.pk}/ (with errors)")
    walk.assert_clean()


def test_resident_participation_pages_pass_axe(contributions, resident, page: Page, live_server) -> None:
    walk = Walk(page, live_server.url)
    log_in(page, resident.email)
    idea = contributions["idea"]
    for path in (
        idea.get_absolute_url(),
        "/mitmachen/ideen/neu/",
        f"/mitmachen/melden/idee/{idea.pk}/",
    ):
        walk.visit(path)
    page.goto("/mitmachen/ideen/neu/")
    page.eval_on_selector("main form:has(button[type=submit])", "form => { form.noValidate = true; }")
    submit(page)
    walk.check("/mitmachen/ideen/neu/ (with errors)")
    walk.assert_clean()


def test_staff_participation_pages_pass_axe(contributions, staff_a, page: Page, live_server) -> None:
    walk = Walk(page, live_server.url)
    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    walk.visit("/cockpit/moderation/")
    assert "Doppelt eingereicht." in page.content()
    assert "Klingt unfreundlich." in page.content()
    for start in ("/cockpit/ideen/", "/cockpit/umfragen/"):
        walk.breadth_first(start)
    idea, closed = contributions["idea"], contributions["closed_survey"]
    for path in (
        "/cockpit/",
        "/cockpit/moderation/verlauf/",
        f"/cockpit/ideen/{idea.pk}/",
        f"/cockpit/ideen/{contributions['became'].pk}/",
        f"/cockpit/umfragen/{closed.pk}/",
        "/cockpit/umfragen/neu/",
    ):
        if path not in walk.visited:
            walk.visit(path)
    walk.assert_clean()
