"""Mail the worker sends for funding: the reminder of a deadline to the responsible staff."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from quartier.core.links import absolute_url


@task()
def send_deadline_reminder(application_id: int, kind: str, addresses: list[str]) -> None:
    from quartier.funding.models import Application

    application = Application.objects.select_related("programme").filter(pk=application_id).first()
    if application is None or not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Frist für den Förderantrag „%(title)s“") % {"title": application.title}
        body = render_to_string(
            "funding/reminder_mail.txt",
            {"application": application, "kind": kind, "url": absolute_url(application.get_absolute_url())},
        )
    for address in addresses:
        send_mail(subject, body, None, [address])
