from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from quartier.api.endpoints import api
from quartier.core import observability
from quartier.core import views as core_views
from quartier.news.bounces import tracking_urlpatterns

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", core_views.media, name="media"),
    path("readyz", core_views.readyz, name="readyz"),
    # Prometheus metrics: 404 unless QUARTIER_METRICS is on and the client is allowed.
    path("metrics", observability.metrics, name="metrics"),
    path("sprache/", set_language, name="set_language"),
    path("konto/", include("allauth.urls")),
    path("konto/profil/", include("quartier.accounts.urls")),
    path("verwaltung/", admin.site.urls),
    path("", include("quartier.core.urls")),
    path("", include("quartier.places.urls")),
    path("", include("quartier.inquiries.urls")),
    path("open311/v2/", include("quartier.inquiries.open311")),
    path("", include("quartier.projects.urls")),
    path("", include("quartier.events.urls")),
    path("", include("quartier.participation.urls")),
    path("", include("quartier.surveys.urls")),
    path("", include("quartier.volunteering.urls")),
    path("", include("quartier.resources.urls")),
    path("", include("quartier.network.urls")),
    path("", include("quartier.news.urls")),
    path("", include("quartier.reports.urls")),
    path("", include("quartier.funding.urls")),
    path("", include("quartier.api.urls")),  # open data and the API's documentation page
    path("api/v1/", api.urls),
    # Bounce and complaint reports of a mail provider (basic auth: ANYMAIL_WEBHOOK_SECRET).
    path("anymail/", include((tracking_urlpatterns(), "anymail"))),
]

handler400 = "quartier.core.views.error_400"
handler403 = "quartier.core.views.error_403"
handler404 = "quartier.core.views.error_404"
handler500 = "quartier.core.views.error_500"
