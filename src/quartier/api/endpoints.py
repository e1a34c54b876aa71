"""The read API at /api/v1/: the same public records the site's pages show, as JSON.

Every list is paginated (``limit``/``offset``), filtered like its page (``district`` and
``field`` by slug, dates by ``date_from``/``date_to``) and costs a constant number of queries.
Headers (CORS, ETag, Last-Modified, the rate limit) come from ``quartier.api.middleware``.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Router
from ninja.pagination import paginate

from quartier.api import schemas
from quartier.api.pagination import LimitOffset, note_last_modified
from quartier.events.models import Event, EventDate
from quartier.network.models import Organisation
from quartier.news.models import Post
from quartier.participation.models import Idea
from quartier.places.models import ContactPoint, District, FieldOfAction
from quartier.projects.models import Project
from quartier.resources.models import Booking, Resource
from quartier.volunteering.models import HelperCall, Shift

NOT_FOUND = {404: schemas.Error}
SLUG = r"^[-a-zA-Z0-9_]+$"
MAX_ID = 2_147_483_647  # the largest id a database holds; larger ones are a 422, not a database error


def slug_filter(what: str) -> Any:
    return Query(None, pattern=SLUG, max_length=160, description=what)


def slug_path() -> Any:
    return Path(..., pattern=SLUG, max_length=160)


def id_path() -> Any:
    return Path(..., ge=1, le=MAX_ID)


DISTRICT = "Kurzname (slug) eines Ortsteils"
FIELD = "Kurzname (slug) eines Handlungsfelds"
PROJECT = "Kurzname (slug) eines Projekts"
BUSY_DAYS = 90  # a resource's busy times from now on, unless asked for another period
BUSY_MAX_DAYS = 366

ANSWERS_OF_EVERY_OPERATION = {
    "304": {"description": "Nicht geändert (If-None-Match oder If-Modified-Since)"},
    "422": {
        "description": "Ungültige Parameter",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"detail": {"type": "array", "items": {"type": "object"}}},
                    "required": ["detail"],
                }
            }
        },
    },
    "429": {
        "description": "Zu viele Abrufe; Retry-After nennt die Sekunden bis zum nächsten",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
            }
        },
    },
}


class QuartierAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        """Short operation ids (``event_list``), not the module path."""
        return str(operation.view_func.__name__)

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        """Ninja's schema, with the answers every operation may give besides its own: bad
        parameters (ninja's 422), the rate limit (429) and conditional requests (304)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for methods in schema["paths"].values():
            for operation in methods.values():
                for status, answer in ANSWERS_OF_EVERY_OPERATION.items():
                    operation["responses"].setdefault(status, answer)
        return schema


api = QuartierAPI(
    title="Quartier API",
    version="1",
    description=(
        "Öffentliche Daten des Quartiersmanagements: Ortsteile, Anlaufstellen, Projekte, Termine, Ideen, "
        "Meldungen, Organisationen, Ausleihen und Helfergesuche. Nur lesend, ohne Anmeldung, ohne "
        "personenbezogene Daten. Listen mit `limit` und `offset`; ETag und Last-Modified für bedingte Abrufe."
    ),
    urls_namespace="api",
    docs_url=None,
)


def _keep(request: HttpRequest, obj: Any) -> Any:
    note_last_modified(request, [obj])
    return obj


def _plus(day: date, days: int) -> date:
    """``day`` and so many days, at most the last day there is."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max


def _date_range(query: QuerySet, field: str, date_from: date | None, date_to: date | None) -> QuerySet:
    if date_from:
        query = query.filter(**{f"{field}__date__gte": date_from})
    if date_to:
        query = query.filter(**{f"{field}__date__lte": date_to})
    return query


places = Router(tags=["Ortsteile"])


@places.get("/districts", response=list[schemas.DistrictOut], summary="Ortsteile")
@paginate(LimitOffset)
def districts(request: HttpRequest) -> Any:
    return District.objects.for_listing().order_by("name", "pk")


@places.get("/districts/{slug}", response={200: schemas.DistrictOut, **NOT_FOUND}, summary="Ein Ortsteil")
def district(request: HttpRequest, slug: str = slug_path()) -> Any:
    return _keep(request, get_object_or_404(District.objects.for_listing(), slug=slug))


@places.get("/contact-points", response=list[schemas.ContactPointWithDistrictsOut], summary="Anlaufstellen")
@paginate(LimitOffset)
def contact_points(request: HttpRequest) -> Any:
    ids = District.objects.filter(contact_point__isnull=False).values("contact_point_id")
    return ContactPoint.objects.filter(pk__in=ids).prefetch_related("districts").order_by("name", "pk")


@places.get("/fields-of-action", response=list[schemas.FieldOfActionOut], summary="Handlungsfelder")
@paginate(LimitOffset)
def fields_of_action(request: HttpRequest) -> Any:
    return FieldOfAction.objects.order_by("position", "name", "pk")


projects = Router(tags=["Projekte"])


@projects.get("/projects", response=list[schemas.ProjectOut], summary="Projekte")
@paginate(LimitOffset)
def project_list(
    request: HttpRequest,
    district: str | None = slug_filter(DISTRICT),
    field: str | None = slug_filter(FIELD),
    status: str | None = slug_filter("Stand (englischer Schlüssel, z. B. running)"),
) -> Any:
    query = Project.objects.prefetch_related("districts", "fields_of_action").order_by("title", "pk")
    if district:
        query = query.filter(pk__in=Project.objects.filter(districts__slug=district).values("pk"))
    if field:
        query = query.filter(pk__in=Project.objects.filter(fields_of_action__slug=field).values("pk"))
    if status:
        query = query.filter(status=status)
    return query


@projects.get("/projects/{slug}", response={200: schemas.ProjectOut, **NOT_FOUND}, summary="Ein Projekt")
def project(request: HttpRequest, slug: str = slug_path()) -> Any:
    query = Project.objects.prefetch_related("districts", "fields_of_action")
    return _keep(request, get_object_or_404(query, slug=slug))


events = Router(tags=["Termine"])


def _published_events() -> QuerySet[Event]:
    return (
        Event.objects.published()
        .select_related("district", "project")
        .prefetch_related("fields_of_action", Prefetch("dates", queryset=EventDate.objects.order_by("start", "pk")))
    )


@events.get("/events", response=list[schemas.EventOut], summary="Veranstaltungen mit ihren Terminen")
@paginate(LimitOffset)
def event_list(
    request: HttpRequest,
    district: str | None = slug_filter(DISTRICT),
    field: str | None = slug_filter(FIELD),
    project: str | None = slug_filter(PROJECT),
    date_from: date | None = Query(None, description="nur Veranstaltungen mit einem Termin ab diesem Tag"),
    date_to: date | None = Query(None, description="nur Veranstaltungen mit einem Termin bis zu diesem Tag"),
) -> Any:
    query = _published_events().order_by("start", "pk")
    if district:
        query = query.filter(district__slug=district)
    if field:
        query = query.filter(pk__in=Event.objects.filter(fields_of_action__slug=field).values("pk"))
    if project:
        query = query.filter(project__slug=project)
    if date_from or date_to:
        query = query.filter(
            pk__in=_date_range(EventDate.objects.all(), "start", date_from, date_to).values("event_id")
        )
    return query


@events.get("/events/{event_id}", response={200: schemas.EventOut, **NOT_FOUND}, summary="Eine Veranstaltung")
def event(request: HttpRequest, event_id: int = id_path()) -> Any:
    return _keep(request, get_object_or_404(_published_events(), pk=event_id))


@events.get("/event-dates", response=list[schemas.CalendarDateOut], summary="Termine (der Kalender)")
@paginate(LimitOffset)
def event_dates(
    request: HttpRequest,
    district: str | None = slug_filter(DISTRICT),
    field: str | None = slug_filter(FIELD),
    project: str | None = slug_filter(PROJECT),
    date_from: date | None = Query(None, description="Termine ab diesem Tag"),
    date_to: date | None = Query(None, description="Termine bis zu diesem Tag"),
) -> Any:
    query = EventDate.objects.public().select_related("event__district").order_by("start", "pk")
    if district:
        query = query.filter(event__district__slug=district)
    if field:
        query = query.filter(event__in=Event.objects.filter(fields_of_action__slug=field).values("pk"))
    if project:
        query = query.filter(event__project__slug=project)
    return _date_range(query, "start", date_from, date_to)


participation = Router(tags=["Mitmachen"])


def _ideas() -> QuerySet[Idea]:
    return Idea.objects.visible().select_related("district", "field_of_action")


@participation.get("/ideas", response=list[schemas.IdeaOut], summary="Ideen")
@paginate(LimitOffset)
def idea_list(
    request: HttpRequest,
    district: str | None = slug_filter(DISTRICT),
    field: str | None = slug_filter(FIELD),
    status: str | None = slug_filter("Stand (englischer Schlüssel, z. B. running)"),
) -> Any:
    query = _ideas().order_by("-created_at", "-pk")
    if district:
        query = query.filter(district__slug=district)
    if field:
        query = query.filter(field_of_action__slug=field)
    if status:
        query = query.filter(status=status)
    return query


@participation.get("/ideas/{idea_id}", response={200: schemas.IdeaOut, **NOT_FOUND}, summary="Eine Idee")
def idea(request: HttpRequest, idea_id: int = id_path()) -> Any:
    return _keep(request, get_object_or_404(_ideas(), pk=idea_id))


def _upcoming_shifts() -> Prefetch:
    return Prefetch("shifts", queryset=Shift.objects.upcoming().order_by("start", "pk"))


def _calls() -> QuerySet[HelperCall]:
    return (
        HelperCall.objects.public()
        .select_related("district", "project")
        .prefetch_related("fields_of_action", _upcoming_shifts())
    )


@participation.get(
    "/helper-calls", response=list[schemas.HelperCallOut], summary="Helfergesuche mit freien Plätzen je Schicht"
)
@paginate(LimitOffset)
def helper_call_list(
    request: HttpRequest, district: str | None = slug_filter(DISTRICT), field: str | None = slug_filter(FIELD)
) -> Any:
    upcoming = Shift.objects.upcoming().values("call_id")
    query = _calls().filter(pk__in=upcoming).order_by("-created_at", "-pk")
    if district:
        query = query.filter(district__slug=district)
    if field:
        query = query.filter(pk__in=HelperCall.objects.filter(fields_of_action__slug=field).values("pk"))
    return query


@participation.get(
    "/helper-calls/{call_id}", response={200: schemas.HelperCallOut, **NOT_FOUND}, summary="Ein Helfergesuch"
)
def helper_call(request: HttpRequest, call_id: int = id_path()) -> Any:
    return _keep(request, get_object_or_404(_calls(), pk=call_id))


news = Router(tags=["Aktuelles"])


def _posts() -> QuerySet[Post]:
    return (
        Post.objects.published()
        .select_related("project", "organisation")
        .prefetch_related("districts", "fields_of_action")
    )


@news.get("/news", response=list[schemas.PostOut], summary="Meldungen")
@paginate(LimitOffset)
def post_list(
    request: HttpRequest, district: str | None = slug_filter(DISTRICT), field: str | None = slug_filter(FIELD)
) -> Any:
    query = _posts().order_by("-published_at", "-pk")
    if district:
        # The district's own posts and those for the whole town (no district), as on the page.
        here = Post.objects.filter(districts__slug=district).values("pk")
        somewhere = Post.objects.filter(districts__isnull=False).values("pk")
        query = query.filter(Q(pk__in=here) | ~Q(pk__in=somewhere))
    if field:
        query = query.filter(pk__in=Post.objects.filter(fields_of_action__slug=field).values("pk"))
    return query


@news.get("/news/{slug}", response={200: schemas.PostOut, **NOT_FOUND}, summary="Eine Meldung")
def post(request: HttpRequest, slug: str = slug_path()) -> Any:
    return _keep(request, get_object_or_404(_posts(), slug=slug))


network = Router(tags=["Netzwerk"])


@network.get("/organisations", response=list[schemas.OrganisationOut], summary="Organisationen")
@paginate(LimitOffset)
def organisation_list(
    request: HttpRequest,
    district: str | None = slug_filter(DISTRICT),
    field: str | None = slug_filter(FIELD),
    kind: str | None = slug_filter("Art (englischer Schlüssel)"),
) -> Any:
    query = Organisation.objects.for_listing().order_by("name", "pk")
    if district:
        query = query.filter(pk__in=Organisation.objects.filter(districts__slug=district).values("pk"))
    if field:
        query = query.filter(pk__in=Organisation.objects.filter(fields_of_action__slug=field).values("pk"))
    if kind:
        query = query.filter(kind=kind)
    return query


@network.get("/organisations/{slug}", response={200: schemas.OrganisationOut, **NOT_FOUND}, summary="Eine Organisation")
def organisation(request: HttpRequest, slug: str = slug_path()) -> Any:
    return _keep(request, get_object_or_404(Organisation.objects.for_listing(), slug=slug))


resources = Router(tags=["Ausleihe"])


def _resources() -> QuerySet[Resource]:
    return Resource.objects.public().select_related("district", "organisation")


@resources.get("/resources", response=list[schemas.ResourceOut], summary="Dinge und Räume zum Ausleihen")
@paginate(LimitOffset)
def resource_list(
    request: HttpRequest,
    district: str | None = slug_filter(DISTRICT),
    kind: str | None = slug_filter("Art (englischer Schlüssel)"),
) -> Any:
    query = _resources().order_by("name", "pk")
    if district:
        query = query.filter(district__slug=district)
    if kind:
        query = query.filter(kind=kind)
    return query


@resources.get(
    "/resources/{slug}",
    response={200: schemas.ResourceDetailOut, **NOT_FOUND},
    summary="Eine Ausleihe mit ihren belegten Zeiten",
    description=f"`busy`: die belegten Zeiten (mit Puffern) von `date_from` (Standard: heute) bis `date_to` (Standard: {BUSY_DAYS} Tage später, höchstens {BUSY_MAX_DAYS} Tage); wer gebucht hat, steht nie darin.",
)
def resource(
    request: HttpRequest, slug: str = slug_path(), date_from: date | None = None, date_to: date | None = None
) -> Any:
    item = get_object_or_404(_resources(), slug=slug)
    first = date_from or timezone.localdate()
    last = min(date_to or _plus(first, BUSY_DAYS), _plus(first, BUSY_MAX_DAYS))
    busy: list[dict[str, datetime]] = []
    if last >= first:
        rows = (
            Booking.objects.holding()
            .filter(resource=item, blocked_end__date__gte=first, blocked_start__date__lte=last)
            .order_by("blocked_start", "pk")
            .values_list("blocked_start", "blocked_end")
        )
        busy = [{"start": start, "end": end} for start, end in rows]
    item.busy = busy  # type: ignore[attr-defined]
    return item


for router in (places, projects, events, participation, news, network, resources):
    api.add_router("/", router)
