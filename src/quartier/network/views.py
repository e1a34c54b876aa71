"""The public directory: the list with filters and a map, an organisation's page (schema.org
Organization JSON-LD and h-card markup) and its vCard."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.html import _json_script_escapes  # type: ignore[attr-defined]
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from quartier.core.htmx import render_page_or_fragment
from quartier.core.links import absolute_url
from quartier.core.pagecache import cached_page
from quartier.core.pagination import paginate
from quartier.events.models import EventDate
from quartier.network.forms import OrganisationFilterForm
from quartier.network.models import ContactPerson, Membership, Organisation
from quartier.network.services import is_partner
from quartier.places.models import FRAGMENT_SECONDS

PAGE_SIZE = 20
EVENTS_SHOWN = 6


@require_safe
@cached_page
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET)
    organisations = Organisation.objects.for_listing()
    if form.is_valid():
        data = form.cleaned_data
        organisations = organisations.search(data["q"])
        if data["district"]:
            organisations = organisations.filter(districts=data["district"])
        if data["kind"]:
            organisations = organisations.filter(kind=data["kind"])
        if data["field"]:
            organisations = organisations.filter(fields_of_action=data["field"])
    page, query = paginate(request, organisations.order_by("name", "pk"), PAGE_SIZE)
    on_map = [organisation for organisation in page if organisation.has_point]
    context = {"form": form, "page": page, "query": query, "on_map": on_map, "map_tiles": settings.MAP_TILE_URL}
    return render_page_or_fragment(request, "network/organisation_list.html", "results", context)


def json_ld(organisation: Organisation, url: str) -> str:
    """schema.org Organization, escaped for a <script type="application/ld+json"> data block."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": url,
    }
    if organisation.street or organisation.city:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": organisation.street,
            "postalCode": organisation.postcode,
            "addressLocality": organisation.city,
            "addressCountry": "DE",
        }
    if organisation.has_point:
        data["location"] = {
            "@type": "Place",
            "geo": {"@type": "GeoCoordinates", "latitude": organisation.latitude, "longitude": organisation.longitude},
        }
    if organisation.phone:
        data["telephone"] = organisation.phone
    if organisation.email:
        data["email"] = organisation.email
    if organisation.website:
        data["sameAs"] = organisation.website
    if organisation.logo:
        data["logo"] = absolute_url(organisation.logo.url)
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped, as json_script does


def _upcoming_events(organisation: Organisation) -> list[EventDate]:
    """The next dates of published events of the projects the organisation is a partner in and
    of those it organises (proposed by its partners)."""
    project_ids = [project.pk for project in organisation.projects.all()]
    return list(
        EventDate.objects.public()
        .upcoming()
        .filter(Q(event__project__in=project_ids) | Q(event__organiser_name=organisation.name))
        .select_related("event")
        .order_by("start", "pk")[:EVENTS_SHOWN]
    )


def visible_contacts(organisation: Organisation, user: Any, *, can_edit: bool) -> tuple[list[ContactPerson], bool]:
    """The contact persons ``user`` may see, and whether that is all of them: staff of the
    organisation's districts and members of a round table the organisation belongs to see
    everyone; others only those whose consent to be shown publicly is recorded."""
    sees_all = can_edit or (
        getattr(user, "is_authenticated", False)
        and Membership.objects.filter(
            user=user, round_table__in=Membership.objects.filter(organisation=organisation).values("round_table")
        ).exists()
    )
    contacts = organisation.contacts.all() if sees_all else organisation.contacts.filter(is_public=True)
    return list(contacts), bool(sees_all)


@require_safe
@cached_page
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.for_listing().prefetch_related("projects"), slug=slug)
    can_edit = request.user.has_perm("network.change_organisation", organisation)
    contacts, sees_all = visible_contacts(organisation, request.user, can_edit=can_edit)
    context = {
        "organisation": organisation,
        "contacts": contacts,
        "contacts_internal": sees_all,
        "json_ld": json_ld(organisation, absolute_url(organisation)),
        "event_dates": _upcoming_events(organisation),
        "can_edit": can_edit,
        "is_partner": is_partner(request.user, organisation),
        "map_tiles": settings.MAP_TILE_URL,
        "fragment_seconds": FRAGMENT_SECONDS,
    }
    response = render(request, "network/organisation_detail.html", context)
    if sees_all:
        # Contact persons shown to staff and members only: never kept by a shared cache.
        patch_cache_control(response, private=True, no_store=True)
    return response


def _vcard_text(value: str) -> str:
    """A vCard text value: backslash, comma, semicolon and line breaks escaped (RFC 6350 3.4)."""
    return (
        value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def vcard(organisation: Organisation) -> str:
    """The organisation as a vCard 4.0 (RFC 6350)."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "KIND:org",
        f"FN:{_vcard_text(organisation.name)}",
        f"ORG:{_vcard_text(organisation.name)}",
    ]
    if organisation.street or organisation.city:
        parts = ["", "", organisation.street, organisation.city, "", organisation.postcode, "Deutschland"]
        lines.append("ADR;TYPE=work:" + ";".join(_vcard_text(part) for part in parts))
    if organisation.phone:
        lines.append(f"TEL;TYPE=work,voice;VALUE=uri:tel:{_vcard_text(organisation.phone.replace(' ', ''))}")
    if organisation.email:
        lines.append(f"EMAIL;TYPE=work:{_vcard_text(organisation.email)}")
    if organisation.website:
        lines.append(f"URL:{_vcard_text(organisation.website)}")
    if organisation.has_point:
        lines.append(f"GEO:geo:{organisation.latitude},{organisation.longitude}")
    lines.append(f"SOURCE:{_vcard_text(absolute_url(organisation))}vcard/")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


@require_safe
def organisation_vcard(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    response = HttpResponse(vcard(organisation), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{organisation.slug}.vcf"'
    return response
