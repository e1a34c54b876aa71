from __future__ import annotations

from django.urls import path

from quartier.network import staff_views, views

app_name = "network"
urlpatterns = [
    path("netzwerk/", views.organisation_list, name="list"),
    path("netzwerk/<slug:slug>/", views.organisation_detail, name="detail"),
    path("netzwerk/<slug:slug>/vcard/", views.organisation_vcard, name="vcard"),
    path("cockpit/netzwerk/", staff_views.organisation_cockpit, name="cockpit"),
    path("cockpit/netzwerk/neu/", staff_views.organisation_create, name="create"),
    path("cockpit/netzwerk/wer-macht-was/", staff_views.matrix, name="matrix"),
    path("cockpit/netzwerk/<int:pk>/bearbeiten/", staff_views.organisation_edit, name="edit"),
]
