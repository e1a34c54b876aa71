from __future__ import annotations

from django.urls import path

from quartier.surveys import views

app_name = "surveys"
urlpatterns = [
    path("mitmachen/umfragen/", views.survey_list, name="list"),
    path("mitmachen/umfragen/<int:pk>/", views.survey_detail, name="survey"),
    path("mitmachen/umfragen/<int:pk>/ergebnisse/", views.survey_results_page, name="results"),
    path("cockpit/umfragen/", views.survey_cockpit, name="cockpit"),
    path("cockpit/umfragen/neu/", views.survey_edit, name="create"),
    path("cockpit/umfragen/<int:pk>/", views.survey_edit, name="edit"),
    path("cockpit/umfragen/<int:pk>/beenden/", views.survey_close, name="close"),
    path("cockpit/umfragen/<int:pk>/antworten.csv", views.survey_csv, name="csv"),
]
