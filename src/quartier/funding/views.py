"""The public list of funding programmes, for clubs looking for money for their own projects."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from quartier.core.links import private_page
from quartier.core.pagination import keyset_paginate
from quartier.funding.forms import ProgrammeFilterForm
from quartier.funding.models import Application, Programme

PAGE_SIZE = 30


@require_safe
def programme_list(request: HttpRequest) -> HttpResponse:
    form = ProgrammeFilterForm(request.GET or None)
    programmes = Programme.objects.filter(public=True).prefetch_related("fields_of_action")
    if form.is_valid():
        if form.cleaned_data["provider"]:
            programmes = programmes.filter(provider=form.cleaned_data["provider"])
        if form.cleaned_data["field"]:
            programmes = programmes.filter(fields_of_action=form.cleaned_data["field"])
    page, query = keyset_paginate(request, programmes, PAGE_SIZE, ("name", "pk"))
    return render(request, "funding/programme_list.html", {"form": form, "page": page, "query": query})


@login_required
@private_page
@require_safe
def partner_applications(request: HttpRequest) -> HttpResponse:
    """Partners follow the applications their organisation makes: amounts, state and history."""
    applications = list(Application.objects.of_partner(request.user).for_listing().order_by("-created_at", "-pk")[:100])
    return render(request, "funding/partner_applications.html", {"applications": applications})


@login_required
@private_page
@require_safe
def partner_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.of_partner(request.user).for_listing(), pk=pk)
    context = {
        "application": application,
        "steps": application.steps.all(),
        "documents": application.documents.select_related("uploaded_by"),
        "conditions": application.conditions.select_related("responsible"),
        "today": timezone.localdate(),
    }
    return render(request, "funding/partner_application.html", context)
