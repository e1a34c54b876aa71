"""How allauth behaves on this site: staff land in the cockpit after signing in, and every
account e-mail is branded with the town's name and links to ``SITE_URL``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.template.loader import render_to_string

from quartier.core.client import client_address
from quartier.core.links import absolute_url
from quartier.core.permissions import has_staff_role


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        # Login throttling counts per client address like every other limit on the site.
        return client_address(request)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if has_staff_role(request.user):
            return resolve_url(settings.STAFF_LOGIN_REDIRECT_URL)
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # The sender's name is the town's (from the page context, which knows the town);
        # links the flows built from the request become links on SITE_URL like every mail's.
        request = getattr(self, "request", None) or allauth_context.request
        self.site_name = render_to_string("account/email/site_name.txt", {}, request).strip()
        for key, value in list(context.items()):
            if key.endswith("_url") and isinstance(value, str) and value:
                parts = urlsplit(value)
                context[key] = absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))
        context.setdefault("site_name", self.site_name)
        context.setdefault("site_url", absolute_url("/"))
        super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject: str) -> str:
        return f"[{getattr(self, 'site_name', '') or 'Quartier'}] {subject}"
