from __future__ import annotations

from django.urls import path

from quartier.places import staff_views, views

app_name = "places"
urlpatterns = [
    path("", views.home, name="home"),
    path("theme.css", views.theme, name="theme"),
    path("ortsteile/", views.district_list, name="district_list"),
    path("ortsteile/<slug:slug>/", views.district_detail, name="district"),
    path("cockpit/", staff_views.cockpit, name="cockpit"),
    path("cockpit/ortsteile/<slug:slug>/bearbeiten/", staff_views.district_edit, name="district_edit"),
    path("cockpit/anlaufstellen/<int:pk>/bearbeiten/", staff_views.contact_point_edit, name="contact_point_edit"),
]
