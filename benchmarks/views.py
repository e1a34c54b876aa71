"""The floor: the cheapest page this stack can serve with one query and one template."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from quartier.places.models import District


def floor(request: HttpRequest) -> HttpResponse:
    """Exactly one simple query and a tiny standalone template (no context processors).

    It still passes through the whole middleware stack, gunicorn and the database
    connection set-up, so it is the throughput a real page can hope to come close to.
    """
    name = District.objects.order_by("pk").values_list("name", flat=True).first()
    return HttpResponse(render_to_string("bench/floor.html", {"name": name}))
