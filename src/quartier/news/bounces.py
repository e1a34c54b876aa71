"""Bounces and complaints from a mail provider. django-anymail's tracking webhooks
(``/anymail/<provider>/tracking/``, basic auth with ``ANYMAIL_WEBHOOK_SECRET``) turn each
provider's report into a normalised event and send the ``tracking`` signal; a hard bounce or a
complaint stops mail to the address (``services.suspend_address``). Soft bounces (``deferred``)
change nothing: the provider tries again."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

# anymail's normalised event types that stop mail to the address, with the reason stored.
STOPPING = {"bounced": "bounce", "complained": "complaint"}


def handle_tracking(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    from quartier.news.services import suspend_address

    reason = STOPPING.get(event.event_type)
    if reason is None or not event.recipient:
        return
    suspended = suspend_address(email=event.recipient, reason=reason)
    logger.info("%s from %s: %d subscription(s) suspended", reason, esp_name, suspended)


def connect() -> None:
    from anymail.signals import tracking

    tracking.connect(handle_tracking, dispatch_uid="quartier.news.bounces")


def provider(backend: str) -> str | None:
    """The provider of an anymail backend ("anymail.backends.postmark.EmailBackend": "postmark")."""
    parts = backend.split(".")
    if len(parts) == 4 and parts[:2] == ["anymail", "backends"] and parts[2] not in {"test", "console"}:
        return parts[2]
    return None


def tracking_urlpatterns(backend: str | None = None) -> list[Any]:
    """The tracking webhook (``/anymail/<provider>/tracking/``) of the provider whose anymail
    backend sends the site's mail (``EMAIL_BACKEND``); none with plain SMTP. Only that one:
    the others would need their providers' signing secrets and libraries."""
    from django.conf import settings

    name = provider(settings.EMAIL_BACKEND if backend is None else backend)
    if name is None:
        return []
    from anymail.urls import urlpatterns

    return [pattern for pattern in urlpatterns if pattern.name == f"{name}_tracking_webhook"]
