"""The Django admin, for administrators only, behind allauth's login and a second factor."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from quartier.core.staff import second_factor_redirect


class QuartierAdminSite(admin.AdminSite):
    site_header = _("Quartier – Administration")
    site_title = _("Quartier")
    index_title = _("Einstellungen und Konten")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # One login for the whole site: allauth's, with its rate limits. A signed-in
        # user without admin rights is refused rather than sent round in a loop.
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next", request.get_full_path()))

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            else:
                if not self.has_permission(request):
                    raise PermissionDenied
                redirect = second_factor_redirect(request)
                if redirect is not None:
                    return redirect
            return inner(request, *args, **kwargs)

        guarded.admin_site = self  # type: ignore[attr-defined]
        return guarded
