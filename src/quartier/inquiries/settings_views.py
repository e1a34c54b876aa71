"""Coordinators keep the town's list of categories and the prepared answers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from quartier.core.forms import posted
from quartier.core.staff import staff_required
from quartier.inquiries.forms import AnswerTemplateForm, CategoryForm
from quartier.inquiries.models import AnswerTemplate, Category


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@staff_required
@require_safe
def categories(request: HttpRequest) -> HttpResponse:
    _require(request, "inquiries.manage_categories")
    return render(request, "inquiries/staff/categories.html", {"categories": Category.objects.all()})


@staff_required
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request, "inquiries.manage_categories")
    category = get_object_or_404(Category, pk=pk) if pk else None
    form = CategoryForm(posted(request), instance=category)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Kategorie wurde gespeichert."))
        return redirect("inquiries:categories")
    return render(
        request, "inquiries/staff/edit.html", {"form": form, "title": _("Kategorie"), "back": "inquiries:categories"}
    )


@staff_required
@require_safe
def templates(request: HttpRequest) -> HttpResponse:
    _require(request, "inquiries.manage_templates")
    return render(
        request, "inquiries/staff/templates.html", {"templates": AnswerTemplate.objects.select_related("category")}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request, "inquiries.manage_templates")
    template = get_object_or_404(AnswerTemplate, pk=pk) if pk else None
    form = AnswerTemplateForm(posted(request), instance=template)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Antwortvorlage wurde gespeichert."))
        return redirect("inquiries:templates")
    return render(
        request,
        "inquiries/staff/edit.html",
        {"form": form, "title": _("Antwortvorlage"), "back": "inquiries:templates"},
    )
