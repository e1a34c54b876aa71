"""What the API answers: public facts only, never a person's name or address (an
organisation's or contact point's office contact is public)."""

from datetime import date, datetime
from typing import Any

from ninja import Schema

from quartier.core.links import absolute_url


def slugs(related: Any) -> list[str]:
    """The slugs of a prefetched many-to-many relation, without a query of its own."""
    return [item.slug for item in related.all()]


class Error(Schema):
    detail: str


class FieldOfActionOut(Schema):
    slug: str
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


class ContactPointOut(Schema):
    id: int
    name: str
    street: str
    postcode: str
    city: str
    phone: str
    email: str
    office_hours: str
    notes: str


class ContactPointWithDistrictsOut(ContactPointOut):
    districts: list[str]

    @staticmethod
    def resolve_districts(obj: Any) -> list[str]:
        return slugs(obj.districts)


class DistrictOut(Schema):
    slug: str
    name: str
    portrait: str
    population: int | None
    latitude: float
    longitude: float
    contact_point: ContactPointOut | None
    url: str
    updated_at: datetime

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return absolute_url(obj)


class ProjectOut(Schema):
    slug: str
    title: str
    summary: str
    description: str
    status: str
    start: date | None
    end: date | None
    districts: list[str]
    fields_of_action: list[str]
    partners: list[str]
    url: str
    updated_at: datetime

    @staticmethod
    def resolve_districts(obj: Any) -> list[str]:
        return slugs(obj.districts)

    @staticmethod
    def resolve_fields_of_action(obj: Any) -> list[str]:
        return slugs(obj.fields_of_action)

    @staticmethod
    def resolve_partners(obj: Any) -> list[str]:
        return obj.partner_list()

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return absolute_url(obj)


class EventDateOut(Schema):
    id: int
    start: datetime
    end: datetime
    status: str
    status_note: str
    places_left: int | None
    url: str

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return obj.effective_status

    @staticmethod
    def resolve_places_left(obj: Any) -> int | None:
        return obj.places_left if obj.event.registration_required else None

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return absolute_url(obj)


class EventSummaryOut(Schema):
    id: int
    title: str
    district: str
    url: str

    @staticmethod
    def resolve_district(obj: Any) -> str:
        return obj.district.slug

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return absolute_url(obj)


class CalendarDateOut(EventDateOut):
    event: EventSummaryOut


class EventOut(Schema):
    id: int
    title: str
    summary: str
    description: str
    venue: str
    address: str
    district: str
    project: str | None
    fields_of_action: list[str]
    target_group: str
    age_min: int | None
    age_max: int | None
    cost_note: str
    step_free: bool
    hearing_loop: bool
    accessibility_note: str
    latitude: float | None
    longitude: float | None
    status: str
    status_reason: str
    registration_required: bool
    dates: list[EventDateOut]
    url: str
    updated_at: datetime

    @staticmethod
    def resolve_district(obj: Any) -> str:
        return obj.district.slug

    @staticmethod
    def resolve_project(obj: Any) -> str | None:
        return obj.project.slug if obj.project_id else None

    @staticmethod
    def resolve_fields_of_action(obj: Any) -> list[str]:
        return slugs(obj.fields_of_action)

    @staticmethod
    def resolve_dates(obj: Any) -> list[Any]:
        return list(obj.dates.all())

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return absolute_url(obj)


class IdeaOut(Schema):
    id: int
    title: str
    text: str
    district: str
    field_of_action: str
    status: str
    status_explanation: str
    support_count: int
    comment_count: int
    latitude: float | None
    longitude: float | None
    created_at: datetime
    url: str
    updated_at: datetime

    @staticmethod
    def resolve_district(obj: Any) -> str:
        return obj.district.slug

    @staticmethod
    def resolve_field_of_action(obj: Any) -> str:
        return obj.field_of_action.slug

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return absolute_url(obj)


class PostOut(Schema):
    slug: str
    title: str
    teaser: str
    text: str
    published_at: datetime
    districts: list[str]
    fields_of_action: list[str]
    project: str | None
    organisation: str | None
    url: str
    updated_at: datetime

    @staticmethod
    def resolve_districts(obj: Any) -> list[str]:
        return slugs(obj.districts)

    @staticmethod
    def resolve_fields_of_action(obj: Any) -> list[str]:
        return slugs(obj.fields_of_action)

    @staticmethod
    def resolve_project(obj: Any) -> str | None:
        return obj.project.slug if obj.project_id else None

    @staticmethod
    def resolve_organisation(obj: Any) -> str | None:
        return obj.organisation.slug if obj.organisation_id else None

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return absolute_url(obj)


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    districts: list[str]
    fields_of_action: list[str]
    street: str
    postcode: str
    city: str
    latitude: float | None
    longitude: float | None
    phone: str
    email: str
    website: str
    opening_hours: str
    description: str
    url: str
    updated_at: datetime

    @staticmethod
    def resolve_districts(obj: Any) -> list[str]:
        return slugs(obj.districts)

    @staticmethod
    def resolve_fields_of_action(obj: Any) -> list[str]:
        return slugs(obj.fields_of_action)

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return absolute_url(obj)


class BusyOut(Schema):
    """A time the resource is taken (buffers included); who booked it is never said."""

    start: datetime
    end: datetime


class ResourceOut(Schema):
    slug: str
    name: str
    kind: str
    district: str
    summary: str
    description: str
    capacity: int | None
    accessibility: str
    bookable_by: str
    requires_approval: bool
    deposit: str
    fee: str
    organisation: str | None
    url: str

    @staticmethod
    def resolve_district(obj: Any) -> str:
        return obj.district.slug

    @staticmethod
    def resolve_organisation(obj: Any) -> str | None:
        return obj.organisation.slug if obj.organisation_id else None

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return absolute_url(obj)


class ResourceDetailOut(ResourceOut):
    busy: list[BusyOut]


class ShiftOut(Schema):
    id: int
    start: datetime
    end: datetime
    place: str
    people_needed: int
    places_left: int
    min_age: int | None


class HelperCallOut(Schema):
    id: int
    title: str
    text: str
    district: str | None
    project: str | None
    event: int | None
    fields_of_action: list[str]
    shifts: list[ShiftOut]
    url: str
    updated_at: datetime

    @staticmethod
    def resolve_district(obj: Any) -> str | None:
        return obj.district.slug if obj.district_id else None

    @staticmethod
    def resolve_project(obj: Any) -> str | None:
        return obj.project.slug if obj.project_id else None

    @staticmethod
    def resolve_event(obj: Any) -> int | None:
        return obj.event_id

    @staticmethod
    def resolve_fields_of_action(obj: Any) -> list[str]:
        return slugs(obj.fields_of_action)

    @staticmethod
    def resolve_shifts(obj: Any) -> list[Any]:
        return list(obj.shifts.all())

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return absolute_url(obj)
