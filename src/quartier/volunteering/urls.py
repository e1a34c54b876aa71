from __future__ import annotations

from django.urls import path

from quartier.volunteering import staff_views, views

app_name = "volunteering"
urlpatterns = [
    path("mitmachen/engagement/", views.call_list, name="calls"),
    path("mitmachen/engagement/mein-engagement/", views.my_engagement, name="mine"),
    path("mitmachen/engagement/mein-engagement/profil/", views.profile, name="profile"),
    path("mitmachen/engagement/mein-engagement/nachweis.pdf", views.certificate_pdf, name="certificate"),
    path("mitmachen/engagement/nachweis/<str:token>/", views.verify_certificate, name="verify"),
    path("mitmachen/engagement/kalender.ics", views.feed_all, name="feed_all"),
    path("mitmachen/engagement/<int:pk>/", views.call_detail, name="call"),
    path("mitmachen/engagement/<int:pk>/kalender.ics", views.feed_call, name="feed_call"),
    path("mitmachen/engagement/<int:pk>/schicht-<int:shift_pk>.ics", views.feed_shift, name="feed_shift"),
    path("mitmachen/engagement/<int:pk>/anmelden/", views.call_sign_up, name="call_sign_up"),
    path("mitmachen/engagement/anmeldung/<str:token>/", views.sign_up_detail, name="sign_up"),
    path("cockpit/engagement/", staff_views.cockpit, name="cockpit"),
    path("cockpit/engagement/neu/", staff_views.call_create, name="create"),
    path("cockpit/engagement/<int:pk>/", staff_views.roster, name="roster"),
    path("cockpit/engagement/<int:pk>/helfende.csv", staff_views.roster_csv, name="roster_csv"),
    path("cockpit/engagement/<int:pk>/nachricht/", staff_views.message, name="message"),
    path("cockpit/engagement/<int:pk>/passende/", staff_views.matching, name="matching"),
    path("cockpit/engagement/<int:pk>/kopieren/", staff_views.call_copy, name="copy"),
    path("cockpit/engagement/<int:pk>/veroeffentlichen/", staff_views.call_publish, name="publish"),
    path("cockpit/engagement/<int:pk>/anmelden/", staff_views.sign_up_on_behalf, name="on_behalf"),
    path("cockpit/engagement/schicht/<int:pk>/", staff_views.shift_edit, name="shift_edit"),
    path("cockpit/engagement/anmeldung/<int:pk>/", staff_views.sign_up_action, name="sign_up_action"),
    path("cockpit/engagement/anmeldung/<int:pk>/einsicht/", staff_views.inspection, name="inspection"),
    path("cockpit/engagement/schicht/<int:pk>/anwesenheit/", staff_views.attendance, name="attendance"),
    path("cockpit/engagement/stunden/", staff_views.other_hours, name="other_hours"),
    path("cockpit/engagement/stunden/<int:pk>/", staff_views.other_hours_decide, name="other_hours_decide"),
    path("cockpit/engagement/ehrenamtskarte/", staff_views.card_list, name="card_list"),
    path("cockpit/engagement/fuehrungszeugnisse/", staff_views.inspections, name="inspections"),
]
