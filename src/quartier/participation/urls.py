from __future__ import annotations

from django.urls import path

from quartier.participation import moderation_views, staff_views, views

app_name = "participation"
urlpatterns = [
    path("mitmachen/ideen/", views.idea_list, name="ideas"),
    path("mitmachen/ideen/neu/", views.idea_create, name="idea_create"),
    path("mitmachen/ideen/<int:pk>/", views.idea_detail, name="idea"),
    path("mitmachen/ideen/<int:pk>/bearbeiten/", views.idea_edit, name="idea_edit"),
    path("mitmachen/ideen/<int:pk>/bild/", views.idea_image, name="idea_image"),
    path("mitmachen/ideen/<int:pk>/unterstuetzen/", views.idea_support, name="idea_support"),
    path("mitmachen/ideen/<int:pk>/folgen/", views.idea_follow, name="idea_follow"),
    path("mitmachen/ideen/<int:pk>/kommentieren/", views.comment_create, name="comment_create"),
    path("mitmachen/kommentare/<int:pk>/bearbeiten/", views.comment_edit, name="comment_edit"),
    path("mitmachen/kommentare/<int:pk>/loeschen/", views.comment_delete, name="comment_delete"),
    path("mitmachen/melden/<str:kind>/<int:pk>/", views.report, name="report"),
    path("cockpit/moderation/", moderation_views.queue, name="moderation"),
    path("cockpit/moderation/verlauf/", moderation_views.history, name="moderation_history"),
    path("cockpit/moderation/person/<int:pk>/", moderation_views.block_person, name="block"),
    path("cockpit/moderation/<str:kind>/<int:pk>/", moderation_views.moderate, name="moderate"),
    path("cockpit/ideen/", staff_views.idea_cockpit, name="cockpit"),
    path("cockpit/ideen/<int:pk>/", staff_views.idea_status, name="idea_status"),
]
