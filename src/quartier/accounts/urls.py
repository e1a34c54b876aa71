from __future__ import annotations

from django.urls import path

from quartier.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("meine-daten.json", views.export_data, name="export"),
    path("loeschen/", views.delete, name="delete"),
]
