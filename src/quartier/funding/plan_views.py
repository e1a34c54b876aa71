"""An application's cost and financing plan and its proof of use (Verwendungsnachweis): seen by
whoever may see the application (coordinators, staff of its projects' districts, partners of the
applicant organisation), changed by staff through the services. Another district's plan, proof,
PDF and CSV are not found, by URL guessing either."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from quartier.core.csvexport import csv_response
from quartier.core.forms import posted
from quartier.core.links import private_page
from quartier.core.permissions import has_staff_role
from quartier.core.staff import second_factor_redirect
from quartier.funding.finance import plan_figures
from quartier.funding.forms import PeriodForm, PlanFormSet, ProofReportForm
from quartier.funding.models import Application, ProofOfUse
from quartier.funding.proof import activity_for, draft_report
from quartier.funding.services import ACTUAL_OPEN, PLAN_OPEN, LineInput, save_finance_plan, save_proof_report


def viewer_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Signed in; staff with their second factor (partners of the applicant have none)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if has_staff_role(request.user):
            gate = second_factor_redirect(request)
            if gate is not None:
                return gate
        return view(request, *args, **kwargs)

    return wrapper


def _application_for(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(Application.objects.for_listing(), pk=pk)
    if not request.user.has_perm("funding.view_application", application):
        raise Http404
    return application


def _back_url(request: HttpRequest, application: Application) -> str:
    if request.user.has_perm("funding.change_application", application):
        return application.get_absolute_url()
    return reverse("funding:partner_detail", kwargs={"pk": application.pk})


def _initial(lines: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "line": line.pk,
            "category": line.category,
            "description": line.description,
            "planned": line.planned,
            "actual": line.actual,
        }
        for line in lines
    ]


def _line_inputs(formset: Any) -> list[LineInput]:
    deleted = set(map(id, formset.deleted_forms))
    inputs = []
    for form in formset.forms:
        data = form.cleaned_data
        if id(form) in deleted or not data:
            continue
        inputs.append(
            LineInput(
                pk=data.get("line"),
                category=data["category"],
                description=data.get("description") or "",
                planned=data.get("planned") or Decimal("0.00"),
                actual=data.get("actual") or Decimal("0.00"),
            )
        )
    return inputs


@viewer_required
@private_page
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk)
    lines = list(application.plan_lines.all())
    may_change = request.user.has_perm("funding.change_application", application)
    editable = may_change and application.status in PLAN_OPEN
    form_kwargs = {"plan_open": True, "actual_open": application.status in ACTUAL_OPEN}
    formset = period = None
    errors: list[str] = []
    if editable:
        data = posted(request)
        formset = PlanFormSet(data, initial=_initial(lines), form_kwargs=form_kwargs)
        period = PeriodForm(
            data, initial={"funded_from": application.funded_from, "funded_until": application.funded_until}
        )
        if request.method == "POST" and formset.is_valid() and period.is_valid():
            try:
                save_finance_plan(
                    application=application,
                    lines=_line_inputs(formset),
                    funded_from=period.cleaned_data["funded_from"],
                    funded_until=period.cleaned_data["funded_until"],
                    by=request.user,
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("Der Finanzplan wurde gespeichert."))
                return redirect("funding:plan", pk=application.pk)
    elif request.method == "POST":
        return redirect("funding:plan", pk=application.pk)
    context = {
        "application": application,
        "figures": plan_figures(lines),
        "formset": formset,
        "period": period,
        "errors": errors,
        "changes": application.finance_changes.select_related("by")[:30] if may_change else [],
        "back_url": _back_url(request, application),
    }
    return render(request, "funding/plan.html", context)


def _proof_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    lines = list(application.plan_lines.all())
    proof = ProofOfUse.objects.filter(application=application).first()
    return {
        "application": application,
        "figures": plan_figures(lines),
        "activity": activity_for(application),
        "report": proof.report if proof else "",
        "back_url": _back_url(request, application),
    }


@viewer_required
@private_page
def proof(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk)
    context = _proof_context(request, application)
    may_change = request.user.has_perm("funding.change_application", application)
    form = None
    if may_change and application.status in ACTUAL_OPEN:
        activity = context["activity"]
        draft = draft_report(application, activity) if activity is not None else ""
        if request.method == "POST" and "draft" in request.POST:
            # The draft goes into the text field, unsaved: staff read it, edit it and save it.
            form = ProofReportForm(initial={"report": draft})
            messages.info(request, _("Der Entwurf steht im Textfeld. Er wird erst mit „Speichern“ übernommen."))
        else:
            form = ProofReportForm(posted(request), initial={"report": context["report"] or draft})
            if request.method == "POST" and form.is_valid():
                try:
                    save_proof_report(application=application, report=form.cleaned_data["report"], by=request.user)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("Der Sachbericht wurde gespeichert."))
                    return redirect("funding:proof", pk=application.pk)
    elif request.method == "POST":
        return redirect("funding:proof", pk=application.pk)
    context["form"] = form
    context["changes"] = application.finance_changes.select_related("by")[:30] if may_change else []
    return render(request, "funding/proof.html", context)


@viewer_required
@private_page
def proof_print(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk)
    return render(request, "funding/proof_print.html", _proof_context(request, application))


@viewer_required
@private_page
def proof_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    # Imported here: reportlab costs every web worker ~12 MB, and only this view needs it.
    from quartier.funding.proof_pdf import render_proof

    application = _application_for(request, pk)
    context = _proof_context(request, application)
    response = HttpResponse(render_proof(**context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="verwendungsnachweis-{application.pk}.pdf"'
    return response


def _cents(value: Decimal) -> str:
    return number_format(value, 2, use_l10n=True)


@viewer_required
@private_page
def proof_csv(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The numerical proof: plan against actual per line, in German notation for spreadsheets."""
    application = _application_for(request, pk)
    figures = plan_figures(application.plan_lines.all())
    header = [_("Seite"), _("Art"), _("Beschreibung"), _("Plan (€)"), _("Ist (€)"), _("Differenz (€)"), _("Hinweis")]
    rows = [
        [
            _("Kosten") if row in figures.costs else _("Finanzierung"),
            row.line.get_category_display(),
            row.line.description,
            _cents(row.line.planned),
            _cents(row.line.actual),
            _cents(row.difference),
            row.flag,
        ]
        for row in figures.lines
    ]
    rows.append([_("Kosten"), _("Summe"), "", _cents(figures.cost_planned), _cents(figures.cost_actual), "", ""])
    rows.append(
        [_("Finanzierung"), _("Summe"), "", _cents(figures.financing_planned), _cents(figures.financing_actual), "", ""]
    )
    return csv_response(f"verwendungsnachweis-{application.pk}.csv", header, rows)
