"""The directory in the cockpit: staff enter and change organisations of their districts
(coordinators everywhere), and see who works on what where ("Wer macht was")."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.forms import posted
from quartier.core.links import private_page
from quartier.core.staff import staff_required
from quartier.network.forms import ContactPersonForm, OrganisationForm
from quartier.network.models import ContactPerson, Organisation
from quartier.network.services import (
    create_organisation,
    remove_contact_person,
    save_contact_person,
    update_organisation,
)
from quartier.places.models import District, FieldOfAction


def _organisation_for(request: HttpRequest, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.prefetch_related("districts"), pk=pk)
    if not request.user.has_perm("network.change_organisation", organisation):
        raise PermissionDenied
    return organisation


def _relations(form: OrganisationForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "districts": data["districts"],
        "fields_of_action": data["fields_of_action"],
        "projects": data["projects"],
    }


@staff_required
def organisation_cockpit(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.editable_by(request.user).for_listing().order_by("name", "pk")
    return render(request, "network/cockpit_list.html", {"organisations": organisations})


@staff_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("network.add_organisation"):
        raise PermissionDenied
    form = OrganisationForm(posted(request), request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = create_organisation(
                organisation=form.save(commit=False), by=request.user, **_relations(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Organisation wurde eingetragen."))
            return redirect(organisation)
    return render(request, "network/organisation_form.html", {"form": form, "organisation": None})


@staff_required
@private_page
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for(request, pk)
    form = OrganisationForm(posted(request), request.FILES or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = update_organisation(
                organisation=form.save(commit=False), by=request.user, **_relations(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Organisation wurde gespeichert."))
            return redirect(organisation)
    changes = organisation.changes.select_related("by")[:20]
    context = {
        "form": form,
        "organisation": organisation,
        "changes": changes,
        "contacts": organisation.contacts.all(),
        "partnerships": organisation.partnerships.all(),
    }
    return render(request, "network/organisation_form.html", context)


def _contact_form_page(request: HttpRequest, contact: ContactPerson) -> HttpResponse:
    form = ContactPersonForm(posted(request), instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            save_contact_person(contact=form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Ansprechperson wurde gespeichert."))
            return redirect("network:edit", pk=contact.organisation_id)
    return render(request, "network/contact_form.html", {"form": form, "contact": contact})


@staff_required
@private_page
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for(request, pk)
    return _contact_form_page(request, ContactPerson(organisation=organisation))


def _contact_for(request: HttpRequest, pk: int) -> ContactPerson:
    contact = get_object_or_404(ContactPerson.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm("network.change_organisation", contact.organisation):
        raise PermissionDenied
    return contact


@staff_required
@private_page
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _contact_form_page(request, _contact_for(request, pk))


@staff_required
@require_POST
def contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_for(request, pk)
    remove_contact_person(contact=contact, by=request.user)
    messages.success(request, _("Die Ansprechperson wurde entfernt."))
    return redirect("network:edit", pk=contact.organisation_id)


@staff_required
def matrix(request: HttpRequest) -> HttpResponse:
    """Organisations × fields of action in one district: an empty column is a gap."""
    if not request.user.has_perm("network.view_matrix"):
        raise PermissionDenied
    districts = list(District.objects.staffed_by(request.user).order_by("name"))
    district = next((d for d in districts if d.slug == request.GET.get("district")), None)
    if district is None and districts:
        district = districts[0]
    fields = list(FieldOfAction.objects.all())
    rows: list[dict[str, Any]] = []
    counts = dict.fromkeys((field.pk for field in fields), 0)
    if district is not None:
        organisations = Organisation.objects.filter(districts=district).prefetch_related("fields_of_action")
        for organisation in organisations.order_by("name", "pk"):
            theirs = {field.pk for field in organisation.fields_of_action.all()}
            for pk in theirs:
                counts[pk] = counts.get(pk, 0) + 1
            rows.append({"organisation": organisation, "cells": [field.pk in theirs for field in fields]})
    columns = [{"field": field, "count": counts[field.pk]} for field in fields]
    context = {"districts": districts, "district": district, "columns": columns, "rows": rows}
    return render(request, "network/matrix.html", context)
