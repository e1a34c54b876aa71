"""Deleting an account removes the person everywhere (GDPR Art. 17)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone

from quartier.accounts.models import User
from quartier.events.models import Event, Registration, RegistrationStatus
from quartier.events.services import Participant, register_for_event
from quartier.inquiries import services as inquiry_services
from quartier.inquiries.models import Inquiry
from quartier.inquiries.services import NewInquiry, submit_inquiry
from quartier.participation import moderation
from quartier.participation.models import Block, Comment, Follow, Idea, Report, Support
from quartier.participation.services import follow_idea, post_comment, support_idea
from quartier.projects.models import Project
from quartier.resources.models import BookingHistory, BookingStatus
from quartier.resources.services import request_booking
from quartier.surveys.models import SurveyResponse
from quartier.surveys.services import submit_survey
from quartier.volunteering.models import (
    ConductInspection,
    HelperCall,
    OtherHours,
    Shift,
    SignUp,
    SignUpStatus,
    VolunteerProfile,
)
from quartier.volunteering.services import sign_up as sign_up_for_shifts
from tests import factories
from tests.conftest import signed_in
from tests.images import image_bytes
from tests.participation.conftest import make_idea
from tests.resources.conftest import make_resource
from tests.surveys.conftest import make_survey

EMAIL = "erika.musterfrau@example.org"
SECOND_EMAIL = "erika.m@example.net"
NAME = "Erika Musterfrau"
PHONE = "0271 4711 0815"
CHILD = "Kalinka"
TRACES = [EMAIL, SECOND_EMAIL, NAME, "Musterfrau", PHONE, CHILD]

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def text_columns_containing(needle: str) -> list[str]:
    """Every text column of every table (raw SQL, whatever the model's manager hides) that
    holds the needle, as ``table.column``."""
    hits = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = connection.ops.quote_name(model._meta.db_table)
            for field in model._meta.concrete_fields:
                if not isinstance(field, TEXT_FIELDS) or field.column is None:
                    continue
                column = connection.ops.quote_name(field.column)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE LOWER(CAST({column} AS TEXT)) LIKE %s",  # noqa: S608
                    [f"%{needle.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append(f"{model._meta.db_table}.{field.column}")
    return hits


@pytest.fixture
def _media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def _tomorrow_at(hour: int) -> datetime:
    return (timezone.localtime() + timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.mark.usefixtures("_media")
def test_deleting_the_account_leaves_no_trace_of_the_person_in_any_text_column(
    district_a, staff_a, coordinator, resident, django_capture_on_commit_callbacks
):
    person = factories.make_user(EMAIL, name=NAME, totp=True)
    EmailAddress.objects.create(user=person, email=SECOND_EMAIL, verified=True, primary=False)
    district_a.staff.add(person)
    category = factories.make_category(unique=True)

    # Inquiries: one signed in with a photo, one as a visitor with the second confirmed address.
    signed_in_inquiry = submit_inquiry(
        data=NewInquiry(
            kind=Inquiry.Kind.PROBLEM,
            category=category,
            district=district_a,
            text="Die Laterne am Bach ist aus.",
            name=NAME,
            email=EMAIL,
            phone=PHONE,
            photo=ContentFile(image_bytes(), name="laterne.jpg"),
        ),
        user=person,
    )
    photo_path = signed_in_inquiry.photo.path
    visitor_inquiry = factories.make_inquiry(district_a, category, name=NAME, email=SECOND_EMAIL.upper())
    inquiry_services.reply_as_sender(inquiry=visitor_inquiry, body="Danke, es ist dringend.")
    # As staff: an inquiry assigned to her (her name goes into its history), a note she wrote
    # on a phone inquiry she recorded.
    assigned = factories.make_inquiry(district_a, category)
    inquiry_services.assign(inquiries=[assigned], assignee=person, by=staff_a)
    recorded = submit_inquiry(
        data=NewInquiry(kind=Inquiry.Kind.QUESTION, category=category, district=district_a, text="Wann ist Sperrmüll?"),
        channel=Inquiry.Channel.PHONE,
        recorded_by=person,
    )
    inquiry_services.add_note(inquiry=recorded, body="Rückruf zugesagt.", by=person)

    # Events: a registration with her children on a full date with a waiting list behind it,
    # a waiting-list place, a visitor registration with the second address, a proposal,
    # and an event that names her as organiser.
    full = factories.make_event(
        district_a, registration_required=True, capacity=3, asks_participant_details=True, start=_tomorrow_at(10)
    )
    full_date = full.dates.get()
    with_children = register_for_event(
        event_date=full_date,
        name=NAME,
        email=EMAIL,
        party_size=3,
        participants=[Participant(NAME, 41), Participant(CHILD, 7), Participant("Kalle", 5)],
        user=person,
    )
    waiting = register_for_event(event_date=full_date, name="Wanda Warteliste", email="wanda@example.org")
    assert waiting.status == RegistrationStatus.WAITING
    other = factories.make_event(district_a, registration_required=True, capacity=1, start=_tomorrow_at(14))
    other_date = other.dates.get()
    register_for_event(event_date=other_date, name="Olaf Erster", email="olaf@example.org")
    her_waiting_place = register_for_event(event_date=other_date, name=NAME, email=EMAIL, user=person)
    assert her_waiting_place.status == RegistrationStatus.WAITING
    behind_her = register_for_event(event_date=other_date, name="Bea Hinten", email="bea@example.org")
    visitor_registration = register_for_event(
        event_date=factories.make_event(district_a, registration_required=True, start=_tomorrow_at(16)).dates.get(),
        name=NAME,
        email=SECOND_EMAIL,
        phone=PHONE,
        email_confirmed=False,
    )
    proposal = factories.make_event(
        district_a, title="Flohmarkt", is_published=False, proposed_by=person, organiser_name=NAME
    )
    published_proposal = factories.make_event(
        district_a, title="Lesung", proposed_by=person, organiser_name=NAME, organiser_phone=PHONE
    )
    organised = factories.make_event(
        district_a, title="Dorffest", organiser_name=NAME, organiser_email=EMAIL, organiser_phone=PHONE
    )

    # Participation: an idea with a comment, support and follow of another idea, a report,
    # a settled report, a survey answer.
    her_idea = make_idea(district_a, person, title="Bänke am Bach")
    someone_elses = make_idea(district_a, resident, title="Boule-Platz")
    support_idea(idea=someone_elses, user=person)
    support_idea(idea=someone_elses, user=resident)
    follow_idea(idea=her_idea, user=person)
    comment = post_comment(idea=someone_elses, author=person, text="Gute Idee!")
    open_report = moderation.report(reporter=person, reason="Werbung", idea=someone_elses)
    settled = moderation.report(reporter=person, reason="Doppelt", comment=comment)
    Report.objects.filter(pk=settled.pk).update(resolved_at=timezone.now())
    survey = make_survey(district_a)
    questions = list(survey.questions.all())
    response = submit_survey(
        survey=survey,
        user=person,
        answers=[(questions[0], ["Bank"], ""), (questions[3], [], "Mehr Bänke bitte.")],
    )

    # Projects, surveys and the administration: she leads a project and built a survey; an
    # administrator changed her account; in the end a moderator blocked her.
    project = factories.make_project(district_a, lead=person)
    built = make_survey(district_a)
    type(built).objects.filter(pk=built.pk).update(created_by=person)
    LogEntry.objects.create(
        user=staff_a,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message="[]",
    )

    # Volunteering: two coming shifts signed in (one inside the cancel deadline), one as a
    # visitor with the second address and her phone, a shift she gave last month, and a call she created.
    helper_call = factories.make_helper_call(district_a, shifts=2, start=_tomorrow_at(8), created_by=person)
    her_shifts = sign_up_for_shifts(shifts=list(helper_call.shifts.all()), name=NAME, email=EMAIL, user=person)
    soon_call = factories.make_helper_call(district_a, start=timezone.now() + timedelta(hours=2))
    sign_up_for_shifts(shifts=list(soon_call.shifts.all()), name=NAME, email=EMAIL, user=person)
    visitor_call = factories.make_helper_call(district_a, start=_tomorrow_at(18))
    visitor_sign_up = sign_up_for_shifts(
        shifts=list(visitor_call.shifts.all()), name=NAME, email=SECOND_EMAIL, phone=PHONE, email_confirmed=False
    ).sign_ups[0]
    past_call = factories.make_helper_call(district_a)
    past_shift = past_call.shifts.get()
    given = SignUp.objects.create(shift=past_shift, user=person, name=NAME, email=EMAIL, status=SignUpStatus.CONFIRMED)
    Shift.objects.filter(pk=past_shift.pk).update(
        start=timezone.now() - timedelta(days=30), end=timezone.now() - timedelta(days=30, hours=-3), places_taken=1
    )

    # Resources: a booking she requested in another district (she is staff of district A), one
    # staff made for her second address, and one she made at the counter as staff for someone else.
    elsewhere = make_resource(factories.make_district("Heisberg", slug="heisberg"), requires_approval=False)
    her_booking = request_booking(
        resource=elsewhere,
        by=person,
        start=_tomorrow_at(10),
        end=_tomorrow_at(12),
        phone=PHONE,
        purpose=f"Geburtstag von {CHILD}",
    )
    counter_resource = make_resource(district_a)
    for_her = request_booking(
        resource=counter_resource,
        by=staff_a,
        name=NAME,
        email=SECOND_EMAIL,
        start=_tomorrow_at(10),
        end=_tomorrow_at(12),
    )
    by_her = request_booking(
        resource=counter_resource, by=person, name="Theo Theke", start=_tomorrow_at(14), end=_tomorrow_at(16)
    )
    assert by_her.booked_by == person
    hours_elsewhere = OtherHours.objects.create(
        user=person,
        district=district_a,
        activity=f"Lesepatin mit {CHILD}",
        organisation=f"Förderverein {NAME}",
        day=timezone.localdate() - timedelta(days=3),
        hours=3,
        status=OtherHours.Status.CONFIRMED,
    )
    # Her volunteer profile (what she typed may name others).
    VolunteerProfile.objects.create(user=person, skills=f"Backen mit {CHILD}", may_ask=True, birth_year=1980)
    # The inspection of her certificate of conduct, and one she recorded as staff.
    ConductInspection.objects.create(email=EMAIL, name=NAME, user=person, certificate_date=timezone.localdate())
    recorded_by_her = ConductInspection.objects.create(
        email="olga@example.org", name="Olga", certificate_date=timezone.localdate(), recorded_by=person
    )

    # The directory: as staff, she entered an organisation (its history names her).
    from quartier.network.models import Organisation, OrganisationChange
    from quartier.network.services import create_organisation

    create_organisation(
        organisation=Organisation(name="TV Alchen", slug="tv-alchen", kind="club"), districts=[district_a], by=person
    )
    # She is the TV's contact person (the club's entry names her, her phone and her second address).
    from quartier.network.models import ContactPerson

    ContactPerson.objects.create(
        organisation=Organisation.objects.get(slug="tv-alchen"), name=NAME, email=SECOND_EMAIL, phone=PHONE
    )
    # She was invited as a partner of the TV at her second address and accepted.
    from quartier.network.models import Partnership

    Partnership.objects.create(
        organisation=Organisation.objects.get(slug="tv-alchen"),
        email=SECOND_EMAIL,
        user=person,
        accepted_at=timezone.now(),
    )
    # A round table: she is a member, attended, proposed a topic and owns an action item.
    from quartier.network import meetings as network_meetings
    from quartier.network.models import Membership, RoundTable
    from tests.network.conftest import make_meeting

    round_table = RoundTable.objects.create(name="Regelkommunikation", slug="regelkommunikation")
    round_table.districts.set([district_a])
    her_membership = network_meetings.add_member(round_table=round_table, user=person, by=staff_a)
    round_meeting = make_meeting(round_table)
    network_meetings.record_minutes(meeting=round_meeting, minutes="Gut.", attendees=[her_membership], by=staff_a)
    network_meetings.propose_agenda_item(meeting=round_meeting, title="Spielfest", by=person)
    her_item = network_meetings.add_action_item(
        meeting=round_meeting, title="Plakate drucken", due=timezone.localdate(), owner_user=person, by=staff_a
    )
    # News: as staff, she wrote a post (its author and its history name her).
    from quartier.news.models import Post, PostChange
    from quartier.news.services import create_post

    her_post = create_post(
        post=Post(title="Dorffest", slug="dorffest", teaser="Am Samstag"), districts=[district_a], by=person
    )
    # As partner of the TV she proposed a post in its name (its author and history name her).
    from quartier.news.services import propose_post_for_organisation

    her_proposal = propose_post_for_organisation(
        post=Post(title="Vereinsfest", slug="vereinsfest", teaser="Im Juni"),
        organisation=Organisation.objects.get(slug="tv-alchen"),
        districts=[district_a],
        by=person,
    )
    # The newsletter: signed in, with her account's confirmed address (linked to the account at
    # once); as a visitor with her second address, confirmed; and one request never confirmed.
    from quartier.news import services as news_services
    from quartier.news.models import NewsletterList, Subscription, SubscriptionRequest

    newsletter = NewsletterList.objects.create(name="Ortsteilbrief", slug="ortsteilbrief", district=district_a)
    for email, by in [(EMAIL, person), (SECOND_EMAIL.upper(), None)]:
        news_services.request_subscription(email=email, lists=[newsletter], consent_text="Ja", source="Web", by=by)
    news_services.confirm_subscription(pending=SubscriptionRequest.objects.get(email=SECOND_EMAIL))
    news_services.request_subscription(email=SECOND_EMAIL, lists=[newsletter], consent_text="Ja", source=NAME)
    assert Subscription.objects.get(email=EMAIL).user == person
    # As staff, she wrote and sent a campaign, which went to her own subscription too.
    from quartier.news.models import Campaign, CampaignChange, CampaignRecipient

    her_campaign = news_services.save_campaign(
        campaign=Campaign(subject="Ortsteilbrief", district=district_a), lists=[newsletter], by=person
    )
    news_services.send_campaign(campaign=her_campaign, by=person)
    news_services.send_campaign_batch(campaign_id=her_campaign.pk)
    assert CampaignRecipient.objects.filter(email=EMAIL, status="sent").exists()

    # Funding: as staff, she entered an application (its history names her).
    from quartier.funding.models import ApplicationStep, Programme
    from quartier.funding.services import create_application

    funded = create_application(
        title="Jugendraum",
        programme=Programme.objects.create(name="Heimat-Scheck", slug="heimat-scheck", provider="state"),
        projects=[factories.make_project(district_a)],
        requested=Decimal("1000.00"),
        by=person,
    )
    # She moved it to its approval, uploaded the notice, is responsible for a condition and
    # subscribed to the deadline feed.
    from quartier.funding import services as funding_services

    # She kept its finance plan and wrote the proof's report (their history names her).
    from quartier.funding.models import ApplicationChange, Condition, Document, FeedToken, FinanceChange
    from tests.funding.conftest import pdf_bytes

    funding_services.save_finance_plan(
        application=funded,
        lines=[
            funding_services.LineInput(category="material", description="Farbe", planned=Decimal("1000.00")),
            funding_services.LineInput(category="grant", description="Zuschuss", planned=Decimal("1000.00")),
        ],
        by=person,
    )
    for to, amount in (("drafting", None), ("submitted", None), ("approved", Decimal("1000.00"))):
        funded = funding_services.move_application(application=funded, to=to, amount=amount, by=person)
    funding_services.save_proof_report(application=funded, report="Alles gestrichen.", by=person)
    funding_services.add_document(
        application=funded, kind="approval", title="Bescheid", upload=ContentFile(pdf_bytes(), "b.pdf"), by=person
    )
    funding_services.add_condition(
        application=funded, text="Schild", due=datetime(2030, 1, 1).date(), responsible=person, by=person
    )
    feed = funding_services.renew_feed_token(user=person)

    moderation.block(moderator=coordinator, person=person, reason="Wiederholt Werbung")

    private_links = [
        with_children.get_absolute_url(),
        visitor_registration.get_absolute_url(),
        signed_in_inquiry.get_private_url(),
        visitor_inquiry.get_private_url(),
        her_shifts.sign_ups[0].get_absolute_url(),
        visitor_sign_up.get_absolute_url(),
    ]
    client = signed_in(person)
    other_session = signed_in(person)  # a second browser
    assert other_session.session.session_key
    assert set(text_columns_containing(EMAIL)) >= {"accounts_user.email", "inquiries_inquiry.email"}

    with django_capture_on_commit_callbacks(execute=True):
        response_ = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response_.status_code == 302

    for trace in TRACES:
        assert text_columns_containing(trace) == [], trace

    # The rules still hold: the freed places went to the waiting list, in order.
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    with_children.refresh_from_db()
    assert with_children.status == RegistrationStatus.CANCELLED
    assert with_children.participants == []
    full_date.refresh_from_db()
    assert full_date.places_taken == 1
    behind_her.refresh_from_db()
    assert behind_her.waiting_position == 1
    assert not Registration.objects.filter(pk=her_waiting_place.pk, status=RegistrationStatus.WAITING).exists()
    visitor_registration.refresh_from_db()
    assert visitor_registration.status == RegistrationStatus.CANCELLED
    for link in private_links:
        assert client.get(link).status_code == 404, link

    # Inquiries stay with the contact point, without the sender; the private links end.
    for inquiry in (signed_in_inquiry, visitor_inquiry):
        inquiry.refresh_from_db()
        assert inquiry.text
        assert inquiry.user is None
        assert not inquiry.photo
    assert not Path(photo_path).exists()
    assert Inquiry.objects.get(pk=assigned.pk).assignee is None

    # The organisation's history keeps the change, without her; her action item stays with
    # "gelöschtes Konto", her membership (and with it her attendance) goes.
    assert list(OrganisationChange.objects.values_list("by", flat=True)) == [None]
    her_item.refresh_from_db()
    assert her_item.owner_name == "gelöschtes Konto"
    assert not Membership.objects.filter(pk=her_membership.pk).exists()
    # Her post stays the town's news, without her as its author or in its history.
    her_post.refresh_from_db()
    assert her_post.author is None
    her_proposal.refresh_from_db()  # the organisation's proposal stays, without her
    assert her_proposal.author is None
    assert list(PostChange.objects.values_list("by", flat=True)) == [None, None]
    assert set(ApplicationStep.objects.values_list("by", flat=True)) == {None}
    assert set(ApplicationChange.objects.values_list("by", flat=True)) == {None}
    assert FinanceChange.objects.count() == 2
    assert set(FinanceChange.objects.values_list("by", flat=True)) == {None}
    assert list(Document.objects.values_list("uploaded_by", flat=True)) == [None]
    assert list(Condition.objects.values_list("responsible", flat=True)) == [None]
    assert not FeedToken.objects.exists()
    assert client.get(feed.get_absolute_url()).status_code == 404
    assert not Subscription.objects.exists()
    assert not SubscriptionRequest.objects.exists()
    # Her campaign stays without her; the rows of its mail keep their state for the counts, not the addresses.
    assert Campaign.objects.get(pk=her_campaign.pk).created_by is None
    assert set(CampaignChange.objects.values_list("by", flat=True)) == {None}
    assert set(CampaignRecipient.objects.values_list("email", "status")) == {("", "sent")}

    # Contributions stay, signed "Gelöschtes Konto"; supports, follows and settled reports go.
    someone_elses.refresh_from_db()
    assert someone_elses.support_count == 1
    assert list(Support.objects.filter(idea=someone_elses).values_list("user", flat=True)) == [resident.pk]
    assert not Follow.objects.filter(user=person).exists()
    assert Idea.objects.get(pk=her_idea.pk).author.public_name == "Gelöschtes Konto"
    assert Comment.objects.get(pk=comment.pk).text == "Gute Idee!"
    assert Report.objects.filter(pk=open_report.pk).exists()
    assert not Report.objects.filter(pk=settled.pk).exists()
    assert SurveyResponse.objects.get(pk=response.pk).user is None
    assert SurveyResponse.objects.get(pk=response.pk).answers.count() == 2
    assert type(built).objects.get(pk=built.pk).created_by is None
    assert not Block.objects.filter(user=person).exists()
    assert Inquiry.objects.get(pk=recorded.pk).text == "Wann ist Sperrmüll?"

    assert not Event.objects.filter(pk=proposal.pk).exists()
    for event in (published_proposal, organised):
        event.refresh_from_db()
        assert (event.organiser_name, event.organiser_email, event.organiser_phone) == ("", "", "")
    assert Project.objects.get(pk=project.pk).lead is None

    # Volunteering: her coming shifts are free again, whatever the deadline; the shift she gave
    # stays in the figures without her; the call she created stays with the district.
    assert [shift.places_taken for shift in helper_call.shifts.all()] == [0, 0]
    assert soon_call.shifts.get().places_taken == 0
    given.refresh_from_db()
    assert (given.status, given.user, given.email) == (SignUpStatus.CONFIRMED, None, "")
    assert Shift.objects.get(pk=past_shift.pk).places_taken == 1
    assert SignUp.objects.get(pk=visitor_sign_up.pk).status == SignUpStatus.CANCELLED
    assert HelperCall.objects.get(pk=helper_call.pk).created_by is None
    assert list(ConductInspection.objects.values_list("pk", "recorded_by")) == [(recorded_by_her.pk, None)]
    assert not VolunteerProfile.objects.exists()
    hours_elsewhere.refresh_from_db()
    assert (hours_elsewhere.user, hours_elsewhere.hours, hours_elsewhere.status) == (
        None,
        3,
        OtherHours.Status.CONFIRMED,
    )

    # Bookings stay for the utilisation figures, without her; the periods she held are free again.
    for booking in (her_booking, for_her):
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED
        assert (booking.person, booking.name, booking.email, booking.phone, booking.purpose) == (None, "", "", "", "")
    by_her.refresh_from_db()
    assert by_her.booked_by is None
    assert by_her.name == "Theo Theke"
    assert not BookingHistory.objects.filter(by=person).exists()
    assert not district_a.staff.filter(pk=person.pk).exists()
    assert not Session.objects.filter(session_key=other_session.session.session_key).exists()
    person.refresh_from_db()
    assert person.public_name == "Gelöschtes Konto"
    assert not person.is_active


def test_a_visitor_registration_with_the_confirmed_address_is_erased(district_a):
    person = factories.make_user(EMAIL, name=NAME)
    event_date = factories.make_event(district_a, registration_required=True).dates.get()
    registration = register_for_event(event_date=event_date, name="E. M.", email=EMAIL.upper(), phone=PHONE)
    assert registration.user is None
    signed_in(person).post(reverse("accounts:delete"), {"confirm": "on"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert (registration.email, registration.phone) == ("", "")
    assert registration.name != "E. M."
    event_date.refresh_from_db()
    assert event_date.places_taken == 0


def test_records_of_an_unconfirmed_address_are_left_alone(district_a):
    # Whoever adds an address to their account without proving it cannot erase others' records.
    person = factories.make_user(EMAIL, name=NAME)
    EmailAddress.objects.create(user=person, email="nachbarin@example.org", verified=False)
    event_date = factories.make_event(district_a, registration_required=True).dates.get()
    registration = register_for_event(event_date=event_date, name="Nachbarin", email="nachbarin@example.org")
    signed_in(person).post(reverse("accounts:delete"), {"confirm": "on"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.email == "nachbarin@example.org"
