from __future__ import annotations

from django.urls import path

from quartier.core import views

app_name = "core"
urlpatterns = [
    path("seiten/<slug:kind>/", views.legal_page, name="legal"),
    path("suche/", views.search, name="search"),
]
