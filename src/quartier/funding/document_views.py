"""An application's documents and conditions of approval. Staff who may change the application
upload and delete documents and keep its conditions; whoever may see the application (its
districts' staff, coordinators, the applicant organisation's partners) downloads its documents,
through this view only: the files lie outside the public media and have no URL of their own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from quartier.core.links import private_page
from quartier.core.permissions import has_staff_role
from quartier.core.staff import second_factor_redirect, staff_required
from quartier.funding.documents import document_response
from quartier.funding.forms import ConditionForm, DocumentForm, StepForm
from quartier.funding.models import Application, Condition, Document
from quartier.funding.services import add_condition, add_document, delete_document, fulfil_condition, reopen_condition


def application_context(request: HttpRequest, application: Application, **forms: Any) -> dict[str, Any]:
    """What the application's page shows; the forms not given are fresh."""
    can_change = request.user.has_perm("funding.change_application", application)
    return {
        "application": application,
        "can_change": can_change,
        "form": forms.get("form") or StepForm(application=application),
        "document_form": forms.get("document_form") or DocumentForm(),
        "condition_form": forms.get("condition_form") or ConditionForm(application=application),
        "steps": application.steps.select_related("by"),
        "documents": application.documents.select_related("uploaded_by"),
        "conditions": application.conditions.select_related("responsible"),
        "changes": application.changes.select_related("by"),
        "today": timezone.localdate(),
    }


def _changeable(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(Application.objects.for_listing(), pk=pk)
    if not request.user.has_perm("funding.view_application", application):
        raise Http404
    if not request.user.has_perm("funding.change_application", application):
        raise PermissionDenied
    return application


@never_cache
@require_safe
def document(request: HttpRequest, pk: int, document: int) -> HttpResponseBase:
    """The file, to whoever may see the application; 404 to everyone else (signed in or not)."""
    if request.user.is_authenticated and has_staff_role(request.user):
        gate = second_factor_redirect(request)
        if gate is not None:
            return gate
    found = get_object_or_404(Document.objects.select_related("application"), pk=document, application_id=pk)
    if not request.user.has_perm("funding.view_application", found.application):
        raise Http404
    response = document_response(found)
    response["Referrer-Policy"] = "same-origin"
    return response


@staff_required
@private_page
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = _changeable(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_document(
                application=application,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Das Dokument wurde gespeichert."))
            return redirect(f"{application.get_absolute_url()}#documents-heading")
    return render(
        request, "funding/application_detail.html", application_context(request, application, document_form=form)
    )


@staff_required
@require_POST
def document_delete(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    application = _changeable(request, pk)
    found = get_object_or_404(Document, pk=document, application=application)
    delete_document(document=found, by=request.user)
    messages.success(request, _("Das Dokument „%(title)s“ wurde gelöscht.") % {"title": found.title})
    return redirect(f"{application.get_absolute_url()}#documents-heading")


@staff_required
@private_page
@require_POST
def condition_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = _changeable(request, pk)
    form = ConditionForm(request.POST, application=application)
    if form.is_valid():
        try:
            add_condition(
                application=application,
                text=form.cleaned_data["text"],
                due=form.cleaned_data["due"],
                responsible=form.cleaned_data["responsible"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Auflage wurde eingetragen."))
            return redirect(f"{application.get_absolute_url()}#conditions-heading")
    return render(
        request, "funding/application_detail.html", application_context(request, application, condition_form=form)
    )


@staff_required
@require_POST
def condition_change(request: HttpRequest, pk: int, condition: int) -> HttpResponse:
    """Mark a condition fulfilled today, or open it again."""
    application = _changeable(request, pk)
    found = get_object_or_404(Condition, pk=condition, application=application)
    try:
        if request.POST.get("action") == "reopen":
            reopen_condition(condition=found, by=request.user)
            messages.success(request, _("Die Auflage ist wieder offen."))
        else:
            fulfil_condition(condition=found, by=request.user)
            messages.success(request, _("Die Auflage ist als erfüllt eingetragen."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{application.get_absolute_url()}#conditions-heading")
