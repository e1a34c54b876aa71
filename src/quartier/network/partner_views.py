"""Partners: staff invite a person of an organisation; the person accepts the invitation signed
in with the invited address and then keeps the organisation's entry (published at once,
recorded, the districts' staff told)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.forms import posted
from quartier.core.links import private_page
from quartier.core.staff import staff_required
from quartier.network.forms import PartnerCallForm, PartnerInviteForm, PartnerOrganisationForm
from quartier.network.models import Organisation, Partnership
from quartier.network.services import (
    accept_partnership,
    invite_partner,
    is_partner,
    propose_event_for_organisation,
    propose_helper_call_for_organisation,
    update_organisation_as_partner,
)


@staff_required
@require_POST
def partner_invite(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.prefetch_related("districts"), pk=pk)
    if not request.user.has_perm("network.change_organisation", organisation):
        raise PermissionDenied
    form = PartnerInviteForm(request.POST)
    if form.is_valid():
        try:
            invite_partner(organisation=organisation, email=form.cleaned_data["email"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Die Einladung ist unterwegs."))
    else:
        messages.error(request, _("Bitte geben Sie eine gültige E-Mail-Adresse an."))
    return redirect("network:edit", pk=organisation.pk)


@login_required
@private_page
def partner_accept(request: HttpRequest, token: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership.objects.select_related("organisation"), token=token)
    error = ""
    if request.method == "POST":
        try:
            accept_partnership(partnership=partnership, user=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("Sie können den Eintrag Ihrer Organisation jetzt pflegen."))
            return redirect("network:partner_edit", slug=partnership.organisation.slug)
    return render(request, "network/partner_accept.html", {"partnership": partnership, "error": error})


@login_required
@private_page
def partner_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.prefetch_related("districts"), slug=slug)
    if not is_partner(request.user, organisation):
        raise PermissionDenied
    form = PartnerOrganisationForm(posted(request), request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            update_organisation_as_partner(organisation=form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Eintrag ist gespeichert und sofort sichtbar."))
            return redirect(organisation)
    return render(request, "network/partner_edit.html", {"form": form, "organisation": organisation})


@login_required
def partner_propose_event(request: HttpRequest, slug: str) -> HttpResponse:
    from typing import cast

    from django import forms

    from quartier.events.forms import ProposalForm
    from quartier.participation.moderation import ContributionRefused

    organisation = get_object_or_404(Organisation.objects.prefetch_related("districts"), slug=slug)
    if not is_partner(request.user, organisation):
        raise PermissionDenied
    form = ProposalForm(posted(request))
    cast(forms.ModelChoiceField, form.fields["district"]).queryset = organisation.districts.all()
    if request.method == "POST" and form.is_valid():
        try:
            propose_event_for_organisation(organisation=organisation, event=form.save(commit=False), by=request.user)
        except ContributionRefused as refusal:
            form.add_error(refusal.field, str(refusal))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Danke! Das Team des Ortsteils prüft den Termin und veröffentlicht ihn dann."))
            return redirect(organisation)
    context = {"form": form, "organisation": organisation}
    return render(request, "network/partner_propose.html", context, status=400 if form.errors else 200)


@login_required
@private_page
def partner_propose_call(request: HttpRequest, slug: str) -> HttpResponse:
    """A partner proposes a helper call with its shifts; the district's staff publish it."""
    from quartier.participation.moderation import ContributionRefused
    from quartier.volunteering.forms import PatternForm

    organisation = get_object_or_404(Organisation.objects.prefetch_related("districts"), slug=slug)
    if not is_partner(request.user, organisation):
        raise PermissionDenied
    form = PartnerCallForm(posted(request), organisation=organisation, prefix="call")
    pattern = PatternForm(posted(request), prefix="pattern")
    if request.method == "POST" and form.is_valid() and pattern.is_valid():
        try:
            propose_helper_call_for_organisation(
                organisation=organisation,
                call=form.save(commit=False),
                pattern=pattern.pattern(),
                requirements=pattern.cleaned_data["requirements"],
                fields_of_action=form.cleaned_data["fields_of_action"],
                by=request.user,
            )
        except ContributionRefused as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Danke! Das Team des Ortsteils prüft das Helfergesuch und veröffentlicht es dann.")
            )
            return redirect(organisation)
    context = {
        "form": form,
        "pattern": pattern,
        "parts": [form, pattern],
        "organisation": organisation,
        "proposals": organisation_call_proposals(organisation),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "network/partner_propose_call.html", context, status=status)


PROPOSALS_SHOWN = 20


def organisation_call_proposals(organisation: Organisation) -> list[Any]:
    """The organisation's latest helper calls, published or waiting for staff, for its partners."""
    from quartier.volunteering.models import HelperCall

    calls = HelperCall.objects.filter(organisation_link__organisation=organisation)
    return list(
        calls.order_by("-created_at", "-pk").only("pk", "title", "is_published", "created_at")[:PROPOSALS_SHOWN]
    )
