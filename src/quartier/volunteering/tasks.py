"""E-mail to volunteers. Tasks take ids and look everything up again, so a mail always shows
the state after the transaction that queued it committed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from quartier.core.links import absolute_url

SUBJECTS = {
    "confirm_email": _("Bitte bestätigen Sie Ihre Anmeldung"),
    "existing": _("Ihre Anmeldung"),
    "signed_up": _("Danke für Ihre Anmeldung"),
    "approved": _("Ihre Anmeldung ist bestätigt"),
    "cancelled": _("Ihre Absage ist eingegangen"),
    "removed": _("Sie wurden aus einer Schicht ausgetragen"),
    "reminder": _("Erinnerung: Ihre Schicht morgen"),
}


@task()
def send_sign_up_mail(sign_up_id: int, kind: str) -> None:
    """Tell the volunteer what happened to their sign-up(s) for a call."""
    from quartier.volunteering.models import ACTIVE_STATUSES, SignUp

    sign_up = SignUp.objects.select_related("shift__call").filter(pk=sign_up_id).first()
    if sign_up is None or not sign_up.email:
        return
    call = sign_up.shift.call
    if kind in {"confirm_email", "signed_up", "existing"}:
        entries = list(
            SignUp.objects.filter(shift__call=call, email=sign_up.email, status__in=ACTIVE_STATUSES).select_related(
                "shift"
            )
        )
    else:
        entries = [sign_up]
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "call": call,
            "kind": kind,
            "entries": entries,
            "private_url": absolute_url(sign_up),
            "call_url": absolute_url(call),
        }
        body = render_to_string("volunteering/email/sign_up.txt", context)
        subject = f"{SUBJECTS[kind]}: {call.title}"
    send_mail(subject, body, None, [sign_up.email])


@task()
def send_helpers_message(call_id: int, subject: str, body: str, addresses: list[str]) -> None:
    """Staff's message to the helpers of a call: one e-mail per address, with the call's link."""
    from quartier.volunteering.models import HelperCall

    call = HelperCall.objects.filter(pk=call_id).first()
    if call is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(
            "volunteering/email/message.txt", {"call": call, "body": body, "call_url": absolute_url(call)}
        )
        full_subject = f"{call.title}: {subject}"
    for address in addresses:
        send_mail(full_subject, text, None, [address])


@task()
def send_invitations(call_id: int, user_ids: list[int]) -> None:
    """Invite volunteers who allow the office to ask them to a call, with the call's link.
    Whoever withdrew the consent meanwhile gets nothing."""
    from quartier.volunteering.models import HelperCall, VolunteerProfile

    call = HelperCall.objects.filter(pk=call_id).first()
    if call is None:
        return
    profiles = VolunteerProfile.objects.filter(user_id__in=user_ids, may_ask=True, user__is_active=True)
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"{_('Einladung zum Mitmachen')}: {call.title}"
        for profile in profiles.select_related("user"):
            context = {
                "call": call,
                "name": profile.user.public_name,
                "call_url": absolute_url(call),
                "profile_url": absolute_url(reverse("volunteering:profile")),
            }
            body = render_to_string("volunteering/email/invitation.txt", context)
            send_mail(subject, body, None, [profile.user.email])
