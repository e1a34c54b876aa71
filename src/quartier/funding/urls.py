from __future__ import annotations

from django.urls import path

from quartier.funding import deadline_views, document_views, plan_views, staff_views, views

app_name = "funding"
urlpatterns = [
    path("foerderprogramme/", views.programme_list, name="programmes"),
    path("foerdermittel/meine-antraege/", views.partner_applications, name="partner_list"),
    path("foerdermittel/meine-antraege/<int:pk>/", views.partner_application, name="partner_detail"),
    path("foerdermittel/<int:pk>/dokumente/<int:document>/", document_views.document, name="document"),
    path("foerdermittel/fristen/<str:token>.ics", deadline_views.feed, name="feed"),
    path("cockpit/foerdermittel/", staff_views.application_list, name="cockpit"),
    path("cockpit/foerdermittel/neu/", staff_views.application_create, name="create"),
    path("cockpit/foerdermittel/uebersicht/", staff_views.overview, name="overview"),
    path("cockpit/foerdermittel/fristen/", deadline_views.calendar, name="calendar"),
    path("cockpit/foerdermittel/fristen/abo/", deadline_views.feed_token, name="feed_token"),
    path("cockpit/foerdermittel/<int:pk>/", staff_views.application_detail, name="detail"),
    path("cockpit/foerdermittel/<int:pk>/dokumente/", document_views.document_upload, name="document_upload"),
    path(
        "cockpit/foerdermittel/<int:pk>/dokumente/<int:document>/loeschen/",
        document_views.document_delete,
        name="document_delete",
    ),
    path("cockpit/foerdermittel/<int:pk>/auflagen/", document_views.condition_add, name="condition_add"),
    path(
        "cockpit/foerdermittel/<int:pk>/auflagen/<int:condition>/",
        document_views.condition_change,
        name="condition_change",
    ),
    path("cockpit/foerdermittel/<int:pk>/finanzplan/", plan_views.plan, name="plan"),
    path("cockpit/foerdermittel/<int:pk>/verwendungsnachweis/", plan_views.proof, name="proof"),
    path("cockpit/foerdermittel/<int:pk>/verwendungsnachweis/druck/", plan_views.proof_print, name="proof_print"),
    path("cockpit/foerdermittel/<int:pk>/verwendungsnachweis.pdf", plan_views.proof_pdf, name="proof_pdf"),
    path("cockpit/foerdermittel/<int:pk>/verwendungsnachweis.csv", plan_views.proof_csv, name="proof_csv"),
    path("cockpit/foerdermittel/programme/", staff_views.programme_cockpit, name="programme_cockpit"),
    path("cockpit/foerdermittel/programme/neu/", staff_views.programme_edit, name="programme_create"),
    path("cockpit/foerdermittel/programme/<int:pk>/", staff_views.programme_edit, name="programme_edit"),
]
