from __future__ import annotations

from django.urls import path

from quartier.projects import staff_views, views

app_name = "projects"
urlpatterns = [
    path("projekte/", views.project_list, name="list"),
    path("projekte/<slug:slug>/", views.project_detail, name="detail"),
    path("cockpit/projekte/", staff_views.project_cockpit, name="cockpit"),
    path("cockpit/projekte/neu/", staff_views.project_create, name="create"),
    path("cockpit/projekte/<int:pk>/bearbeiten/", staff_views.project_edit, name="edit"),
    path("cockpit/projekte/<int:pk>/neuigkeit/", staff_views.project_update_create, name="update_create"),
    path("cockpit/ideen/<int:pk>/projekt/", staff_views.idea_to_project, name="idea_to_project"),
]
