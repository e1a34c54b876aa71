"""Forwarding inquiries to departments: the list coordinators keep, the forward from the inbox,
and the department's page behind its private link (no account)."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from quartier.accounts.models import User
from quartier.core import ratelimit
from quartier.core.forms import posted
from quartier.core.images import CONTENT_TYPES
from quartier.core.links import private_page
from quartier.core.staff import staff_required
from quartier.core.storage import private_file_response
from quartier.inquiries import forwarding
from quartier.inquiries.department_forms import DepartmentForm, ForwardAnswerForm, forwarding_context
from quartier.inquiries.departments import Department, Forward, department_figures
from quartier.inquiries.staff_views import get_inquiry_for_user
from quartier.inquiries.views import photo_response

# Answers through one link per hour: a department updates a few times; more is a script.
ANSWERS_PER_HOUR = 20


@staff_required
@private_page
@require_http_methods(["GET", "POST"])
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    """Forward an inquiry to a department; the form also stands alone so its errors keep what was typed."""
    inquiry = get_inquiry_for_user(request, pk)
    context = forwarding_context(inquiry, posted(request))
    form = context["forward_form"]
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                sent = forwarding.forward_inquiry(
                    inquiry=inquiry,
                    department=form.cleaned_data["department"],
                    note=form.cleaned_data["note"],
                    include_contact=form.cleaned_data["include_contact"],
                    by=cast(User, request.user),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Das Anliegen wurde an %(department)s weitergeleitet.") % {"department": sent.department.name},
                )
                return redirect(inquiry)
        status = 400
    return render(request, "inquiries/staff/forward.html", {"inquiry": inquiry, **context}, status=status)


def _forward_for_user(request: HttpRequest, pk: int) -> Forward:
    forward = get_object_or_404(Forward.objects.select_related("inquiry"), pk=pk)
    if not request.user.has_perm("inquiries.view_inquiry", forward.inquiry):
        raise Http404
    return forward


def _image(file: Any) -> HttpResponseBase:
    extension = (file.name or "").rsplit(".", 1)[-1]
    return private_file_response(
        file, content_type=CONTENT_TYPES.get(extension, "image/jpeg"), headers={"X-Content-Type-Options": "nosniff"}
    )


@staff_required
@private_page
@require_safe
def forward_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The photo a department sent with its answer."""
    forward = _forward_for_user(request, pk)
    if not forward.photo:
        raise Http404
    return _image(forward.photo)


@staff_required
@private_page
@require_safe
def departments(request: HttpRequest) -> HttpResponse:
    """Every department with its figures over the forwards the staff member may see."""
    return render(
        request,
        "inquiries/staff/departments.html",
        {
            "figures": department_figures(request.user, departments=list(Department.objects.all())),
            "overdue": list(
                Forward.objects.visible_to(request.user)
                .overdue()
                .select_related("department", "inquiry__category")
                .order_by("due_at")[:50]
            ),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def department_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not request.user.has_perm("inquiries.manage_departments"):
        raise PermissionDenied
    department = get_object_or_404(Department, pk=pk) if pk else None
    form = DepartmentForm(posted(request), instance=department)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Fachstelle wurde gespeichert."))
        return redirect("inquiries:departments")
    return render(
        request,
        "inquiries/staff/edit.html",
        {"form": form, "title": _("Fachstelle"), "back": "inquiries:departments"},
        status=400 if form.is_bound and form.errors else 200,
    )


def _by_token(token: str) -> Forward:
    """The forward its link names, and nothing else; a guessed or ended link is a 404."""
    if token.startswith("redacted-"):
        raise Http404
    return get_object_or_404(
        Forward.objects.select_related("department", "inquiry__category", "inquiry__district"), token=token
    )


def _expired(request: HttpRequest, forward: Forward) -> HttpResponse:
    return render(request, "inquiries/department/expired.html", {"forward": forward}, status=410)


@private_page
@require_http_methods(["GET", "POST"])
def forward_page(request: HttpRequest, token: str) -> HttpResponse:
    """The department's page: the inquiry (without the sender unless staff chose so) and its answer form."""
    forward = _by_token(token)
    if forward.link_expired():
        return _expired(request, forward)
    form = ForwardAnswerForm(posted(request), request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not ratelimit.take(request, scope="inquiries:forward-answer", limit=ANSWERS_PER_HOUR, key=forward.token):
            form.add_error(None, _("Über diesen Link kamen in der letzten Stunde schon viele Antworten."))
            status = 429
        elif form.is_valid():
            try:
                forwarding.answer_forward(
                    forward=forward,
                    state=form.cleaned_data["state"],
                    answer=form.cleaned_data["answer"],
                    photo=form.cleaned_data["photo"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 409
                forward.refresh_from_db()
            else:
                messages.success(request, _("Danke, Ihre Antwort ist bei der Anlaufstelle angekommen."))
                return redirect(forward.get_private_url())
    return render(
        request,
        "inquiries/department/page.html",
        {"forward": forward, "inquiry": forward.inquiry, "form": form, "link_days": settings.INQUIRY_FORWARD_LINK_DAYS},
        status=status,
    )


@private_page
@require_safe
def forward_inquiry_photo(request: HttpRequest, token: str) -> HttpResponseBase:
    forward = _by_token(token)
    if forward.link_expired():
        raise Http404
    return photo_response(forward.inquiry)
