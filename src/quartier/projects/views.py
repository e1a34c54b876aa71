from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from quartier.core.htmx import render_page_or_fragment
from quartier.core.pagecache import cached_page
from quartier.core.pagination import paginate
from quartier.projects.forms import ProjectFilterForm
from quartier.projects.models import Project

PAGE_SIZE = 20


@require_safe
@cached_page
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET)
    projects = Project.objects.for_listing()
    if form.is_valid():
        data = form.cleaned_data
        projects = projects.search(data["q"])
        if data["district"]:
            projects = projects.filter(districts=data["district"])
        if data["field"]:
            projects = projects.filter(fields_of_action=data["field"])
        if data["status"]:
            projects = projects.filter(status=data["status"])
    page, query = paginate(request, projects.order_by("-start", "title", "pk"), PAGE_SIZE)
    context = {"form": form, "page": page, "query": query}
    return render_page_or_fragment(request, "projects/project_list.html", "results", context)


@require_safe
@cached_page
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project.objects.for_listing().prefetch_related("updates"), slug=slug)
    can_edit = request.user.has_perm("projects.change_project", project)
    return render(request, "projects/project_detail.html", {"project": project, "can_edit": can_edit})
