from __future__ import annotations

from django.urls import path

from quartier.events import registration_views, staff_views, views

app_name = "events"
urlpatterns = [
    path("termine/", views.calendar, name="calendar"),
    path("termine/kalender.ics", views.feed_all, name="feed_all"),
    path("termine/ortsteil/<slug:slug>.ics", views.feed_district, name="feed_district"),
    path("termine/projekt/<slug:slug>.ics", views.feed_project, name="feed_project"),
    path("termine/handlungsfeld/<slug:slug>.ics", views.feed_field, name="feed_field"),
    path("termine/vorschlagen/", registration_views.propose, name="propose"),
    path("termine/anmeldung/<str:token>/", registration_views.registration_detail, name="registration"),
    path("termine/<int:pk>/", views.event_detail, name="detail"),
    path("termine/<int:pk>/kalender.ics", views.feed_event, name="feed_event"),
    path("termine/<int:pk>/<int:date_pk>/", views.date_detail, name="date"),
    path("termine/<int:pk>/<int:date_pk>/anmelden/", registration_views.register, name="register"),
    path("termine/<int:pk>/<int:date_pk>/aushang/", views.notice, name="notice"),
    path("termine/<int:pk>/<int:date_pk>/aushang.pdf", views.notice_pdf, name="notice_pdf"),
    path("cockpit/termine/", staff_views.event_cockpit, name="cockpit"),
    path("cockpit/termine/neu/", staff_views.event_create, name="create"),
    path("cockpit/termine/<int:pk>/bearbeiten/", staff_views.event_edit, name="edit"),
    path("cockpit/termine/<int:pk>/veroeffentlichen/", staff_views.event_publish, name="publish"),
    path("cockpit/termine/<int:pk>/daten/", staff_views.event_dates, name="cockpit_dates"),
    path("cockpit/termine/datum/<int:pk>/", staff_views.date_edit, name="date_edit"),
    path("cockpit/termine/datum/<int:pk>/teilnehmende/", staff_views.participants, name="participants"),
    path("cockpit/termine/datum/<int:pk>/teilnehmende.csv", staff_views.participants_csv, name="participants_csv"),
    path("cockpit/termine/datum/<int:pk>/anmelden/", staff_views.register_on_behalf, name="register_on_behalf"),
    path("cockpit/termine/datum/<int:pk>/teilnahme/", staff_views.attendance, name="attendance"),
    path("cockpit/termine/anmeldung/<int:pk>/", staff_views.registration_action, name="registration_action"),
]
