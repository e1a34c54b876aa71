"""The demo town as people meet it right after `quartier demo`."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from quartier.accounts.models import User
from quartier.participation.models import Idea
from quartier.participation.moderation import IDEAS_PER_HOUR, check_contribution

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_town(settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_demo_data_never_counts_against_the_demo_residents_limits(demo_town):
    resident = User.objects.get(email="bewohnerin@example.org")
    assert Idea.objects.filter(author=resident).count() > IDEAS_PER_HOUR  # the loader's ideas are hers
    check_contribution(user=resident, text="Ein Trinkbrunnen am Marktplatz.", kind="idea")
    check_contribution(user=resident, text="Gute Idee, ich helfe mit.", kind="comment")


def test_demo_departments_have_forwards_in_every_state(demo_town):
    from quartier.inquiries.departments import Department, Forward

    assert {"Bauhof", "Ordnungsamt", "Jugendamt", "Straßenmeisterei des Kreises"} <= set(
        Department.objects.values_list("name", flat=True)
    )
    assert set(Forward.objects.values_list("state", flat=True)) == set(Forward.State.values)
    assert Forward.objects.overdue().exists()
    count = Forward.objects.count()
    call_command("load_demo")
    assert Forward.objects.count() == count


def test_demo_replies_read_like_replies_and_match_their_status(demo_town):
    from quartier.inquiries.models import Inquiry, InquiryEvent

    replies = InquiryEvent.objects.filter(kind=InquiryEvent.Kind.REPLY).select_related("inquiry")
    by_status: dict[str, set[str]] = {}
    for reply in replies:
        by_status.setdefault(reply.inquiry.status, set()).add(reply.body)
    assert all("?" in body for body in by_status[Inquiry.Status.WAITING])  # waiting for the sender: asks something
    assert not by_status[Inquiry.Status.WAITING] & by_status[Inquiry.Status.CLOSED]
    assert not by_status[Inquiry.Status.ANSWERED] & by_status[Inquiry.Status.CLOSED]
    assert len({body for bodies in by_status.values() for body in bodies}) >= 6
    open_public = Inquiry.objects.filter(is_public=True, status=Inquiry.Status.IN_PROGRESS)
    assert all("gekümmert" not in inquiry.public_answer for inquiry in open_public)


def test_demo_data_is_no_news_for_staff(demo_town, mailoutbox):
    from quartier.places.models import StaffNotice

    assert not StaffNotice.objects.exists()
    assert not mailoutbox
