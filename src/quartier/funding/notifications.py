"""Mail the worker sends for funding: the reminder of a deadline to the responsible staff, and
the news of a step in the pipeline to the responsible staff and the applicant's partners. Tasks
take ids and look everything up again, so a mail shows the committed state; every link is
built from ``SITE_URL``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from quartier.core.links import absolute_url


@task()
def send_deadline_reminder(
    application_id: int, kind: str, addresses: list[str], condition_id: int | None = None
) -> None:
    from quartier.funding.models import Application, Condition

    application = Application.objects.select_related("programme").filter(pk=application_id).first()
    if application is None or not addresses:
        return
    condition = Condition.objects.filter(pk=condition_id, application=application).first() if condition_id else None
    if kind == "condition" and condition is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Frist für den Förderantrag „%(title)s“") % {"title": application.title}
        body = render_to_string(
            "funding/reminder_mail.txt",
            {
                "application": application,
                "kind": kind,
                "condition": condition,
                "url": absolute_url(application.get_absolute_url()),
            },
        )
    for address in addresses:
        send_mail(subject, body, None, [address])


def step_recipients(application: Any, *, exclude: int | None) -> tuple[list[str], list[str]]:
    """The addresses of the responsible staff (those of the application's districts, the
    coordinators when nobody staffs them) and of the applicant organisation's partners."""
    from quartier.accounts.models import User
    from quartier.network.models import Partnership
    from quartier.projects.models import Project

    districts = Project.districts.through.objects.filter(project__in=application.projects.all()).values("district_id")
    staff = User.objects.filter(is_active=True, staffed_districts__in=districts)
    if not staff.exists():
        staff = User.objects.filter(is_active=True, is_coordinator=True)
    staff = staff.exclude(email="")
    if exclude is not None:
        staff = staff.exclude(pk=exclude)
    staff_addresses = set(staff.values_list("email", flat=True))
    partner_addresses: set[str] = set()
    if application.organisation_id is not None:
        partnerships = (
            Partnership.objects.filter(
                organisation_id=application.organisation_id, user__is_active=True, user__isnull=False
            )
            .exclude(accepted_at=None)
            .exclude(user__email="")
        )
        if exclude is not None:
            partnerships = partnerships.exclude(user_id=exclude)
        partner_addresses = set(partnerships.values_list("user__email", flat=True))
    return sorted(staff_addresses), sorted(partner_addresses - staff_addresses)


@task()
def send_step_mail(step_id: int) -> int:
    """One e-mail per recipient about a step of an application; staff get the cockpit's link,
    partners the link to their organisation's application."""
    from quartier.funding.models import ApplicationStep

    step = ApplicationStep.objects.select_related("application__programme", "by").filter(pk=step_id).first()
    if step is None:
        return 0
    application = step.application
    staff, partners = step_recipients(application, exclude=step.by_id)
    messages: list[tuple[str, str, None, list[str]]] = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Förderantrag „%(title)s“: %(status)s") % {
            "title": application.title,
            "status": step.get_to_status_display(),
        }
        for addresses, path in (
            (staff, application.get_absolute_url()),
            (partners, reverse("funding:partner_detail", kwargs={"pk": application.pk})),
        ):
            if not addresses:
                continue
            body = render_to_string(
                "funding/step_mail.txt", {"application": application, "step": step, "url": absolute_url(path)}
            )
            messages.extend((subject, body, None, [address]) for address in addresses)
    return send_mass_mail(messages) if messages else 0
