"""Mail that projects' services send. Tasks take ids and look everything up again, so a mail
always shows the state after the transaction that queued it committed."""

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
    from quartier.projects.models import ProjectIdea

    link = ProjectIdea.objects.select_related("idea__author", "project").filter(idea_id=idea_id).first()
    if link is None:
        return
    idea = link.idea
    emails = set(idea.supports.values_list("user__email", flat=True)) | {idea.author.email}
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "idea": idea,
            "idea_url": absolute_url(idea),
            "project_url": absolute_url(link.project),
        }
        body = render_to_string("projects/email/idea_became_project.txt", context)
        subject = _("Aus Ihrer unterstützten Idee wird ein Projekt: %(title)s") % {"title": idea.title}
    send_mass_mail([(subject, body, None, [email]) for email in sorted(emails) if email])
