"""Every change to projects: create one, change it, post a public update. Each runs in one
transaction; the acting person decides which districts they may put a project in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quartier.places.models import District
from quartier.projects.models import FieldOfAction, Project, ProjectUpdate


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
