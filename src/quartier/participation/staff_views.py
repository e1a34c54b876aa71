"""Ideas in the cockpit: staff of the idea's district and coordinators set the status.
Apps above participation add to an idea's cockpit page (projects: turn it into a project)
through ``participation.extensions``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from quartier.core.forms import posted
from quartier.core.pagination import paginate
from quartier.core.permissions import is_administrator, is_coordinator
from quartier.core.staff import staff_required
from quartier.participation import services
from quartier.participation.extensions import attach_links, render_staff_sections
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
    ideas = Idea.objects.for_listing()
    if not (is_coordinator(request.user) or is_administrator(request.user)):
        ideas = ideas.filter(district__in=District.objects.staffed_by(request.user))
    form = IdeaStatusFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    if status:
        ideas = ideas.filter(status=status)
    page, query = paginate(request, ideas.order_by("-created_at", "-pk"), 50)
    page.object_list = list(page.object_list)
    attach_links(page.object_list)
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
    context = {"idea": idea, "form": form, "staff_sections": render_staff_sections(request, idea)}
    return render(request, "participation/cockpit_idea.html", context)
