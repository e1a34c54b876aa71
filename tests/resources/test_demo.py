"""The demo town's things and rooms: what the issue names, past and future bookings, one
overdue, a weekly group, no two holding bookings overlapping, and nothing twice on a reload."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from quartier.resources.models import Booking, BookingStatus, Resource


@pytest.fixture
def demo_town(db, settings):
    settings.DEBUG = True  # the demo loads only into a development site
    call_command("load_demo")


def test_demo_has_the_resources_and_bookings_of_the_issue(demo_town):
    names = set(Resource.objects.values_list("name", flat=True))
    assert {"Spielekiste", "Wohnwagen der Jugendarbeit", "Stadtlabor", "Bürgertreff Hohenhain"} <= names
    assert Resource.objects.filter(name__startswith="Jugendraum").count() == 2
    assert "Carrom-Brett" in Resource.objects.get(slug="spielekiste").contents
    assert Booking.objects.overdue().count() == 1
    assert Booking.objects.filter(status=BookingStatus.REQUESTED).exists()
    assert Booking.objects.filter(status=BookingStatus.RETURNED).exists()
    weekly = Booking.objects.filter(series__isnull=False)
    assert weekly.count() == 12
    assert weekly.values("series").distinct().count() == 1
    (for_meeting,) = Booking.objects.filter(meeting__isnull=False)  # the regular round's next meeting
    assert (for_meeting.resource.slug, for_meeting.status) == ("stadtlabor", BookingStatus.CONFIRMED)
    meeting = for_meeting.meeting
    assert meeting is not None
    assert (for_meeting.start, for_meeting.end) == (meeting.start, meeting.end)
    for booking in Booking.objects.holding():
        clashes = Booking.objects.holding().filter(resource=booking.resource).exclude(pk=booking.pk)
        assert not clashes.overlapping(booking.blocked_start, booking.blocked_end).exists(), booking


def test_loading_the_demo_again_adds_nothing(demo_town):
    counts = Resource.objects.count(), Booking.objects.count()
    call_command("load_demo")
    assert (Resource.objects.count(), Booking.objects.count()) == counts
