from __future__ import annotations

from django.urls import path

from quartier.funding import staff_views, views

app_name = "funding"
urlpatterns = [
    path("foerderprogramme/", views.programme_list, name="programmes"),
    path("foerdermittel/meine-antraege/", views.partner_applications, name="partner_list"),
    path("foerdermittel/meine-antraege/<int:pk>/", views.partner_application, name="partner_detail"),
    path("cockpit/foerdermittel/", staff_views.application_list, name="cockpit"),
    path("cockpit/foerdermittel/neu/", staff_views.application_create, name="create"),
    path("cockpit/foerdermittel/uebersicht/", staff_views.overview, name="overview"),
    path("cockpit/foerdermittel/<int:pk>/", staff_views.application_detail, name="detail"),
    path("cockpit/foerdermittel/programme/", staff_views.programme_cockpit, name="programme_cockpit"),
    path("cockpit/foerdermittel/programme/neu/", staff_views.programme_edit, name="programme_create"),
    path("cockpit/foerdermittel/programme/<int:pk>/", staff_views.programme_edit, name="programme_edit"),
]
