from __future__ import annotations

from django.urls import path

from quartier.network import partner_views, round_staff_views, round_views, staff_views, views

app_name = "network"
urlpatterns = [
    path("netzwerk/", views.organisation_list, name="list"),
    # Round tables, before the organisations' pages (their slug "runde-tische" is reserved).
    path("netzwerk/runde-tische/", round_views.round_table_index, name="round_tables"),
    path("netzwerk/runde-tische/meine-aufgaben/", round_views.my_tasks, name="my_tasks"),
    path("netzwerk/runde-tische/beschluesse/", round_views.decision_search, name="decisions"),
    path("netzwerk/runde-tische/sitzung/<int:pk>/", round_views.meeting_detail, name="meeting"),
    path("netzwerk/runde-tische/sitzung/<int:pk>/sitzung.ics", round_views.meeting_calendar, name="meeting_ics"),
    path("netzwerk/runde-tische/sitzung/<int:pk>/vorschlag/", round_views.agenda_propose, name="agenda_propose"),
    path("netzwerk/runde-tische/aufgabe/<int:pk>/", round_views.action_item_status, name="action_status"),
    path("netzwerk/runde-tische/<slug:slug>/", round_views.round_table_detail, name="round_table"),
    path("netzwerk/einladung/<str:token>/", partner_views.partner_accept, name="partner_accept"),
    path("netzwerk/<slug:slug>/", views.organisation_detail, name="detail"),
    path("netzwerk/<slug:slug>/vcard/", views.organisation_vcard, name="vcard"),
    path("netzwerk/<slug:slug>/pflegen/", partner_views.partner_edit, name="partner_edit"),
    path("netzwerk/<slug:slug>/termin-vorschlagen/", partner_views.partner_propose_event, name="partner_propose"),
    path(
        "netzwerk/<slug:slug>/helfergesuch-vorschlagen/",
        partner_views.partner_propose_call,
        name="partner_propose_call",
    ),
    path("cockpit/netzwerk/", staff_views.organisation_cockpit, name="cockpit"),
    path("cockpit/netzwerk/neu/", staff_views.organisation_create, name="create"),
    path("cockpit/netzwerk/wer-macht-was/", staff_views.matrix, name="matrix"),
    path("cockpit/netzwerk/runde-tische/", round_staff_views.round_table_cockpit, name="round_table_cockpit"),
    path("cockpit/netzwerk/runde-tische/neu/", round_staff_views.round_table_create, name="round_table_create"),
    path("cockpit/netzwerk/runde-tische/<int:pk>/", round_staff_views.round_table_manage, name="round_table_manage"),
    path("cockpit/netzwerk/runde-tische/<int:pk>/mitglieder/", round_staff_views.member_add, name="member_add"),
    path("cockpit/netzwerk/runde-tische/<int:pk>/sitzung/", round_staff_views.meeting_create, name="meeting_create"),
    path("cockpit/netzwerk/mitglieder/<int:pk>/entfernen/", round_staff_views.member_remove, name="member_remove"),
    path("cockpit/netzwerk/sitzungen/<int:pk>/", round_staff_views.meeting_manage, name="meeting_manage"),
    path("cockpit/netzwerk/sitzungen/<int:pk>/einladen/", round_staff_views.meeting_invite, name="meeting_invite"),
    path("cockpit/netzwerk/sitzungen/<int:pk>/protokoll/", round_staff_views.meeting_minutes, name="meeting_minutes"),
    path("cockpit/netzwerk/sitzungen/<int:pk>/beschluss/", round_staff_views.decision_add, name="decision_add"),
    path("cockpit/netzwerk/sitzungen/<int:pk>/aufgabe/", round_staff_views.action_item_add, name="action_item_add"),
    path("cockpit/netzwerk/<int:pk>/partner/", partner_views.partner_invite, name="partner_invite"),
    path("cockpit/netzwerk/<int:pk>/ansprechperson/", staff_views.contact_create, name="contact_create"),
    path("cockpit/netzwerk/ansprechpersonen/<int:pk>/", staff_views.contact_edit, name="contact_edit"),
    path("cockpit/netzwerk/ansprechpersonen/<int:pk>/entfernen/", staff_views.contact_remove, name="contact_remove"),
    path("cockpit/netzwerk/<int:pk>/bearbeiten/", staff_views.organisation_edit, name="edit"),
]
