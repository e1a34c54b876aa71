"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under /open311/v2/.

Services are the town's categories; requests are public inquiries only, and no answer
ever carries a name, e-mail address, phone number or the sender's private link.
Every endpoint answers in JSON or XML, chosen by the extension, and errors come as the
spec's list of {code, description}.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from quartier.core import ratelimit
from quartier.core.pagecache import cached_page
from quartier.core.text import without_control_characters
from quartier.inquiries import services
from quartier.inquiries.departments import Forward
from quartier.inquiries.models import ApiKey, Category, Inquiry, distance_m
from quartier.places.models import District, Town

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-30T00:00:00+01:00"  # when this endpoint's behaviour last changed: paged lists
# GET requests pages as other GeoReport v2 servers do (e.g. Chicago's): `page` from 1 and
# `page_size`, newest first.
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_REQUESTS = MAX_PAGE_SIZE  # at most this many requests in one answer
DEFAULT_SPAN = timedelta(days=90)
PAGING = (
    f"GET requests answers at most page_size requests (default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE}), "
    "newest first; page (from 1) asks for the next ones, and a Link header names the next page. "
    f"Without start_date and end_date it lists the last {DEFAULT_SPAN.days} days. Answers carry an ETag: "
    "send it as If-None-Match to get 304 Not Modified while nothing changed."
)
REPRESENTATION_SECONDS = 24 * 3600
# XML element names of list items, by the name of the list.
ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}


class Open311Error(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def _xml_value(parent: ET.Element, name: str, value: Any) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, inner in value.items():
            _xml_value(element, key, inner)
    elif isinstance(value, list):
        for inner in value:
            _xml_value(element, ITEMS.get(name, "item"), inner)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        # Rows saved before control characters were stripped on input must not break the list.
        element.text = without_control_characters(str(value))


def respond(payload: Any, fmt: str, *, root: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        document = ET.Element(root)
        if isinstance(payload, list):
            for item in payload:
                _xml_value(document, ITEMS[root], item)
        else:
            for key, value in payload.items():
                _xml_value(document, key, value)
        body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(document, encoding="utf-8")
        response = HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)
    else:
        response = JsonResponse(payload, safe=False, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # public data, no cookies involved
    return response


def error(fmt: str, code: int, description: str) -> HttpResponse:
    return respond([{"code": code, "description": description}], fmt, root="errors", status=code)


def _w3c(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).replace(microsecond=0).isoformat() if moment else None


def service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": category.group,
    }


def _public_requests() -> Any:
    return (
        Inquiry.objects.public()
        .select_related("category", "district__contact_point")
        .prefetch_related(Prefetch("forwards", Forward.objects.select_related("department")))
    )


def _acting_forward(inquiry: Inquiry) -> Forward | None:
    """The latest forward to a department that did not decline (the forwards are prefetched, newest first)."""
    return next((forward for forward in inquiry.forwards.all() if forward.state != Forward.State.NOT_RESPONSIBLE), None)


def service_request(request: HttpRequest, inquiry: Inquiry) -> dict[str, Any]:
    forward = _acting_forward(inquiry)
    agency = inquiry.district.contact_point.name if inquiry.district.contact_point else ""
    notes = inquiry.public_answer
    if forward is not None:
        agency = forward.department.name
        # The department's own words reach the public only as staff's public answer.
        notes = notes or str(_("Weitergeleitet an %(department)s: %(state)s")) % {
            "department": forward.department.name,
            "state": forward.get_state_display(),
        }
    return {
        "service_request_id": inquiry.number,
        "status": "closed" if inquiry.is_closed else "open",
        "status_notes": notes,
        "service_name": inquiry.category.name,
        "service_code": inquiry.category.code,
        "description": inquiry.text,
        "agency_responsible": agency,
        "service_notice": "",
        "requested_datetime": _w3c(inquiry.created_at),
        "updated_datetime": _w3c(inquiry.updated_at),
        "expected_datetime": None,
        "address": inquiry.address,
        "address_id": "",
        "zipcode": "",
        "lat": inquiry.latitude,
        "long": inquiry.longitude,
        "media_url": request.build_absolute_uri(reverse("inquiries:public_photo", args=[inquiry.number]))
        if inquiry.photo
        else "",
    }


@require_safe
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    town = Town.load()
    base = request.build_absolute_uri(reverse("open311:discovery", args=["json"])).rsplit("/", 1)[0] + "/"
    return respond(
        {
            "changeset": CHANGESET,
            "contact": town.contact_email if town else "",
            "key_service": str(town.contact_email if town else "")
            + " (API keys are issued by the administrators of this site)",
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": base,
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["application/json", "text/xml"],
                }
            ],
            "paging": PAGING,
        },
        fmt,
        root="discovery",
    )


@require_safe
def services_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond([service(category) for category in Category.objects.filter(is_active=True)], fmt, root="services")


def _attributes() -> list[dict[str, Any]]:
    def choice(code: str, order: int, description: str, values: list[tuple[str, Any]], required: bool) -> dict:
        return {
            "variable": True,
            "code": code,
            "datatype": "singlevaluelist",
            "required": required,
            "datatype_description": None,
            "order": order,
            "description": description,
            "values": [{"key": key, "name": str(name)} for key, name in values],
        }

    districts = list(District.objects.values_list("slug", "name"))
    return [
        choice("kind", 1, "Art des Anliegens (Standard: problem)", list(Inquiry.Kind.choices), False),
        choice("district", 2, "Ortsteil (Standard: der dem Punkt nächste)", districts, False),
        choice(
            "public_consent", 3, "Darf ohne Namen veröffentlicht werden", [("true", "ja"), ("false", "nein")], False
        ),
    ]


@require_safe
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if not Category.objects.filter(code=code, is_active=True).exists():
        return error(fmt, 404, f"service_code {code} not found")
    return respond({"service_code": code, "attributes": _attributes()}, fmt, root="service_definition")


def _api_key(request: HttpRequest) -> ApiKey | None:
    key = request.POST.get("api_key", "")
    if not key:
        if settings.INQUIRY_OPEN311_REQUIRE_KEY:
            raise Open311Error(403, "api_key required")
        return None
    api_key = ApiKey.objects.filter(key=key, is_active=True).first()
    if api_key is None:
        raise Open311Error(403, "api_key invalid")
    return api_key


def _float(name: str, value: str) -> float:
    try:
        return float(value)
    except ValueError as exc:
        raise Open311Error(400, f"{name} is not a number") from exc


def _district(data: Any, lat: float | None, lon: float | None) -> District:
    districts = list(District.objects.all())
    slug = data.get("attribute[district]", "")
    if slug:
        for district in districts:
            if district.slug == slug:
                return district
        raise Open311Error(400, "attribute[district] unknown")
    if lat is not None and lon is not None and districts:
        return min(districts, key=lambda d: distance_m(lat, lon, d.latitude, d.longitude))
    address = data.get("address_string", "").casefold()
    for district in sorted(districts, key=lambda d: -len(d.name)):
        if district.name.casefold() in address:
            return district
    raise Open311Error(400, "lat and long, or an address_string naming a district, required")


def _new_inquiry(data: Any) -> services.NewInquiry:
    category = Category.objects.filter(code=data.get("service_code", ""), is_active=True).first()
    if category is None:
        raise Open311Error(404 if data.get("service_code") else 400, "service_code not found")
    lat = _float("lat", data["lat"]) if data.get("lat") else None
    lon = _float("long", data["long"]) if data.get("long") else None
    if (lat is None) != (lon is None) or (lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180)):  # type: ignore[operator]
        raise Open311Error(400, "lat and long must be given together and be valid coordinates")
    if lat is None and not data.get("address_string") and not data.get("address_id"):
        raise Open311Error(400, "a location is required: lat and long, address_string or address_id")
    email = data.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise Open311Error(400, "email invalid") from exc
    kind = data.get("attribute[kind]", Inquiry.Kind.PROBLEM)
    if kind not in Inquiry.Kind.values:
        raise Open311Error(400, "attribute[kind] unknown")
    name = " ".join(part for part in (data.get("first_name", ""), data.get("last_name", "")) if part).strip()
    return services.NewInquiry(
        kind=kind,
        category=category,
        district=_district(data, lat, lon),
        text=data.get("description", "")[:5000],
        name=name[:150],
        email=email,
        phone=data.get("phone", "")[:40],
        address=(data.get("address_string") or data.get("address_id", ""))[:200],
        latitude=lat,
        longitude=lon,
        public_consent=data.get("attribute[public_consent]", "") == "true",
    )


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    api_key = _api_key(request)
    new = _new_inquiry(request.POST)
    if api_key is None and not ratelimit.take(request, scope="inquiries:open311", limit=settings.INQUIRY_RATE_LIMIT):
        raise Open311Error(429, "too many requests from this address; try again later")
    inquiry = services.submit_inquiry(data=new, channel=Inquiry.Channel.OPEN311, api_key=api_key)
    notice = (
        f"Ihr Anliegen hat die Nummer {inquiry.number}. Die Anlaufstelle antwortet per E-Mail."
        if inquiry.email
        else f"Ihr Anliegen hat die Nummer {inquiry.number}."
    )
    return respond(
        [{"service_request_id": inquiry.number, "service_notice": notice, "account_id": None}],
        fmt,
        root="service_requests",
    )


def _parse_date(name: str, value: str) -> datetime:
    moment = None
    with contextlib.suppress(ValueError):
        moment = parse_datetime(value)
    if moment is None:
        raise Open311Error(400, f"{name} is not a w3c date-time")
    moment = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        # Within a day of year 1 or year 9999: in UTC it falls off the calendar, so it
        # means "since ever" or "until ever".
        return datetime.min.replace(tzinfo=UTC) if moment.year == 1 else datetime.max.replace(tzinfo=UTC)


def _positive(params: Any, name: str, default: int, maximum: int) -> int:
    value = params.get(name, "")
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise Open311Error(400, f"{name} must be a whole number from 1")
    return min(int(value), maximum)


# What a request's representation depends on, read as plain values (no model instances): the
# request's own changes, its category, its contact point and whether it has a photo.
VERSION_FIELDS = (
    "pk",
    "updated_at",
    "category__code",
    "category__name",
    "district__contact_point_id",
    "district__contact_point__updated_at",
    "photo",
)


def _representations(request: HttpRequest, rows: list[tuple[Any, ...]]) -> list[str]:
    """Each request (its VERSION_FIELDS values) as JSON text, from the cache under its version.

    The version also holds the department acting on it and the language and time zone of the
    text, so a change gets a new key at once in every process and nothing older than it is
    served. Only requests missing from the cache are loaded whole and serialised."""
    ids = [row[0] for row in rows]
    forwards: dict[int, list[tuple[int, str, str]]] = {pk: [] for pk in ids}
    # Newest first (Forward's ordering), as _acting_forward reads them.
    for inquiry_id, pk, state, department in Forward.objects.filter(inquiry_id__in=ids).values_list(
        "inquiry_id", "pk", "state", "department__name"
    ):
        forwards[inquiry_id].append((pk, state, department))
    context = (get_language(), timezone.get_current_timezone_name(), request.get_host())
    keys = {}
    for pk, updated_at, code, name, contact_point, contact_point_updated_at, photo in rows:
        acting = next((f for f in forwards[pk] if f[1] != Forward.State.NOT_RESPONSIBLE), None)
        parts = (pk, updated_at, code, name, contact_point, contact_point_updated_at, bool(photo), acting, context)
        keys[pk] = "open311:request:" + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    cached = cache.get_many(list(keys.values()))
    fresh = {}
    missing = [pk for pk in ids if keys[pk] not in cached]
    if missing:
        for inquiry in _public_requests().filter(pk__in=missing):
            fresh[keys[inquiry.pk]] = json.dumps(service_request(request, inquiry), ensure_ascii=False)
        cache.set_many(fresh, REPRESENTATION_SECONDS)
    texts = [cached.get(keys[pk]) or fresh.get(keys[pk]) for pk in ids]
    return [text for text in texts if text is not None]  # one made private meanwhile is left out


def _search(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.GET
    page_size = _positive(params, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    page = _positive(params, "page", 1, 1_000_000)
    inquiries = _public_requests()
    if params.get("service_request_id"):
        ids = [part.strip() for part in params["service_request_id"].split(",") if part.strip()]
        inquiries = inquiries.filter(number__in=ids)
    else:
        if params.get("service_code"):
            inquiries = inquiries.filter(category__code__in=params["service_code"].split(","))
        start = _parse_date("start_date", params["start_date"]) if params.get("start_date") else None
        end = _parse_date("end_date", params["end_date"]) if params.get("end_date") else None
        if start is None and end is None:
            start = timezone.now() - DEFAULT_SPAN
        if start is not None:
            inquiries = inquiries.filter(created_at__gte=start)
        if end is not None:
            inquiries = inquiries.filter(created_at__lte=end)
        statuses = {part.strip() for part in params.get("status", "").split(",") if part.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, "status must be open or closed")
        if statuses == {"open"}:
            inquiries = inquiries.open()
        elif statuses == {"closed"}:
            inquiries = inquiries.filter(status=Inquiry.Status.CLOSED)
    offset = (page - 1) * page_size
    rows = list(
        inquiries.prefetch_related(None)
        .order_by("-created_at", "-pk")
        .values_list(*VERSION_FIELDS)[offset : offset + page_size + 1]
    )
    has_next = len(rows) > page_size
    items = _representations(request, rows[:page_size])
    etag = quote_etag(hashlib.blake2b(f"{fmt}|{has_next}|{'|'.join(items)}".encode(), digest_size=16).hexdigest())
    if etag in {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}:
        response = HttpResponse(status=304)
    elif fmt == "json":
        response = HttpResponse(
            "[" + ",".join(items) + "]", content_type="application/json; charset=utf-8"
        )  # the cached texts, joined: no serialising of unchanged requests
        response["Access-Control-Allow-Origin"] = "*"
    else:
        response = respond([json.loads(item) for item in items], fmt, root="service_requests")
    response["ETag"] = etag
    response["Access-Control-Expose-Headers"] = "ETag, Link"
    patch_vary_headers(response, ["Host"])
    if has_next:
        following = params.copy()
        following["page"] = str(page + 1)
        response["Link"] = f'<{request.build_absolute_uri("?" + following.urlencode())}>; rel="next"'
    return response


@csrf_exempt  # an API for other apps: no cookies, no session, nothing a forged form could ride on
@require_http_methods(["GET", "POST"])
@cached_page  # GET only: what the public requests are, per address and data version
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        return _create(request, fmt) if request.method == "POST" else _search(request, fmt)
    except Open311Error as problem:
        return error(fmt, problem.code, problem.description)


@require_safe
def request_detail(request: HttpRequest, number: str, fmt: str) -> HttpResponse:
    inquiry = _public_requests().filter(number=number).first()
    if inquiry is None:
        return error(fmt, 404, f"service_request_id {number} not found")
    return respond([service_request(request, inquiry)], fmt, root="service_requests")


FMT = r"(?P<fmt>json|xml)"
app_name = "open311"
urlpatterns = [
    re_path(rf"^discovery\.{FMT}$", discovery, name="discovery"),
    re_path(rf"^services\.{FMT}$", services_list, name="services"),
    re_path(rf"^services/(?P<code>[-\w]+)\.{FMT}$", service_definition, name="service"),
    re_path(rf"^requests\.{FMT}$", requests, name="requests"),
    re_path(rf"^requests/(?P<number>[-\w]+)\.{FMT}$", request_detail, name="request"),
]
