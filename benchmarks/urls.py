"""Quartier's URLs plus the floor: /_bench/floor/."""

from __future__ import annotations

from django.urls import include, path

from benchmarks import views
from quartier.urls import handler400, handler403, handler404, handler500

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path("_bench/floor/", views.floor, name="bench_floor"),
    path("", include("quartier.urls")),
]
