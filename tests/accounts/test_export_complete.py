""" "Download my data" holds everything Quartier keeps about the person (GDPR Art. 15/20)."""

from __future__ import annotations

import json

from allauth.account.models import EmailAddress
from django.urls import reverse

from quartier.events.services import Participant, register_for_event
from quartier.participation import moderation
from quartier.participation.services import follow_idea, post_comment, support_idea
from quartier.surveys.services import submit_survey
from tests import factories
from tests.conftest import signed_in
from tests.participation.conftest import make_idea
from tests.surveys.conftest import make_survey


def test_export_holds_answers_reports_follows_supports_and_records_made_with_a_confirmed_address(district_a, resident):
    person = factories.make_user("erika@example.org", name="Erika")
    EmailAddress.objects.create(user=person, email="erika.m@example.net", verified=True)
    EmailAddress.objects.create(user=person, email="nicht-bestaetigt@example.org", verified=False)

    idea = make_idea(district_a, resident, title="Boule-Platz")
    support_idea(idea=idea, user=person)
    follow_idea(idea=make_idea(district_a, resident, title="Bücherschrank"), user=person)
    comment = post_comment(idea=idea, author=resident, text="Ja!")
    moderation.report(reporter=person, reason="Werbung", comment=comment)
    survey = make_survey(district_a)
    question = survey.questions.get(kind="text")
    submit_survey(survey=survey, user=person, answers=[(question, [], "Mehr Bänke.")])
    # Made without signing in: with a confirmed address (hers) and an unconfirmed one (not hers).
    factories.make_inquiry(district_a, email="Erika.M@example.net", text="Laterne aus.")
    factories.make_inquiry(district_a, email="nicht-bestaetigt@example.org", text="Fremdes Anliegen.")
    event_date = factories.make_event(district_a, title="Lesung", registration_required=True).dates.get()
    register_for_event(
        event_date=event_date,
        name="E. M.",
        email="erika.m@example.net",
        party_size=2,
        participants=[Participant("E.", 40), Participant("Kalinka", 7)],
    )
    other_date = factories.make_event(district_a, title="Fremdes Fest", registration_required=True).dates.get()
    register_for_event(event_date=other_date, name="N. N.", email="nicht-bestaetigt@example.org")

    data = json.loads(signed_in(person).get(reverse("accounts:export")).content)

    assert data["participation"]["supported_ideas"] == ["Boule-Platz"]
    # Supporting follows the idea too.
    assert sorted(data["participation"]["followed_ideas"]) == ["Boule-Platz", "Bücherschrank"]
    assert [(r["reason"], r["comment"]) for r in data["participation"]["reports"]] == [("Werbung", "Ja!")]
    assert data["surveys"][0]["survey"] == survey.title
    assert {"question": question.text, "answer": "Mehr Bänke."} in data["surveys"][0]["answers"]
    assert [inquiry["text"] for inquiry in data["inquiries"]] == ["Laterne aus."]
    registrations = data["events"]["registrations"]
    assert [r["event"] for r in registrations] == ["Lesung"]
    assert registrations[0]["participants"][1] == {"first_name": "Kalinka", "age": 7}
