"""Background work of the inquiries app: e-mail to senders and staff, and the daily retention run.

Tasks take ids (their arguments are stored as JSON) and look everything up again,
so a mail always shows the state after the transaction that queued it committed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from quartier.core.links import absolute_url

SUBJECTS = {
    "confirmation": _("Ihr Anliegen %(number)s ist eingegangen"),
    "reply": _("Antwort auf Ihr Anliegen %(number)s"),
    "status": _("Neuigkeiten zu Ihrem Anliegen %(number)s"),
}


@task()
def send_sender_mail(inquiry_id: int, template: str, event_id: int | None = None) -> None:
    """E-mail the sender about their inquiry, with the private link to follow and answer it."""
    from quartier.inquiries.models import Inquiry, InquiryEvent

    inquiry = Inquiry.objects.select_related("district", "category").filter(pk=inquiry_id).first()
    if inquiry is None or not inquiry.email or inquiry.anonymised_at:
        return
    event = InquiryEvent.objects.filter(pk=event_id, inquiry=inquiry).first() if event_id else None
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            f"inquiries/email/{template}.txt",
            {
                "inquiry": inquiry,
                "event": event,
                "private_url": absolute_url(inquiry.get_private_url()),
            },
        )
        subject = str(SUBJECTS[template]) % {"number": inquiry.number}
    send_mail(subject, body, None, [inquiry.email])


@task()
def notify_district_staff(inquiry_id: int) -> None:
    """Tell the staff of the district an inquiry was moved to that it is now theirs."""
    from quartier.inquiries.models import Inquiry

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


@task()
def anonymise_inquiries() -> int:
    """The daily retention run (see the management command `anonymise_inquiries`)."""
    from quartier.inquiries.services import anonymise_expired

    return anonymise_expired()
