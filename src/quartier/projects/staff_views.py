"""Project work in the cockpit: staff in their districts, coordinators everywhere."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.forms import posted
from quartier.core.staff import staff_required
from quartier.participation.models import Idea
from quartier.projects.forms import ProjectForm, ProjectUpdateForm
from quartier.projects.models import Project
from quartier.projects.services import (
    create_project,
    post_project_update,
    project_of_idea,
    turn_idea_into_project,
    update_project,
)


def _project_for(request: HttpRequest, pk: int) -> Project:
    project = get_object_or_404(Project.objects.prefetch_related("districts"), pk=pk)
    if not request.user.has_perm("projects.change_project", project):
        raise PermissionDenied
    return project


def _relations(form: ProjectForm) -> dict[str, Any]:
    return {"districts": form.cleaned_data["districts"], "fields_of_action": form.cleaned_data["fields_of_action"]}


@staff_required
def project_cockpit(request: HttpRequest) -> HttpResponse:
    projects = Project.objects.editable_by(request.user).for_listing().order_by("status", "title")
    return render(request, "projects/cockpit_list.html", {"projects": projects})


@staff_required
def project_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("projects.add_project"):
        raise PermissionDenied
    form = ProjectForm(posted(request), request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            project = create_project(project=form.save(commit=False), by=request.user, **_relations(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Das Projekt wurde angelegt."))
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@staff_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_for(request, pk)
    # The form works on a copy: validating writes the posted values (an empty slug, too)
    # into its instance, and the page around a form with errors links to the saved project.
    form = ProjectForm(posted(request), request.FILES or None, instance=copy.copy(project), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            project = update_project(project=form.save(commit=False), by=request.user, **_relations(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Das Projekt wurde gespeichert."))
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@staff_required
def project_update_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_for(request, pk)
    form = ProjectUpdateForm(posted(request), initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        post_project_update(project=project, day=data["date"], title=data["title"], body=data["body"], by=request.user)
        messages.success(request, _("Die Neuigkeit wurde veröffentlicht."))
        return redirect(project)
    return render(request, "projects/update_form.html", {"form": form, "project": project})


@staff_required
@require_POST
def idea_to_project(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn an idea into a planned project (staff of the idea's district), then edit the project."""
    idea = get_object_or_404(Idea.objects.select_related("district"), pk=pk)
    if not request.user.has_perm("participation.manage_idea", idea):
        raise PermissionDenied
    existing = project_of_idea(idea)
    if existing is not None:
        messages.info(request, _("Aus dieser Idee ist schon ein Projekt entstanden."))
        return redirect(existing)
    project = turn_idea_into_project(idea=idea, by=request.user)
    messages.success(
        request, _("Das Projekt ist angelegt. Die Unterstützerinnen und Unterstützer werden benachrichtigt.")
    )
    return redirect("projects:edit", pk=project.pk)
