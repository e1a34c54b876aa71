from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from quartier.places.models import ContactPoint, District, Town


def _map_context(markers: list[dict], outline: dict | None = None) -> dict:
    return {"map_data": {"tiles": settings.MAP_TILE_URL, "markers": markers, "outline": outline}}


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    districts = list(District.objects.for_listing())
    contact_points = ContactPoint.objects.prefetch_related("districts").filter(districts__isnull=False).distinct()
    context = {
        "districts": districts,
        "contact_points": contact_points,
        **_map_context([district.map_marker() for district in districts]),
    }
    return render(request, "places/home.html", context)


@require_safe
def district_list(request: HttpRequest) -> HttpResponse:
    districts = list(District.objects.for_listing())
    return render(
        request,
        "places/district_list.html",
        {"districts": districts, **_map_context([d.map_marker() for d in districts])},
    )


@require_safe
def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_object_or_404(District.objects.for_listing().prefetch_related("staff"), slug=slug)
    return render(
        request,
        "places/district_detail.html",
        {"district": district, **_map_context([district.map_marker()], district.outline)},
    )


@require_safe
def theme(request: HttpRequest) -> HttpResponse:
    """The town's colour as KERN's action colour; a stylesheet because CSP forbids inline styles."""
    town = Town.load()
    color = town.primary_color if town else "#1a4f8b"
    css = f":root, [data-kern-theme=light] {{ --kern-color-action-default: {color}; --kern-color-action-on-default: #ffffff; }}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
