"""The staff area: the cockpit and the district's own pages, never the Django admin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from quartier.core import registry
from quartier.core.forms import posted
from quartier.core.staff import staff_required
from quartier.places.forms import ContactPointForm, DistrictPortraitForm
from quartier.places.models import ContactPoint, District


@staff_required
def cockpit(request: HttpRequest) -> HttpResponse:
    districts = list(District.objects.staffed_by(request.user).for_listing())
    contact_points = [
        contact_point
        for contact_point in ContactPoint.objects.filter(districts__in=districts)
        .distinct()
        .prefetch_related("districts")
        if request.user.has_perm("places.edit_contactpoint", contact_point)
    ]
    context = {"tiles": _tiles(request.user), "districts": districts, "contact_points": contact_points}
    return render(request, "places/cockpit.html", context)


def _tiles(user: object) -> list[dict[str, object]]:
    """The registered cockpit tiles this person sees, each with its count (one query a tile)."""
    return [
        {
            "label": tile.label,
            "url": reverse(tile.url_name) + (f"?{tile.query}" if tile.query else ""),
            "count": tile.count(user) if tile.count else None,
            "description": tile.description,
        }
        for tile in registry.cockpit_tiles
        if tile.visible(user)
    ]


@staff_required
def district_edit(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_object_or_404(District, slug=slug)
    if not request.user.has_perm("places.edit_district", district):
        raise PermissionDenied
    form = DistrictPortraitForm(posted(request), instance=district)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Das Porträt wurde gespeichert."))
        return redirect(district)
    return render(request, "places/district_form.html", {"district": district, "form": form})


@staff_required
def contact_point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact_point = get_object_or_404(ContactPoint.objects.prefetch_related("districts"), pk=pk)
    if not request.user.has_perm("places.edit_contactpoint", contact_point):
        raise PermissionDenied
    form = ContactPointForm(posted(request), instance=contact_point)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Anlaufstelle wurde gespeichert."))
        return redirect("places:cockpit")
    return render(request, "places/contact_point_form.html", {"contact_point": contact_point, "form": form})
