"""Open311 GeoReport v2, tested with the request and response examples of the specification
(http://wiki.open311.org/GeoReport_v2), with the town's own codes in place of "001"."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache

from quartier.inquiries.models import ApiKey, Category, Inquiry
from tests import factories

BASE = "/open311/v2"
# The specification's example POST, field by field.
SPEC_POST = {
    "api_key": "xyz",
    "jurisdiction_id": "city.gov",
    "service_code": "001",
    "lat": "37.76524078",
    "long": "-122.4212043",
    "address_string": "1234 5th street",
    "email": "smit333@sfgov.edu",
    "device_id": "tt222111",
    "account_id": "123456",
    "first_name": "john",
    "last_name": "smith",
    "phone": "111111111",
    "description": "A large sinkhole is destroying the street",
    "media_url": "http://test.com/bad_ass_pothole.jpg",
    "attribute[WHISPSOFT]": "2",
    "attribute[ISROADSLICK]": "NO",
}


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own response, not untrusted input


@pytest.fixture
def service(db):
    return Category.objects.create(
        name="Cans left out 24x7",
        code="001",
        group="sanitation",
        description="Garbage or recycling cans that have been left out for more than 24 hours after collection.",
    )


@pytest.fixture
def api_key(db):
    return ApiKey.objects.create(name="City app", key="xyz")


def test_discovery(client, town):
    data = client.get(f"{BASE}/discovery.json").json()
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    assert "application/json" in endpoint["formats"]
    assert parse_xml(client.get(f"{BASE}/discovery.xml").content).tag == "discovery"


def test_services_json_as_in_the_spec(client, service):
    assert client.get(f"{BASE}/services.json?jurisdiction_id=city.gov").json() == [
        {
            "service_code": "001",
            "service_name": "Cans left out 24x7",
            "description": service.description,
            "metadata": True,
            "type": "realtime",
            "keywords": "",
            "group": "sanitation",
        }
    ]


def test_services_xml_as_in_the_spec(client, service):
    response = client.get(f"{BASE}/services.xml?jurisdiction_id=city.gov")
    assert response["Content-Type"].startswith("text/xml")
    root = parse_xml(response.content)
    assert root.tag == "services"
    assert root.findtext("service/service_code") == "001"
    assert root.findtext("service/metadata") == "true"
    assert root.findtext("service/group") == "sanitation"


def test_service_definition(client, service, district_a):
    data = client.get(f"{BASE}/services/001.json").json()
    assert data["service_code"] == "001"
    codes = [attribute["code"] for attribute in data["attributes"]]
    assert codes == ["kind", "district", "public_consent"]
    district = data["attributes"][1]
    assert {"key": "alchen", "name": "Alchen"} in district["values"]
    assert client.get(f"{BASE}/services/nope.json").json() == [
        {"code": 404, "description": "service_code nope not found"}
    ]


def test_post_request_from_the_spec_example(
    client, service, api_key, district_a, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}/requests.json", SPEC_POST)
    assert response.status_code == 200
    [created] = response.json()
    assert set(created) == {"service_request_id", "service_notice", "account_id"}
    assert created["account_id"] is None
    inquiry = Inquiry.objects.get(number=created["service_request_id"])
    assert inquiry.channel == Inquiry.Channel.OPEN311
    assert inquiry.api_key == api_key
    assert inquiry.name == "john smith"
    assert inquiry.email == "smit333@sfgov.edu"
    assert inquiry.district == district_a  # the only district is the nearest one
    assert inquiry.text == "A large sinkhole is destroying the street"
    assert (inquiry.latitude, inquiry.longitude) == (37.76524078, -122.4212043)
    assert mail.outbox[0].to == ["smit333@sfgov.edu"]


def test_post_xml_response(client, service, api_key, district_a):
    root = parse_xml(client.post(f"{BASE}/requests.xml", SPEC_POST).content)
    assert root.tag == "service_requests"
    assert root.findtext("request/service_request_id") == Inquiry.objects.get().number


def test_post_with_invalid_key_gives_the_spec_error_format(client, service, district_a):
    response = client.post(f"{BASE}/requests.json", SPEC_POST)
    assert response.status_code == 403
    assert response.json() == [{"code": 403, "description": "api_key invalid"}]
    root = parse_xml(client.post(f"{BASE}/requests.xml", SPEC_POST).content)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "403"
    assert not Inquiry.objects.exists()


def test_keys_can_be_required(client, service, district_a, settings):
    settings.INQUIRY_OPEN311_REQUIRE_KEY = True
    data = {key: value for key, value in SPEC_POST.items() if key != "api_key"}
    assert client.post(f"{BASE}/requests.json", data).status_code == 403


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"service_code": "999"}, 404),
        ({"lat": "north"}, 400),
        ({"lat": "", "long": "", "address_string": ""}, 400),
        ({"email": "not-an-address"}, 400),
        ({"attribute[kind]": "rant"}, 400),
        ({"attribute[district]": "atlantis"}, 400),
    ],
)
def test_bad_posts_are_refused_in_the_spec_format(client, service, api_key, district_a, change, code):
    response = client.post(f"{BASE}/requests.json", {**SPEC_POST, **change})
    assert response.status_code == code
    [problem] = response.json()
    assert problem["code"] == code
    assert problem["description"]
    assert not Inquiry.objects.exists()


def test_district_attribute_or_name_in_address(client, service, api_key, district_a, district_b):
    data = {**SPEC_POST, "lat": "", "long": "", "address_string": "Dorfstraße 3, Bühl"}
    client.post(f"{BASE}/requests.json", data)
    assert Inquiry.objects.get().district == district_b


def test_anonymous_posts_are_rate_limited(client, service, district_a, settings):
    settings.INQUIRY_RATE_LIMIT = 1
    data = {key: value for key, value in SPEC_POST.items() if key != "api_key"}
    assert client.post(f"{BASE}/requests.json", data).status_code == 200
    assert client.post(f"{BASE}/requests.json", data).status_code == 429


def test_get_requests_lists_public_ones_only_and_no_personal_data(client, service, district_a):
    public = factories.make_inquiry(district_a, service, is_public=True, public_answer="Wird geleert.")
    hidden = factories.make_inquiry(district_a, service)
    data = client.get(f"{BASE}/requests.json").json()
    assert [item["service_request_id"] for item in data] == [public.number]
    [item] = data
    assert item["status"] == "open"
    assert item["status_notes"] == "Wird geleert."
    assert item["service_code"] == "001"
    text = str(data)
    assert "paula" not in text.lower()
    assert public.token not in text
    assert client.get(f"{BASE}/requests/{hidden.number}.json").status_code == 404
    assert client.get(f"{BASE}/requests.json?service_request_id={hidden.number}").json() == []


def test_get_requests_with_the_spec_example_filters(client, service, district_a):
    with time_machine.travel("2010-06-01 12:00 +00:00", tick=False):
        in_range = factories.make_inquiry(district_a, service, is_public=True)
        closed = factories.make_inquiry(district_a, service, is_public=True, status=Inquiry.Status.CLOSED)
    with time_machine.travel("2010-07-01 12:00 +00:00", tick=False):
        factories.make_inquiry(district_a, service, is_public=True)
    url = f"{BASE}/requests.json?start_date=2010-05-24T00:00:00Z&end_date=2010-06-24T00:00:00Z&status=open"
    assert [item["service_request_id"] for item in client.get(url).json()] == [in_range.number]
    url = url.replace("status=open", "status=closed")
    assert [item["service_request_id"] for item in client.get(url).json()] == [closed.number]
    assert client.get(f"{BASE}/requests.json?start_date=yesterday").json()[0]["code"] == 400
    assert client.get(f"{BASE}/requests.json?status=maybe").status_code == 400


def test_default_span_is_the_last_90_days(client, service, district_a):
    with time_machine.travel("2020-01-01 12:00 +00:00", tick=False):
        factories.make_inquiry(district_a, service, is_public=True)
    recent = factories.make_inquiry(district_a, service, is_public=True)
    assert [item["service_request_id"] for item in client.get(f"{BASE}/requests.json").json()] == [recent.number]


def test_request_by_id_as_in_the_spec(client, service, district_a):
    public = factories.make_inquiry(district_a, service, is_public=True)
    [item] = client.get(f"{BASE}/requests/{public.number}.json?jurisdiction_id=city.gov").json()
    assert item["service_request_id"] == public.number
    root = parse_xml(client.get(f"{BASE}/requests/{public.number}.xml").content)
    assert root.findtext("request/service_request_id") == public.number
    assert client.get(f"{BASE}/requests/2000-0001.json").json() == [
        {"code": 404, "description": "service_request_id 2000-0001 not found"}
    ]


def test_get_requests_pages_with_page_and_page_size(client, service, district_a):
    numbers = [factories.make_inquiry(district_a, service, is_public=True).number for _ in range(5)][::-1]
    first = client.get(f"{BASE}/requests.json?page_size=2")
    assert [item["service_request_id"] for item in first.json()] == numbers[:2]
    assert 'page=2>; rel="next"' in first["Link"]
    third = client.get(f"{BASE}/requests.json?page_size=2&page=3")
    assert [item["service_request_id"] for item in third.json()] == numbers[4:]
    assert not third.has_header("Link")
    root = parse_xml(client.get(f"{BASE}/requests.xml?page_size=2&page=2").content)
    assert [r.findtext("service_request_id") for r in root.findall("request")] == numbers[2:4]
    assert len(client.get(f"{BASE}/requests.json").json()) == 5  # default page size 50
    for bad in ("page=0", "page_size=x", "page=-1"):
        assert client.get(f"{BASE}/requests.json?{bad}").status_code == 400
    assert "page_size" in client.get(f"{BASE}/discovery.json").json()["paging"]


def test_polling_clients_get_304_until_something_changes(client, service, district_a):
    inquiry = factories.make_inquiry(district_a, service, is_public=True, public_answer="Wird geprüft.")
    first = client.get(f"{BASE}/requests.json")
    etag = first["ETag"]
    assert client.get(f"{BASE}/requests.json", headers={"if-none-match": etag}).status_code == 304
    assert client.get(f"{BASE}/requests.xml", headers={"if-none-match": etag}).status_code == 200
    # An edit shows on the very next request (the cached representation is keyed by the
    # request's version), and the ETag changes with it.
    Inquiry.objects.filter(pk=inquiry.pk).update(public_answer="Ist erledigt.")
    inquiry.refresh_from_db()
    inquiry.save(update_fields=["updated_at"])
    again = client.get(f"{BASE}/requests.json", headers={"if-none-match": etag})
    assert again.status_code == 200
    assert again.json()[0]["status_notes"] == "Ist erledigt."
    assert again["ETag"] != etag


def test_get_requests_queries_stay_few_with_cold_caches(client, service, district_a, django_assert_max_num_queries):
    for _ in range(30):
        factories.make_inquiry(district_a, service, is_public=True)
    cache.clear()
    # The page cache's data version, the versions and forwards, then the requests and forwards to serialise.
    with django_assert_max_num_queries(5):
        assert len(client.get(f"{BASE}/requests.json").json()) == 30
    with django_assert_max_num_queries(1):  # the whole answer from the page cache: only the data version
        assert len(client.get(f"{BASE}/requests.json").json()) == 30
    cache.clear()
    with django_assert_max_num_queries(5):
        assert len(client.get(f"{BASE}/requests.xml?page_size=10&page=2").content) > 0
