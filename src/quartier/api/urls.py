from __future__ import annotations

from django.urls import path

from quartier.api import views

app_name = "opendata"

urlpatterns = [
    path("offene-daten/", views.index, name="index"),
    path("opendata/catalog.jsonld", views.catalog, name="catalog"),
    path("opendata/<slug:name>.<str:extension>", views.download, name="download"),
    path("api/v1/docs/", views.docs, name="api_docs"),
    path("api/v1/docs/<slug:operation_id>/", views.docs_operation, name="api_docs_operation"),
]
