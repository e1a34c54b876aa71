from __future__ import annotations

from django.urls import path

from quartier.news import campaign_views, feeds, newsletter_views, partner_views, profile_views, staff_views, views

app_name = "news"
urlpatterns = [
    path("aktuelles/", views.post_list, name="list"),
    path("aktuelles/feed/", feeds.PostFeed(), name="feed"),
    path("aktuelles/feed/ortsteil/<slug:slug>/", feeds.DistrictPostFeed(), name="district_feed"),
    path("aktuelles/feed/handlungsfeld/<slug:slug>/", feeds.FieldPostFeed(), name="field_feed"),
    path("aktuelles/newsletter/", newsletter_views.subscribe, name="subscribe"),
    path("aktuelles/newsletter/konto/abonnieren/", profile_views.profile_subscribe, name="profile_subscribe"),
    path("aktuelles/newsletter/konto/abbestellen/", profile_views.profile_unsubscribe, name="profile_unsubscribe"),
    path("aktuelles/newsletter/bestaetigen/<str:token>/", newsletter_views.confirm, name="confirm"),
    path("aktuelles/newsletter/abo/<str:token>/", newsletter_views.subscription_page, name="subscription"),
    path("aktuelles/newsletter/abmelden/<str:token>/", newsletter_views.unsubscribe_page, name="unsubscribe"),
    path("aktuelles/organisation/<slug:slug>/vorschlagen/", partner_views.partner_propose, name="partner_propose"),
    path("aktuelles/<slug:slug>/", views.post_detail, name="detail"),
    path("cockpit/aktuelles/", staff_views.post_cockpit, name="cockpit"),
    path("cockpit/aktuelles/neu/", staff_views.post_create, name="create"),
    path("cockpit/aktuelles/<int:pk>/bearbeiten/", staff_views.post_edit, name="edit"),
    path("cockpit/aktuelles/<int:pk>/veroeffentlichen/", partner_views.proposal_publish, name="publish"),
    path("cockpit/aktuelles/<int:pk>/ablehnen/", partner_views.proposal_decline, name="decline"),
    path("cockpit/rundbriefe/", campaign_views.campaign_list, name="campaigns"),
    path("cockpit/rundbriefe/neu/", campaign_views.campaign_create, name="campaign_create"),
    path("cockpit/rundbriefe/<int:pk>/", campaign_views.campaign_detail, name="campaign"),
    path("cockpit/rundbriefe/<int:pk>/bearbeiten/", campaign_views.campaign_edit, name="campaign_edit"),
    path("cockpit/rundbriefe/<int:pk>/vorschau/", campaign_views.campaign_preview, name="campaign_preview"),
    path("cockpit/rundbriefe/<int:pk>/aushang.pdf", campaign_views.campaign_pdf, name="campaign_pdf"),
    path("cockpit/rundbriefe/<int:pk>/testmail/", campaign_views.campaign_test, name="campaign_test"),
    path("cockpit/rundbriefe/<int:pk>/senden/", campaign_views.campaign_send, name="campaign_send"),
    path("cockpit/rundbriefe/<int:pk>/planen/", campaign_views.campaign_schedule, name="campaign_schedule"),
    path(
        "cockpit/rundbriefe/<int:pk>/planung-aufheben/", campaign_views.campaign_unschedule, name="campaign_unschedule"
    ),
]
