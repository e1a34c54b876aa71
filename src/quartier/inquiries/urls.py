from __future__ import annotations

from django.urls import path

from quartier.inquiries import department_views, settings_views, staff_views, views

app_name = "inquiries"
urlpatterns = [
    path("anliegen/", views.index, name="index"),
    path("anliegen/neu/", views.create, name="create"),
    path("anliegen/gesendet/", views.sent, name="sent"),
    path("anliegen/hinweise/<str:number>/", views.public_detail, name="public_detail"),
    path("anliegen/hinweise/<str:number>/foto/", views.public_photo, name="public_photo"),
    path("anliegen/verlauf/<str:token>/", views.track, name="track"),
    path("anliegen/verlauf/<str:token>/foto/", views.track_photo, name="track_photo"),
    path("anliegen/stelle/<str:token>/", department_views.forward_page, name="forward_page"),
    path("anliegen/stelle/<str:token>/foto/", department_views.forward_inquiry_photo, name="forward_inquiry_photo"),
    path("cockpit/anliegen/<int:pk>/weiterleiten/", department_views.forward, name="forward"),
    path("cockpit/anliegen/weiterleitung/<int:pk>/foto/", department_views.forward_photo, name="forward_photo"),
    path("cockpit/anliegen/fachstellen/", department_views.departments, name="departments"),
    path("cockpit/anliegen/fachstellen/neu/", department_views.department_edit, name="department_new"),
    path("cockpit/anliegen/fachstellen/<int:pk>/", department_views.department_edit, name="department_edit"),
    path("cockpit/anliegen/", staff_views.inbox, name="inbox"),
    path("cockpit/anliegen/export.csv", staff_views.export, name="export"),
    path("cockpit/anliegen/zuweisen/", staff_views.bulk_assign, name="bulk_assign"),
    path("cockpit/anliegen/erfassen/", staff_views.record, name="record"),
    path("cockpit/anliegen/<int:pk>/", staff_views.detail, name="detail"),
    path("cockpit/anliegen/<int:pk>/foto/", staff_views.photo, name="photo"),
    path("cockpit/anliegen/kategorien/", settings_views.categories, name="categories"),
    path("cockpit/anliegen/kategorien/neu/", settings_views.category_edit, name="category_new"),
    path("cockpit/anliegen/kategorien/<int:pk>/", settings_views.category_edit, name="category_edit"),
    path("cockpit/anliegen/vorlagen/", settings_views.templates, name="templates"),
    path("cockpit/anliegen/vorlagen/neu/", settings_views.template_edit, name="template_new"),
    path("cockpit/anliegen/vorlagen/<int:pk>/", settings_views.template_edit, name="template_edit"),
]
