"""Ideas in the cockpit: staff of the idea's district and coordinators set the status
and turn ideas into projects."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.forms import posted
from quartier.core.pagination import paginate
from quartier.core.permissions import is_administrator, is_coordinator
from quartier.core.staff import staff_required
from quartier.participation import services
from quartier.participation.forms import IdeaStatusFilterForm, IdeaStatusForm
from quartier.participation.models import Idea
from quartier.places.models import District


def _idea_for(request: HttpRequest, pk: int) -> Idea:
    idea = get_object_or_404(Idea.objects.for_listing(), pk=pk)
    if not request.user.has_perm("participation.manage_idea", idea):
        raise PermissionDenied
    return idea


@staff_required
def idea_cockpit(request: HttpRequest) -> HttpResponse:
    ideas = Idea.objects.for_listing().select_related("project")
    if not (is_coordinator(request.user) or is_administrator(request.user)):
        ideas = ideas.filter(district__in=District.objects.staffed_by(request.user))
    form = IdeaStatusFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    if status:
        ideas = ideas.filter(status=status)
    page, query = paginate(request, ideas.order_by("-created_at", "-pk"), 50)
    context = {"page": page, "form": form, "query": query}
    return render(request, "participation/cockpit_ideas.html", context)


@staff_required
def idea_status(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_for(request, pk)
    form = IdeaStatusForm(posted(request), instance=idea)
    if form.is_valid():
        try:
            services.set_idea_status(
                idea=idea, status=form.cleaned_data["status"], explanation=form.cleaned_data["status_explanation"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Stand der Idee ist gespeichert."))
            return redirect("participation:cockpit")
    return render(request, "participation/cockpit_idea.html", {"idea": idea, "form": form})


@staff_required
@require_POST
def idea_to_project(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_for(request, pk)
    if idea.project_id is not None:
        messages.info(request, _("Aus dieser Idee ist schon ein Projekt entstanden."))
        return redirect(idea.project)  # type: ignore[arg-type]
    project = services.turn_idea_into_project(idea=idea, by=request.user)
    messages.success(
        request, _("Das Projekt ist angelegt. Die Unterstützerinnen und Unterstützer werden benachrichtigt.")
    )
    return redirect("projects:edit", pk=project.pk)
