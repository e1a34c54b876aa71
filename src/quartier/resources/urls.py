from __future__ import annotations

from django.urls import path

from quartier.resources import staff_views, views

app_name = "resources"
urlpatterns = [
    path("ausleihe/", views.resource_list, name="list"),
    path("ausleihe/meine-buchungen/", views.my_bookings, name="my_bookings"),
    path("ausleihe/buchung/<int:pk>/", views.booking_detail, name="booking"),
    path("ausleihe/<slug:slug>/", views.resource_detail, name="detail"),
    path("ausleihe/<slug:slug>/belegung.ics", views.feed, name="feed"),
    path("ausleihe/<slug:slug>/buchen/", views.book, name="book"),
    path("cockpit/ausleihe/", staff_views.cockpit, name="cockpit"),
    path("cockpit/ausleihe/auslastung/", staff_views.utilisation_view, name="utilisation"),
    path("cockpit/ausleihe/buchung/<int:pk>/", staff_views.booking, name="staff_booking"),
    path("cockpit/ausleihe/helfergesuch/<int:pk>/", staff_views.book_for_call, name="book_for_call"),
    path("cockpit/ausleihe/neu/", staff_views.resource_form, name="resource_create"),
    path("cockpit/ausleihe/<slug:slug>/bearbeiten/", staff_views.resource_form, name="resource_edit"),
    path("cockpit/ausleihe/<slug:slug>/buchen/", staff_views.book_for, name="book_for"),
]
