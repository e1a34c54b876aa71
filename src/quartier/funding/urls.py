from __future__ import annotations

from django.urls import path

from quartier.funding import staff_views, views

app_name = "funding"
urlpatterns = [
    path("foerderprogramme/", views.programme_list, name="programmes"),
    path("cockpit/foerdermittel/", staff_views.application_list, name="cockpit"),
    path("cockpit/foerdermittel/neu/", staff_views.application_create, name="create"),
    path("cockpit/foerdermittel/<int:pk>/", staff_views.application_detail, name="detail"),
]
