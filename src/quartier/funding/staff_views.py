"""Applications in the cockpit: coordinators see every one, district staff those of projects in
their districts (another district's application is not found, by URL guessing either)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.forms import EARLIEST_YEAR, LATEST_YEAR, posted
from quartier.core.links import private_page
from quartier.core.pagination import keyset_paginate
from quartier.core.staff import staff_required
from quartier.funding.document_views import application_context
from quartier.funding.forms import ApplicationForm, ProgrammeForm, StepForm
from quartier.funding.models import Application, Programme
from quartier.funding.overview import year_figures
from quartier.funding.services import create_application, move_application, save_programme

PAGE_SIZE = 50


def _application_for(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(Application.objects.for_listing(), pk=pk)
    if not request.user.has_perm("funding.view_application", application):
        raise Http404
    return application


@staff_required
@private_page
def application_list(request: HttpRequest) -> HttpResponse:
    applications = Application.objects.visible_to(request.user).for_listing()
    page, query = keyset_paginate(request, applications, PAGE_SIZE, ("-created_at", "-pk"))
    return render(request, "funding/application_list.html", {"page": page, "query": query})


@staff_required
def application_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("funding.add_application"):
        raise PermissionDenied
    form = ApplicationForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = create_application(
                title=data["title"],
                programme=data["programme"],
                projects=data["projects"],
                organisation=data["organisation"],
                requested=data["requested"],
                own_contribution=data["own_contribution"] or Decimal("0.00"),
                third_party=data["third_party"] or Decimal("0.00"),
                submission_deadline=data["submission_deadline"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Förderantrag wurde angelegt."))
            return redirect(application)
    return render(request, "funding/application_form.html", {"form": form})


@staff_required
@private_page
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk)
    form = StepForm(posted(request), application=application)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            move_application(
                application=application,
                to=data["to"],
                on=data["on"],
                amount=data["amount"],
                proof_due=data["proof_due"],
                fund_call_due=data["fund_call_due"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Schritt wurde eingetragen."))
            return redirect(application)
    return render(request, "funding/application_detail.html", application_context(request, application, form=form))


@staff_required
def programme_cockpit(request: HttpRequest) -> HttpResponse:
    """Coordinators keep the list of programmes; the public page shows those marked public."""
    if not request.user.has_perm("funding.manage_programmes"):
        raise PermissionDenied
    programmes = Programme.objects.order_by("name", "pk")
    return render(request, "funding/programme_cockpit.html", {"programmes": programmes})


@staff_required
def programme_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not request.user.has_perm("funding.manage_programmes"):
        raise PermissionDenied
    programme = get_object_or_404(Programme, pk=pk) if pk is not None else None
    form = ProgrammeForm(posted(request), instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            save_programme(
                programme=form.save(commit=False),
                fields_of_action=form.cleaned_data["fields_of_action"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Das Förderprogramm wurde gespeichert."))
            return redirect("funding:programme_cockpit")
    changes = programme.changes.select_related("by")[:20] if programme else []
    return render(request, "funding/programme_form.html", {"form": form, "programme": programme, "changes": changes})


@staff_required
def overview(request: HttpRequest) -> HttpResponse:
    """The year's figures of the applications one may see, by district and field of action."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        year = this_year
    context = {"year": year, "years": range(this_year - 4, this_year + 1), **year_figures(year, request.user)}
    return render(request, "funding/overview.html", context)
