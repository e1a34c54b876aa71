"""The cockpit's "Heute": every app's tiles with a count for the person's districts and a link
to the list filtered to what was counted."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from quartier.core import registry
from quartier.events.models import Registration
from tests import factories


def _tile_names():
    return {tile.name for tile in registry.cockpit_tiles}


def test_the_tiles_the_issue_asks_for_are_registered():
    assert _tile_names() >= {
        "inquiries_overdue",  # overdue inquiries
        "events_registrations",  # registrations to approve
        "moderation",  # moderation reports
        "resources_requests",  # bookings to decide
        "resources_today",  # today's handovers
        "volunteering",  # shifts lacking people
        "network_overdue",  # action items due
        "funding",  # funding deadlines
        "news",  # partners' proposed posts
    }


def test_overdue_inquiries_tile_counts_own_districts_and_links_the_filter(district_a, district_b, staff_a, as_user):
    category = factories.make_category()
    long_ago = timezone.now() - timedelta(days=40)
    factories.make_inquiry(district_a, category, created_at=long_ago)
    factories.make_inquiry(district_a, category, created_at=long_ago, first_response_at=long_ago + timedelta(days=1))
    factories.make_inquiry(district_a, category)  # new: not yet overdue
    factories.make_inquiry(district_b, category, created_at=long_ago)  # another district
    tile = registry.cockpit_tiles.get("inquiries_overdue")
    assert tile.count is not None
    assert tile.count(staff_a) == 1
    page = as_user(staff_a).get("/cockpit/").content.decode()
    assert "Heute" in page
    assert "/cockpit/anliegen/?overdue=1" in page
    inbox = as_user(staff_a).get("/cockpit/anliegen/?overdue=1")
    assert inbox.status_code == 200


def test_registrations_to_confirm_tile_and_filtered_list(district_a, district_b, staff_a, as_user):
    mine = factories.make_event(district_a, title="Kochkurs", requires_approval=True, registration_required=True)
    other = factories.make_event(district_a, title="Lesung")
    foreign = factories.make_event(district_b, title="Fremder Kurs")
    Registration.objects.create(event_date=mine.dates.get(), name="Ute", status="pending")
    Registration.objects.create(event_date=mine.dates.get(), name="Udo", status="pending")
    Registration.objects.create(event_date=other.dates.get(), name="Ida", status="confirmed")
    Registration.objects.create(event_date=foreign.dates.get(), name="Fritz", status="pending")
    tile = registry.cockpit_tiles.get("events_registrations")
    assert tile.count is not None
    assert tile.count(staff_a) == 2
    page = as_user(staff_a).get("/cockpit/termine/?pending=1").content.decode()
    assert "Kochkurs" in page
    assert "Lesung" not in page
    assert "Fremder Kurs" not in page
    assert "Lesung" in as_user(staff_a).get("/cockpit/termine/").content.decode()
