"""E-mail that the inquiry services send: to the sender about their inquiry, to the staff of
a district an inquiry moved to. The services queue these tasks on commit; the tasks take ids
(their arguments are stored as JSON) and look everything up again, so a mail always shows the
state after the transaction that queued it committed.

Kept apart from ``tasks.py`` (the jobs that call services) so that services import
notifications and jobs import services, never round in a circle.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from quartier.core.links import absolute_url
from quartier.inquiries.models import Inquiry, InquiryEvent

SUBJECTS = {
    "confirmation": _("Ihr Anliegen %(number)s ist eingegangen"),
    "reply": _("Antwort auf Ihr Anliegen %(number)s"),
    "status": _("Neuigkeiten zu Ihrem Anliegen %(number)s"),
}


@task()
def send_sender_mail(inquiry_id: int, template: str, event_id: int | None = None) -> None:
    """E-mail the sender about their inquiry, with the private link to follow and answer it."""
    inquiry = Inquiry.objects.select_related("district", "category", "user").filter(pk=inquiry_id).first()
    if inquiry is None or not inquiry.email or inquiry.anonymised_at:
        return
    event = InquiryEvent.objects.filter(pk=event_id, inquiry=inquiry).first() if event_id else None
    # Anyone can type any address into the form: until the address is known to be the
    # sender's (a signed-in account, whose address is verified), a mail quotes nothing
    # the sender wrote, so the town's mail cannot carry someone else's words.
    address_confirmed = inquiry.user is not None and inquiry.user.email.lower() == inquiry.email.lower()
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            f"inquiries/email/{template}.txt",
            {
                "inquiry": inquiry,
                "event": event,
                "address_confirmed": address_confirmed,
                "private_url": absolute_url(inquiry.get_private_url()),
            },
        )
        subject = str(SUBJECTS[template]) % {"number": inquiry.number}
    send_mail(subject, body, None, [inquiry.email])


@task()
def notify_district_staff(inquiry_id: int) -> None:
    """Tell the staff of the district an inquiry was moved to that it is now theirs."""
    inquiry = Inquiry.objects.select_related("district", "category").filter(pk=inquiry_id).first()
    if inquiry is None:
        return
    recipients = list(inquiry.district.staff.filter(is_active=True).values_list("email", flat=True))
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "inquiries/email/moved.txt",
            {"inquiry": inquiry, "url": absolute_url(inquiry)},
        )
        subject = str(_("Anliegen %(number)s ist jetzt bei %(district)s")) % {
            "number": inquiry.number,
            "district": inquiry.district.name,
        }
    send_mail(subject, body, None, recipients)
