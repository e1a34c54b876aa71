"""Every change to projects: create one, change it, turn an idea into one, post a public update. Each runs in one
transaction; the acting person decides which districts they may put a project in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from quartier.core.text import unique_slug
from quartier.participation.models import Idea
from quartier.places.models import District, FieldOfAction
from quartier.projects.models import Project, ProjectIdea, ProjectUpdate


def _districts(*, project: Project, chosen: Iterable[District], by: Any) -> list[District]:
    """The districts ``by`` chose, all among their own, plus those of the project they do
    not work in: those are not theirs to remove."""
    chosen = list(chosen)
    mine = set(District.objects.staffed_by(by).values_list("pk", flat=True))
    if any(district.pk not in mine for district in chosen):
        raise ValidationError({"districts": _("Sie können Projekte nur in Ihren Ortsteilen anlegen.")})
    kept = list(project.districts.exclude(pk__in=mine)) if project.pk else []
    if not chosen and not kept:
        raise ValidationError({"districts": _("Bitte wählen Sie mindestens einen Ortsteil.")})
    return [*chosen, *kept]


@transaction.atomic
def create_project(
    *, project: Project, districts: Iterable[District], fields_of_action: Iterable[FieldOfAction], by: Any
) -> Project:
    """Save a new project (its own fields already set) in districts ``by`` works in."""
    if project.pk is not None:
        raise ValueError("create_project takes a project that is not saved yet")
    in_districts = _districts(project=project, chosen=districts, by=by)
    project.save()
    project.districts.set(in_districts)
    project.fields_of_action.set(fields_of_action)
    return project


@transaction.atomic
def update_project(
    *, project: Project, districts: Iterable[District], fields_of_action: Iterable[FieldOfAction], by: Any
) -> Project:
    """Save the changed project. Its districts become those ``by`` chose among their own plus
    those ``by`` does not work in, which stay."""
    # One change of a project's districts at a time: the second sees the first one's result.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    in_districts = _districts(project=project, chosen=districts, by=by)
    project.save()
    project.districts.set(in_districts)
    project.fields_of_action.set(fields_of_action)
    return project


def post_project_update(*, project: Project, day: date, title: str, body: str, by: Any) -> ProjectUpdate:
    """Publish a dated update on the project's page."""
    if not by.has_perm("projects.change_project", project):
        raise PermissionDenied
    return ProjectUpdate.objects.create(project=project, date=day, title=title, body=body)


def _free_project_slug(title: str) -> str:
    return unique_slug(Project.objects.all(), title, max_length=160, fallback="idee")


def project_of_idea(idea: Idea) -> Project | None:
    """The project the idea became, if any."""
    link = ProjectIdea.objects.select_related("project").filter(idea=idea).first()
    return link.project if link else None


@transaction.atomic
def turn_idea_into_project(*, idea: Idea, by: Any) -> Project:
    """Create a planned project from the idea (in the idea's district, which ``by`` must work
    in), link the idea to it, accept the idea, and tell its supporters once the transaction
    has committed. An idea that is a project already returns that project."""
    from quartier.projects.notifications import tell_supporters_about_project

    idea = Idea.objects.select_for_update().select_related("district", "field_of_action").get(pk=idea.pk)
    existing = project_of_idea(idea)
    if existing is not None:
        return existing
    project = create_project(
        project=Project(
            title=idea.title,
            slug=_free_project_slug(idea.title),
            summary=Truncator(idea.text).chars(290),
            description=idea.text,
        ),
        districts=[idea.district],
        fields_of_action=[idea.field_of_action],
        by=by,
    )
    ProjectIdea.objects.create(project=project, idea=idea)
    if idea.status in {Idea.Status.PROPOSED, Idea.Status.UNDER_REVIEW, Idea.Status.DECLINED}:
        idea.status = Idea.Status.ACCEPTED
    idea.status_changed_at = timezone.now()
    idea.save(update_fields=["status", "status_changed_at", "updated_at"])
    transaction.on_commit(lambda: tell_supporters_about_project.enqueue(idea.pk))
    return project
