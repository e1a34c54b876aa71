"""Every state-changing URL refuses a POST without a CSRF token."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in


@pytest.fixture
def csrf_client_factory():
    def make(user=None):
        client = signed_in(user) if user else Client()
        client.handler.enforce_csrf_checks = True
        return client

    return make


def state_changing_urls(district_a) -> list[str]:
    return [
        reverse("places:district_edit", kwargs={"slug": district_a.slug}),
        reverse("places:contact_point_edit", kwargs={"pk": district_a.contact_point_id}),
        reverse("accounts:profile"),
        reverse("accounts:delete"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_logout"),
        reverse("account_reset_password"),
        reverse("account_change_password"),
        reverse("account_email"),
        reverse("mfa_activate_totp"),
        reverse("set_language"),
        *_projects_events_urls(district_a),
        *_inquiry_urls(district_a),
        *_participation_urls(district_a),
        *_volunteering_urls(district_a),
        *_resources_urls(district_a),
        *_network_urls(district_a),
        *_news_urls(district_a),
        *_funding_urls(district_a),
    ]


def _volunteering_urls(district_a) -> list[str]:
    from quartier.volunteering.services import sign_up
    from tests import factories

    call = factories.make_helper_call(district_a)
    shift = call.shifts.get()
    entry = sign_up(shifts=[shift], name="R", email="r@example.org").sign_ups[0]
    return [
        reverse("volunteering:call_sign_up", kwargs={"pk": call.pk}),
        entry.get_absolute_url(),
        reverse("volunteering:create"),
        reverse("volunteering:copy", kwargs={"pk": call.pk}),
        reverse("volunteering:message", kwargs={"pk": call.pk}),
        reverse("volunteering:on_behalf", kwargs={"pk": call.pk}),
        reverse("volunteering:shift_edit", kwargs={"pk": shift.pk}),
        reverse("volunteering:sign_up_action", kwargs={"pk": entry.pk}),
        reverse("volunteering:inspection", kwargs={"pk": entry.pk}),
        reverse("volunteering:attendance", kwargs={"pk": shift.pk}),
        reverse("volunteering:other_hours_decide", kwargs={"pk": 1}),
        reverse("volunteering:mine"),
        reverse("volunteering:profile"),
        reverse("volunteering:matching", kwargs={"pk": call.pk}),
    ]


def _resources_urls(district_a) -> list[str]:
    from quartier.resources.models import BookingStatus
    from tests.resources.conftest import at, book, make_resource

    resource = make_resource(district_a)
    booking = book(resource, at(2, 10), at(2, 12), status=BookingStatus.REQUESTED)
    return [
        reverse("resources:book", kwargs={"slug": resource.slug}),
        reverse("resources:book_for", kwargs={"slug": resource.slug}),
        reverse("resources:resource_create"),
        reverse("resources:resource_edit", kwargs={"slug": resource.slug}),
        booking.get_staff_url(),
        booking.get_absolute_url(),
    ]


def _funding_urls(district_a) -> list[str]:
    from tests.funding.conftest import make_application, make_programme

    return [
        reverse("funding:create"),
        make_application(district_a).get_absolute_url(),
        reverse("funding:programme_create"),
        reverse("funding:programme_edit", kwargs={"pk": make_programme().pk}),
    ]


def _network_urls(district_a) -> list[str]:
    from quartier.network.models import ActionItem, Membership
    from tests import factories
    from tests.network.conftest import make_meeting, make_organisation, make_round_table

    round_table = make_round_table(district_a)
    meeting = make_meeting(round_table)
    person = factories.make_user()
    membership = Membership.objects.create(round_table=round_table, user=person)
    item = ActionItem.objects.create(
        round_table=round_table, meeting=meeting, title="A", owner_user=person, due=meeting.start.date()
    )
    from quartier.network.models import ContactPerson, Partnership

    contact = ContactPerson.objects.create(organisation=make_organisation(district_a), name="K")
    invitation = Partnership.objects.create(organisation=contact.organisation, email="p@example.org")
    return [
        reverse("network:partner_invite", kwargs={"pk": contact.organisation_id}),
        invitation.get_absolute_url(),
        reverse("network:partner_edit", kwargs={"slug": contact.organisation.slug}),
        reverse("network:partner_propose", kwargs={"slug": contact.organisation.slug}),
        reverse("network:contact_create", kwargs={"pk": contact.organisation_id}),
        reverse("network:contact_edit", kwargs={"pk": contact.pk}),
        reverse("network:contact_remove", kwargs={"pk": contact.pk}),
        reverse("network:create"),
        reverse("network:edit", kwargs={"pk": make_organisation(district_a).pk}),
        reverse("network:round_table_create"),
        reverse("network:round_table_manage", kwargs={"pk": round_table.pk}),
        reverse("network:member_add", kwargs={"pk": round_table.pk}),
        reverse("network:member_remove", kwargs={"pk": membership.pk}),
        reverse("network:meeting_create", kwargs={"pk": round_table.pk}),
        reverse("network:meeting_manage", kwargs={"pk": meeting.pk}),
        reverse("network:meeting_invite", kwargs={"pk": meeting.pk}),
        reverse("network:meeting_minutes", kwargs={"pk": meeting.pk}),
        reverse("network:decision_add", kwargs={"pk": meeting.pk}),
        reverse("network:action_item_add", kwargs={"pk": meeting.pk}),
        reverse("network:agenda_propose", kwargs={"pk": meeting.pk}),
        reverse("network:action_status", kwargs={"pk": item.pk}),
    ]


def _news_urls(district_a) -> list[str]:
    from quartier.news.models import Subscription, SubscriptionRequest
    from tests.news.conftest import make_post

    pending = SubscriptionRequest.objects.create(email="n@example.org", consent_text="Ja", source="Web")
    subscription = Subscription.objects.create(email="s@example.org")
    # The one-click unsubscribe URL is exempt on purpose (RFC 8058: mail programs post there).
    return [
        reverse("news:create"),
        reverse("news:edit", kwargs={"pk": make_post(district_a).pk}),
        reverse("news:subscribe"),
        pending.get_absolute_url(),
        subscription.get_absolute_url(),
    ]


def _inquiry_urls(district_a) -> list[str]:
    from tests import factories

    inquiry = factories.make_inquiry(district_a)
    return [
        reverse("inquiries:create"),
        inquiry.get_private_url(),
        inquiry.get_absolute_url(),
        reverse("inquiries:bulk_assign"),
        reverse("inquiries:record"),
        reverse("inquiries:category_new"),
        reverse("inquiries:template_new"),
        *_forwarding_urls(inquiry),
    ]


def _forwarding_urls(inquiry) -> list[str]:
    """Forwarding from the inbox, the coordinators' department list, and the department's answer."""
    from quartier.inquiries import forwarding
    from quartier.inquiries.departments import Department
    from tests import factories

    department = Department.objects.create(name="Bauhof CSRF", email="bauhof@example.org")
    sender = factories.make_user("forwarder-csrf@example.org", is_coordinator=True)
    sent = forwarding.forward_inquiry(inquiry=inquiry, department=department, note="", include_contact=False, by=sender)
    return [
        reverse("inquiries:forward", kwargs={"pk": inquiry.pk}),
        reverse("inquiries:department_new"),
        reverse("inquiries:department_edit", kwargs={"pk": department.pk}),
        sent.get_private_url(),
    ]


def _participation_urls(district_a) -> list[str]:
    from quartier.participation.services import post_comment
    from tests import factories
    from tests.participation.conftest import make_idea
    from tests.surveys.conftest import make_survey

    author = factories.make_user()
    idea = make_idea(district_a, author)
    comment = post_comment(idea=idea, author=author, text="Kommentar")
    survey = make_survey(district_a)
    return [
        reverse("participation:idea_create"),
        reverse("participation:idea_edit", kwargs={"pk": idea.pk}),
        reverse("participation:idea_support", kwargs={"pk": idea.pk}),
        reverse("participation:idea_follow", kwargs={"pk": idea.pk}),
        reverse("participation:comment_create", kwargs={"pk": idea.pk}),
        reverse("participation:comment_edit", kwargs={"pk": comment.pk}),
        reverse("participation:comment_delete", kwargs={"pk": comment.pk}),
        reverse("participation:idea_status", kwargs={"pk": idea.pk}),
        reverse("projects:idea_to_project", kwargs={"pk": idea.pk}),
        reverse("participation:report", kwargs={"kind": "idee", "pk": idea.pk}),
        reverse("participation:moderation"),
        reverse("participation:moderate", kwargs={"kind": "kommentar", "pk": comment.pk}),
        reverse("participation:block", kwargs={"pk": author.pk}),
        reverse("surveys:create"),
        reverse("surveys:edit", kwargs={"pk": survey.pk}),
        survey.get_absolute_url(),
    ]


def _projects_events_urls(district_a) -> list[str]:
    from quartier.events.services import register_for_event
    from tests import factories

    project = factories.make_project(district_a)
    event = factories.make_event(district_a, registration_required=True, capacity=5)
    event_date = event.dates.get()
    registration = register_for_event(event_date=event_date, name="R", email="r@example.org")
    return [
        reverse("projects:create"),
        reverse("projects:edit", kwargs={"pk": project.pk}),
        reverse("projects:update_create", kwargs={"pk": project.pk}),
        reverse("events:create"),
        reverse("events:edit", kwargs={"pk": event.pk}),
        reverse("events:publish", kwargs={"pk": event.pk}),
        reverse("events:date_edit", kwargs={"pk": event_date.pk}),
        reverse("events:register_on_behalf", kwargs={"pk": event_date.pk}),
        reverse("events:attendance", kwargs={"pk": event_date.pk}),
        reverse("events:registration_action", kwargs={"pk": registration.pk}),
        reverse("events:register", kwargs={"pk": event.pk, "date_pk": event_date.pk}),
        reverse("events:registration", kwargs={"token": registration.token}),
        reverse("events:propose"),
    ]


def test_posts_without_csrf_token_are_refused(csrf_client_factory, coordinator, district_a):
    client = csrf_client_factory(coordinator)
    for url in state_changing_urls(district_a):
        response = client.post(url, {"portrait": "x", "name": "x", "confirm": "on", "language": "en"})
        assert response.status_code == 403, url
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_anonymous_posts_without_csrf_token_are_refused(csrf_client_factory, district_a):
    client = csrf_client_factory()
    for url in (reverse("account_login"), reverse("account_signup"), reverse("account_reset_password")):
        assert client.post(url, {"login": "a@example.org", "password": "x"}).status_code == 403, url
