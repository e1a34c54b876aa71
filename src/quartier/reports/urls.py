from __future__ import annotations

from django.urls import path

from quartier.reports import views

app_name = "reports"
urlpatterns = [
    path("berichte/", views.index, name="index"),
    path("berichte/<int:year>/", views.report, name="town"),
    path("berichte/<int:year>/bericht.pdf", views.report_pdf, name="town_pdf"),
    path("berichte/<int:year>/tabellen/<slug:table>.csv", views.report_csv, name="town_csv"),
    path("berichte/<int:year>/text/", views.edit_text, name="town_text"),
    path("berichte/<int:year>/veroeffentlichen/", views.publish, name="publish"),
    path("berichte/<int:year>/<str:kind>/<slug:slug>/", views.report, name="scope"),
    path("berichte/<int:year>/<str:kind>/<slug:slug>/bericht.pdf", views.report_pdf, name="scope_pdf"),
    path("berichte/<int:year>/<str:kind>/<slug:slug>/tabellen/<slug:table>.csv", views.report_csv, name="scope_csv"),
    path("berichte/<int:year>/<str:kind>/<slug:slug>/text/", views.edit_text, name="scope_text"),
]
