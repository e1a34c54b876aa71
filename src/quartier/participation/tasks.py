"""E-mail to supporters. Tasks take ids and look everything up again, so a mail always
shows the state after the transaction that queued it committed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from quartier.core.links import absolute_url


@task()
def tell_supporters_about_project(idea_id: int) -> None:
    """One mail to each supporter (and the author): their idea has become a project."""
    from quartier.participation.models import Idea

    idea = Idea.objects.select_related("project", "author").filter(pk=idea_id).first()
    if idea is None or idea.project is None:
        return
    emails = set(idea.supports.values_list("user__email", flat=True)) | {idea.author.email}
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "idea": idea,
            "idea_url": absolute_url(idea),
            "project_url": absolute_url(idea.project),
        }
        body = render_to_string("participation/email/became_project.txt", context)
        subject = _("Aus Ihrer unterstützten Idee wird ein Projekt: %(title)s") % {"title": idea.title}
    send_mass_mail([(subject, body, None, [email]) for email in sorted(emails) if email])


@task()
def send_idea_digests() -> int:
    """The daily digest for everyone who follows ideas (see participation.digest)."""
    from quartier.participation.digest import send_digests

    return send_digests()
