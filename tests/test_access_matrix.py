"""Every staff URL against every role: each gets exactly what its role allows.

The URL configuration is walked, so a new staff URL fails this test until its row
in EXPECTED says who may use it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import signed_in

STAFF_PREFIXES = ("cockpit/",)
LOGIN = "login"
# url name -> expected outcome per persona, for objects of district A.
EXPECTED: dict[str, dict[str, Any]] = {
    "inquiries:inbox": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 200,
        "staff_b": 200,
        "coordinator": 200,
        "administrator": 200,
    },
    "inquiries:export": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 200,
        "staff_b": 200,
        "coordinator": 200,
        "administrator": 200,
    },
    "inquiries:record": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 200,
        "staff_b": 200,
        "coordinator": 200,
        "administrator": 200,
    },
    "inquiries:bulk_assign": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 405,
        "staff_b": 405,
        "coordinator": 405,
        "administrator": 405,
    },
    "inquiries:detail": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 200,
        "staff_b": 404,
        "coordinator": 200,
        "administrator": 200,
    },
    "inquiries:photo": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 200,
        "staff_b": 404,
        "coordinator": 200,
        "administrator": 200,
    },
    "inquiries:categories": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 403,
        "staff_b": 403,
        "coordinator": 200,
        "administrator": 200,
    },
    "inquiries:category_new": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 403,
        "staff_b": 403,
        "coordinator": 200,
        "administrator": 200,
    },
    "inquiries:category_edit": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 403,
        "staff_b": 403,
        "coordinator": 200,
        "administrator": 200,
    },
    "inquiries:templates": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 403,
        "staff_b": 403,
        "coordinator": 200,
        "administrator": 200,
    },
    "inquiries:template_new": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 403,
        "staff_b": 403,
        "coordinator": 200,
        "administrator": 200,
    },
    "inquiries:template_edit": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 403,
        "staff_b": 403,
        "coordinator": 200,
        "administrator": 200,
    },
    "places:cockpit": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 200,
        "staff_b": 200,
        "coordinator": 200,
        "administrator": 200,
    },
    "places:district_edit": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 200,
        "staff_b": 403,
        "coordinator": 200,
        "administrator": 200,
    },
    "places:contact_point_edit": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 200,
        "staff_b": 403,
        "coordinator": 200,
        "administrator": 200,
    },
}

# Projects and events: every staff member may open the lists and the create forms; pages
# of one project, event or date only staff of its district (and coordinators). The
# POST-only actions answer 405 to a GET from anyone who passed the staff gate.
_ALL_STAFF = {
    "anonymous": LOGIN,
    "resident": 403,
    "staff_a": 200,
    "staff_b": 200,
    "coordinator": 200,
    "administrator": 200,
}
_DISTRICT_A = {**_ALL_STAFF, "staff_b": 403}
_POST_ONLY = {**_ALL_STAFF, "staff_a": 405, "staff_b": 405, "coordinator": 405, "administrator": 405}
EXPECTED.update(
    {
        "projects:cockpit": _ALL_STAFF,
        "projects:create": _ALL_STAFF,
        "projects:edit": _DISTRICT_A,
        "projects:update_create": _DISTRICT_A,
        "events:cockpit": _ALL_STAFF,
        "events:create": _ALL_STAFF,
        "events:edit": _DISTRICT_A,
        "events:cockpit_dates": _DISTRICT_A,
        "events:date_edit": _DISTRICT_A,
        "events:participants": _DISTRICT_A,
        "events:participants_csv": _DISTRICT_A,
        "events:register_on_behalf": _DISTRICT_A,
        "events:publish": _POST_ONLY,
        "events:attendance": _POST_ONLY,
        "events:registration_action": _POST_ONLY,
    }
)


# Ideas: every staff member sees the cockpit list (of their districts); an idea's status
# page and "turn into project" only staff of its district and coordinators.
EXPECTED.update(
    {
        "participation:cockpit": _ALL_STAFF,
        "participation:idea_status": _DISTRICT_A,
        "projects:idea_to_project": _POST_ONLY,
        "participation:moderation": _ALL_STAFF,
        "participation:moderation_history": _ALL_STAFF,
        "participation:moderate": _DISTRICT_A,
        # Blocking is town-wide: coordinators only.
        "participation:block": {**_DISTRICT_A, "staff_a": 403},
        "surveys:cockpit": _ALL_STAFF,
        "surveys:create": _ALL_STAFF,
        "surveys:edit": _DISTRICT_A,
        "surveys:csv": _DISTRICT_A,
        "surveys:close": _POST_ONLY,
    }
)


# Forwarding to departments: every staff member sees the list (with figures of their districts'
# forwards); coordinators keep it; forwarding and a department's photo only in one's districts.
_COORDINATORS = {**_ALL_STAFF, "staff_a": 403, "staff_b": 403}
EXPECTED.update(
    {
        "inquiries:departments": _ALL_STAFF,
        "inquiries:department_new": _COORDINATORS,
        "inquiries:department_edit": _COORDINATORS,
        "inquiries:forward": {**_ALL_STAFF, "staff_b": 404},
        "inquiries:forward_photo": {**_ALL_STAFF, "staff_b": 404},
    }
)

# Helper calls: the list and the new-call form for every staff member; a call's roster, its
# CSV, sign-ups on someone's behalf and its shifts only for staff of its district.
EXPECTED.update(
    {
        "volunteering:cockpit": _ALL_STAFF,
        "volunteering:create": _ALL_STAFF,
        "volunteering:roster": _DISTRICT_A,
        "volunteering:roster_csv": _DISTRICT_A,
        "volunteering:on_behalf": _DISTRICT_A,
        "volunteering:shift_edit": _DISTRICT_A,
        "volunteering:message": _DISTRICT_A,
        "volunteering:matching": _DISTRICT_A,
        "volunteering:card_list": _ALL_STAFF,
        "volunteering:inspections": _ALL_STAFF,
        "volunteering:inspection": _POST_ONLY,
        "volunteering:attendance": _DISTRICT_A,
        "volunteering:other_hours": _ALL_STAFF,
        "volunteering:other_hours_decide": _POST_ONLY,
        "volunteering:copy": _POST_ONLY,
        "volunteering:publish": _POST_ONLY,
        "volunteering:sign_up_action": _POST_ONLY,
    }
)

# Bookings: the cockpit and the utilisation of one's districts for every staff member; a
# booking and booking a resource only in its district (another district's: not found).
EXPECTED.update(
    {
        "resources:cockpit": _ALL_STAFF,
        "resources:utilisation": _ALL_STAFF,
        "resources:staff_booking": {**_ALL_STAFF, "staff_b": 404},
        "resources:book_for": {**_ALL_STAFF, "staff_b": 404},
        "resources:resource_create": _ALL_STAFF,
        # Equipment for a helper call: staff who manage the call (another district's: refused).
        "resources:book_for_call": _DISTRICT_A,
        "resources:resource_edit": {**_ALL_STAFF, "staff_b": 404},
    }
)


# The directory: every staff member sees the list (of their districts), the create form and the
# matrix; an organisation's edit page only staff of its district and coordinators.
EXPECTED.update(
    {
        "network:cockpit": _ALL_STAFF,
        "network:create": _ALL_STAFF,
        "network:matrix": _ALL_STAFF,
        "network:edit": _DISTRICT_A,
        "network:round_table_cockpit": _ALL_STAFF,
        "network:round_table_create": _ALL_STAFF,
        "network:round_table_manage": _DISTRICT_A,
        "network:meeting_manage": _DISTRICT_A,
        "network:member_add": _POST_ONLY,
        "network:member_remove": _POST_ONLY,
        "network:meeting_create": _POST_ONLY,
        "network:meeting_invite": _POST_ONLY,
        "network:meeting_minutes": _POST_ONLY,
        "network:decision_add": _POST_ONLY,
        "network:action_item_add": _POST_ONLY,
        "network:contact_create": _DISTRICT_A,
        "network:contact_edit": _DISTRICT_A,
        "network:contact_remove": _POST_ONLY,
        "network:partner_invite": _POST_ONLY,
    }
)

# News: every staff member writes (for their districts); a post's edit page only its district's
# staff and coordinators.
EXPECTED.update(
    {
        "news:cockpit": _ALL_STAFF,
        "news:create": _ALL_STAFF,
        "news:edit": _DISTRICT_A,
        "news:publish": _POST_ONLY,
        "news:decline": _POST_ONLY,
    }
)
# Campaigns: every staff member writes them; a campaign of district A (to its list) only its
# district's staff and coordinators; sending, testing and scheduling are POST only.
EXPECTED.update(
    {
        "news:campaigns": _ALL_STAFF,
        "news:campaign_create": _ALL_STAFF,
        "news:campaign": _DISTRICT_A,
        "news:campaign_edit": _DISTRICT_A,
        "news:campaign_preview": _DISTRICT_A,
        "news:campaign_pdf": _DISTRICT_A,
        "news:campaign_test": _POST_ONLY,
        "news:campaign_send": _POST_ONLY,
        "news:campaign_schedule": _POST_ONLY,
        "news:campaign_unschedule": _POST_ONLY,
    }
)
# Funding: the list and the new-application form for every staff member (the list holds their
# districts' applications); an application only for staff of its projects' districts.
EXPECTED.update(
    {
        "funding:cockpit": _ALL_STAFF,
        "funding:create": _ALL_STAFF,
        "funding:detail": {**_ALL_STAFF, "staff_b": 404},
        "funding:overview": _ALL_STAFF,
        "funding:calendar": _ALL_STAFF,
        "funding:feed_token": _POST_ONLY,
        "funding:document_upload": _POST_ONLY,
        "funding:document_delete": _POST_ONLY,
        "funding:condition_add": _POST_ONLY,
        "funding:condition_change": _POST_ONLY,
        # Partners of the applicant read these too, so a resident is not refused but finds nothing.
        **{
            name: {**_ALL_STAFF, "resident": 404, "staff_b": 404}
            for name in (
                "funding:plan",
                "funding:proof",
                "funding:proof_print",
                "funding:proof_pdf",
                "funding:proof_csv",
            )
        },
        "funding:programme_cockpit": _COORDINATORS,
        "funding:programme_create": _COORDINATORS,
        "funding:programme_edit": _COORDINATORS,
    }
)


def _network_url(name: str, district_a) -> str:
    """The cockpit lists, or pages of a round table of district A, one of its meetings and members."""
    from django.urls import reverse

    from quartier.network.models import Membership
    from tests import factories
    from tests.network.conftest import make_meeting, make_round_table

    if name in {"network:cockpit", "network:create", "network:matrix", "network:round_table_cockpit"}:
        return reverse(name)
    if name == "network:round_table_create":
        return reverse(name)
    round_table = make_round_table(district_a)
    if name in {"network:round_table_manage", "network:member_add", "network:meeting_create"}:
        return reverse(name, kwargs={"pk": round_table.pk})
    if name == "network:member_remove":
        membership = Membership.objects.create(round_table=round_table, user=factories.make_user())
        return reverse(name, kwargs={"pk": membership.pk})
    return reverse(name, kwargs={"pk": make_meeting(round_table).pk})


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((f"{namespace}{pattern.name}", route))
    return found


def staff_url_names() -> set[str]:
    return {name for name, route in _walk(get_resolver().url_patterns) if route.startswith(STAFF_PREFIXES)}


def test_every_staff_url_has_an_expectation():
    assert staff_url_names() == set(EXPECTED)


def _url_for(name: str, district_a) -> str:
    from django.urls import reverse

    if name.startswith("inquiries:"):
        return _inquiry_url(name, district_a)
    if name.startswith(("participation:", "surveys:")) or name == "projects:idea_to_project":
        return _participation_url(name, district_a)
    if name.startswith(("projects:", "events:")):
        return _projects_events_url(name, district_a)
    if name.startswith("volunteering:"):
        return _volunteering_url(name, district_a)
    if name.startswith("resources:"):
        return _resources_url(name, district_a)
    if name in {"network:edit", "network:contact_create", "network:partner_invite"}:
        from tests.network.conftest import make_organisation

        return reverse(name, kwargs={"pk": make_organisation(district_a).pk})
    if name in {"network:contact_edit", "network:contact_remove"}:
        from quartier.network.models import ContactPerson
        from tests.network.conftest import make_organisation

        contact = ContactPerson.objects.create(organisation=make_organisation(district_a), name="K")
        return reverse(name, kwargs={"pk": contact.pk})
    if name.startswith("network:"):
        return _network_url(name, district_a)
    if name in {"news:edit", "news:publish", "news:decline"}:
        from tests.news.conftest import make_post

        return reverse(name, kwargs={"pk": make_post(district_a).pk})
    if (name.startswith("news:campaign_") and name != "news:campaign_create") or name == "news:campaign":
        from quartier.news.models import Campaign, NewsletterList

        campaign = Campaign.objects.create(subject="Ortsteilbrief", district=district_a)
        campaign.lists.set([NewsletterList.objects.create(name="Brief A", slug="brief-a", district=district_a)])
        return reverse(name, kwargs={"pk": campaign.pk})
    if name.startswith("news:"):
        return reverse(name)
    if name == "funding:detail":
        from tests.funding.conftest import make_application

        return make_application(district_a).get_absolute_url()
    if name in {"funding:plan", "funding:proof", "funding:proof_print", "funding:proof_pdf", "funding:proof_csv"}:
        from tests.funding.conftest import make_application

        return reverse(name, kwargs={"pk": make_application(district_a).pk})
    if name in {"funding:document_upload", "funding:condition_add"}:
        from tests.funding.conftest import make_application

        return reverse(name, kwargs={"pk": make_application(district_a).pk})
    if name in {"funding:document_delete", "funding:condition_change"}:
        from tests.funding.conftest import make_application

        key = "document" if name == "funding:document_delete" else "condition"
        return reverse(name, kwargs={"pk": make_application(district_a).pk, key: 1})
    if name == "funding:programme_edit":
        from tests.funding.conftest import make_programme

        return reverse(name, kwargs={"pk": make_programme().pk})
    if name.startswith("funding:"):
        return reverse(name)
    kwargs = {
        "places:cockpit": {},
        "places:district_edit": {"slug": district_a.slug},
        "places:contact_point_edit": {"pk": district_a.contact_point_id},
    }[name]
    return reverse(name, kwargs=kwargs)


def _resources_url(name: str, district_a) -> str:
    from django.urls import reverse

    from quartier.resources.models import BookingStatus
    from tests.resources.conftest import at, book, make_resource

    resource = make_resource(district_a)
    if name == "resources:book_for_call":
        from tests import factories

        return reverse(name, kwargs={"pk": factories.make_helper_call(district_a).pk})
    if name in {"resources:book_for", "resources:resource_edit"}:
        return reverse(name, kwargs={"slug": resource.slug})
    if name == "resources:staff_booking":
        return book(resource, at(2, 10), at(2, 12), status=BookingStatus.REQUESTED).get_staff_url()
    return reverse(name)


def _projects_events_url(name: str, district_a) -> str:
    """Pages of a project, an event with registration, one of its dates and a registration, all in district A."""
    from django.urls import reverse

    from quartier.events.services import register_for_event
    from tests import factories

    if name in {"projects:cockpit", "projects:create", "events:cockpit", "events:create"}:
        return reverse(name)
    if name.startswith("projects:"):
        return reverse(name, kwargs={"pk": factories.make_project(district_a).pk})
    event = factories.make_event(district_a, registration_required=True, capacity=5)
    if name in {"events:edit", "events:cockpit_dates", "events:publish"}:
        return reverse(name, kwargs={"pk": event.pk})
    event_date = event.dates.get()
    if name == "events:registration_action":
        registration = register_for_event(event_date=event_date, name="R", email="r@example.org")
        return reverse(name, kwargs={"pk": registration.pk})
    return reverse(name, kwargs={"pk": event_date.pk})


def _volunteering_url(name: str, district_a) -> str:
    """The cockpit list and form, or the pages of a helper call in district A, its shift and a sign-up."""
    from django.urls import reverse

    from quartier.volunteering.services import sign_up
    from tests import factories

    if name in {
        "volunteering:cockpit",
        "volunteering:create",
        "volunteering:inspections",
        "volunteering:other_hours",
        "volunteering:card_list",
    }:
        return reverse(name)
    call = factories.make_helper_call(district_a)
    shift = call.shifts.get()
    if name == "volunteering:other_hours_decide":
        from datetime import date

        from quartier.volunteering.models import OtherHours

        hours_row = OtherHours.objects.create(
            district=district_a, activity="A", organisation="O", day=date(2026, 1, 1), hours=2
        )
        return reverse(name, kwargs={"pk": hours_row.pk})
    if name in {"volunteering:shift_edit", "volunteering:attendance"}:
        return reverse(name, kwargs={"pk": shift.pk})
    if name in {"volunteering:sign_up_action", "volunteering:inspection"}:
        entry = sign_up(shifts=[shift], name="R", email="r@example.org").sign_ups[0]
        return reverse(name, kwargs={"pk": entry.pk})
    return reverse(name, kwargs={"pk": call.pk})


def _participation_url(name: str, district_a) -> str:
    """The cockpit list, or the pages of an idea in district A."""
    from django.urls import reverse

    from tests import factories
    from tests.participation.conftest import make_idea

    if name in {
        "participation:cockpit",
        "participation:moderation",
        "participation:moderation_history",
        "surveys:cockpit",
        "surveys:create",
    }:
        return reverse(name)
    if name in {"surveys:edit", "surveys:csv", "surveys:close"}:
        from tests.surveys.conftest import make_survey

        return reverse(name, kwargs={"pk": make_survey(district_a).pk})
    idea = make_idea(district_a, factories.make_user())
    if name == "participation:moderate":
        return reverse(name, kwargs={"kind": "idee", "pk": idea.pk})
    if name == "participation:block":
        return reverse(name, kwargs={"pk": idea.author_id})
    return reverse(name, kwargs={"pk": make_idea(district_a, factories.make_user()).pk})


def _inquiry_url(name: str, district_a) -> str:
    """Inquiry pages of an inquiry (with a photo) of district A; category and template pages by pk."""
    from django.core.files.base import ContentFile
    from django.urls import reverse

    from quartier.inquiries.models import AnswerTemplate
    from tests import factories
    from tests.images import image_bytes

    if name in {"inquiries:department_edit", "inquiries:forward", "inquiries:forward_photo"}:
        return _forwarding_url(name, district_a)
    if name in {"inquiries:detail", "inquiries:photo"}:
        inquiry = factories.make_inquiry(district_a, photo=ContentFile(image_bytes(), name="matrix.jpg"))
        return reverse(name, kwargs={"pk": inquiry.pk})
    if name == "inquiries:category_edit":
        return reverse(name, kwargs={"pk": factories.make_category(unique=True).pk})
    if name == "inquiries:template_edit":
        return reverse(name, kwargs={"pk": AnswerTemplate.objects.create(title="Danke", body="Danke!").pk})
    return reverse(name)


@pytest.fixture
def personas(resident, staff_a, staff_b, coordinator, administrator) -> dict[str, Client]:
    return {
        "anonymous": Client(),
        "resident": signed_in(resident, second_factor=False),
        "staff_a": signed_in(staff_a),
        "staff_b": signed_in(staff_b),
        "coordinator": signed_in(coordinator),
        "administrator": signed_in(administrator),
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_gets_exactly_what_it_may(name, personas, district_a):
    url = _url_for(name, district_a)
    for persona, expected in EXPECTED[name].items():
        response = personas[persona].get(url)
        if expected == LOGIN:
            assert response.status_code == 302, (persona, url)
            assert "/konto/login/" in response["Location"], (persona, url)
        else:
            assert response.status_code == expected, (persona, url, response.status_code)


def test_django_admin_is_for_administrators_only(personas):
    assert personas["administrator"].get("/verwaltung/").status_code == 200
    assert personas["coordinator"].get("/verwaltung/").status_code == 403
    assert personas["resident"].get("/verwaltung/").status_code == 403
    response = personas["anonymous"].get("/verwaltung/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_admin_without_second_factor_is_sent_to_confirm_it(administrator):
    response = signed_in(administrator, second_factor=False).get("/verwaltung/")
    assert response.status_code == 302
    assert "/konto/2fa/reauthenticate/" in response["Location"]


def _forwarding_url(name: str, district_a) -> str:
    """A department, and a forward of an inquiry of district A answered with a photo."""
    import uuid

    from django.core.files.base import ContentFile
    from django.urls import reverse

    from quartier.core.images import clean_image
    from quartier.inquiries import forwarding
    from quartier.inquiries.departments import Department, Forward
    from tests import factories
    from tests.images import image_bytes

    department = Department.objects.create(name=f"Amt {uuid.uuid4().hex}", email="amt@example.org")
    if name == "inquiries:department_edit":
        return reverse(name, kwargs={"pk": department.pk})
    inquiry = factories.make_inquiry(district_a)
    if name == "inquiries:forward":
        return reverse(name, kwargs={"pk": inquiry.pk})
    sender = factories.make_user(f"forwarder-{department.pk}@example.org", is_coordinator=True)
    sent = forwarding.forward_inquiry(inquiry=inquiry, department=department, note="", include_contact=False, by=sender)
    photo = clean_image(ContentFile(image_bytes(), name="done.jpg"))
    forwarding.answer_forward(forward=sent, state=Forward.State.DONE, answer="Erledigt.", photo=photo)
    return reverse(name, kwargs={"pk": sent.pk})
