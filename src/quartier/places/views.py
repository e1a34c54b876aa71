from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from quartier.core.pagecache import cached_page
from quartier.places.models import FRAGMENT_SECONDS, ContactPoint, District, Town, content_version

# The district lists and portraits are the same for every visitor: their HTML is cached
# under content_version(), so a page costs one version query until something changes.


@require_safe
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "districts": District.objects.for_listing(),
        "contact_points": ContactPoint.objects.prefetch_related("districts").filter(districts__isnull=False).distinct(),
        "map_tiles": settings.MAP_TILE_URL,
        "content_version": content_version(),
        "fragment_seconds": FRAGMENT_SECONDS,
    }
    return render(request, "places/home.html", context)


@require_safe
@cached_page
def district_list(request: HttpRequest) -> HttpResponse:
    context = {
        "districts": District.objects.for_listing(),
        "map_tiles": settings.MAP_TILE_URL,
        "content_version": content_version(),
        "fragment_seconds": FRAGMENT_SECONDS,
    }
    return render(request, "places/district_list.html", context)


@require_safe
@cached_page
def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_object_or_404(District.objects.for_listing(), slug=slug)
    context = {"district": district, "map_tiles": settings.MAP_TILE_URL, "fragment_seconds": FRAGMENT_SECONDS}
    return render(request, "places/district_detail.html", context)


@require_safe
def theme(request: HttpRequest) -> HttpResponse:
    """The town's colour as KERN's action colour; a stylesheet because CSP forbids inline styles."""
    town = Town.load()
    color = town.primary_color if town else "#1a4f8b"
    css = f":root, [data-kern-theme=light] {{ --kern-color-action-default: {color}; --kern-color-action-on-default: #ffffff; }}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
