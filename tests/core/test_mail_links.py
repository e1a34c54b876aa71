"""Every link in every e-mail is absolute and on SITE_URL, whichever way the mail was sent."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from quartier.events.services import cancel_registration, confirm_registration_email, register_for_event
from quartier.inquiries import services as inquiry_services
from quartier.participation.digest import send_digests
from quartier.participation.services import post_comment, support_idea
from quartier.places.notifications import send_staff_summaries
from quartier.projects.services import turn_idea_into_project
from tests import factories
from tests.participation.conftest import make_idea

pytestmark = pytest.mark.django_db(transaction=True)
SITE = "https://quartier.example.org:8100"
URL = re.compile(r"\bhttps?://\S+")
# A path standing alone ("/termine/anmeldung/…") is a link that only works inside the site.
RELATIVE = re.compile(r"(?:^|\s)/[\w-]+/")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def assert_links_on_site(messages) -> None:
    assert messages
    for message in messages:
        bodies = [message.body, *(content for content, _ in getattr(message, "alternatives", []))]
        for body in bodies:
            links = URL.findall(body)
            assert links, f"no link in {message.subject!r}"
            for link in links:
                assert link.startswith(SITE + "/"), f"{link} in {message.subject!r}"
            assert not RELATIVE.search(body), f"relative link in {message.subject!r}:\n{body}"


def test_mails_of_the_main_flows_link_only_to_site_url(
    client, town, district_a, district_b, staff_a, staff_b, resident
):
    # Inquiries: confirmation, reply, status, handed to another district.
    inquiry = factories.make_inquiry(district_a)
    inquiry_services.reply(inquiry=inquiry, body="Wir kümmern uns.", by=staff_a)
    inquiry_services.change_status(inquiry=inquiry, to="closed", by=staff_a)
    inquiry_services.move(inquiry=inquiry, district=district_b, category=inquiry.category, by=staff_a)
    # Events: check your address, confirmed, waiting list, moved up, cancelled.
    event = factories.make_event(district_a, capacity=1, registration_required=True)
    event_date = event.dates.get()
    first = register_for_event(event_date=event_date, name="Paula", email="paula@example.org", email_confirmed=False)
    confirm_registration_email(registration=first)
    register_for_event(event_date=event_date, name="Wim", email="wim@example.org")
    cancel_registration(registration=first)
    # Participation: an idea becomes a project, the followers' digest.
    idea = make_idea(district_a, resident)
    supporter = factories.make_user()
    support_idea(idea=idea, user=supporter)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        post_comment(idea=idea, author=factories.make_user(), text="Gute Idee")
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        send_digests()
    turn_idea_into_project(idea=idea, by=staff_a)
    # Accounts: sign-up, a known address signing up again, password reset (allauth's mails).
    signup = {"name": "Erika", "password1": "ein-langes-passwort", "password2": "ein-langes-passwort"}
    client.post("/konto/signup/", {"email": "neu@example.org", **signup})
    client.post("/konto/signup/", {"email": resident.email, **signup})
    client.post("/konto/password/reset/", {"email": resident.email})
    # Staff who chose the daily summary.
    staff_a.staff_mail = "daily"
    staff_a.save()
    factories.make_inquiry(district_a)
    send_staff_summaries(now=timezone.now() + timedelta(hours=1))
    subjects = " | ".join(str(message.subject) for message in mail.outbox)
    for expected in (
        "eingegangen",
        "Antwort",
        "Neuigkeiten",
        "jetzt bei",
        "bestätigen",
        "nachgerückt",
        "Projekt",
        "Neues Anliegen",
        "E-Mail-Adresse",
        "schon ein Konto",
        "neues Passwort",
        "Neues in Ihren Ortsteilen",
    ):
        assert expected in subjects, expected
    assert_links_on_site(mail.outbox)
