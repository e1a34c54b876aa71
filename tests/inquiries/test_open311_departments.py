"""Open311 names the department that acts on a forwarded public request, and its status notes."""

from __future__ import annotations

from quartier.inquiries import forwarding
from quartier.inquiries.departments import Department, Forward
from quartier.inquiries.models import Category
from tests import factories

BASE = "/open311/v2"


def test_agency_responsible_is_the_acting_department(client, district_a, staff_a, django_assert_max_num_queries):
    service = Category.objects.create(name="Laternen", code="licht")
    county = Department.objects.create(name="Kreis", email="kreis@example.org")
    bauhof = Department.objects.create(name="Bauhof", email="bauhof@example.org")
    inquiry = factories.make_inquiry(district_a, service, is_public=True)
    plain = factories.make_inquiry(district_a, service, is_public=True)
    declined = forwarding.forward_inquiry(
        inquiry=inquiry, department=county, note="", include_contact=False, by=staff_a
    )
    forwarding.answer_forward(forward=declined, state=Forward.State.NOT_RESPONSIBLE, answer="Nicht wir, Herr Meier.")
    acting = forwarding.forward_inquiry(inquiry=inquiry, department=bauhof, note="", include_contact=False, by=staff_a)
    forwarding.answer_forward(forward=acting, state=Forward.State.IN_PROGRESS, answer="Bestellt bei Herrn Meier.")
    [item] = client.get(f"{BASE}/requests/{inquiry.number}.json").json()
    assert item["agency_responsible"] == "Bauhof"
    assert item["status_notes"] == "Weitergeleitet an Bauhof: In Bearbeitung"
    # The department's own words reach the public only through staff's public answer.
    assert "Meier" not in str(item)
    [other] = client.get(f"{BASE}/requests/{plain.number}.json").json()
    assert other["agency_responsible"] == district_a.contact_point.name
    with django_assert_max_num_queries(5):  # 4, and the page cache's data version
        items = client.get(f"{BASE}/requests.json").json()
    assert {entry["agency_responsible"] for entry in items} == {"Bauhof", district_a.contact_point.name}


def test_status_notes_carry_the_public_answer_when_there_is_one(client, district_a, staff_a):
    service = Category.objects.create(name="Laternen", code="licht")
    bauhof = Department.objects.create(name="Bauhof", email="bauhof@example.org")
    inquiry = factories.make_inquiry(district_a, service, is_public=True, public_answer="Die Laterne leuchtet wieder.")
    forwarding.forward_inquiry(inquiry=inquiry, department=bauhof, note="", include_contact=False, by=staff_a)
    [item] = client.get(f"{BASE}/requests/{inquiry.number}.json").json()
    assert item["status_notes"] == "Die Laterne leuchtet wieder."
    assert item["agency_responsible"] == "Bauhof"
