"""Running round tables in the cockpit: staff of the round table's districts (coordinators
everywhere) keep its members, schedule meetings, send invitations, and record attendance,
minutes, decisions and action items. Another district's staff get 403, by URL guessing too."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.forms import posted
from quartier.core.links import private_page
from quartier.core.staff import staff_required
from quartier.network import meetings as service
from quartier.network.forms import (
    ActionItemForm,
    DecisionForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    RoundTableForm,
)
from quartier.network.models import Meeting, Membership, RoundTable


def _round_table_for(request: HttpRequest, pk: int) -> RoundTable:
    round_table = get_object_or_404(RoundTable.objects.prefetch_related("districts"), pk=pk)
    if not service.can_manage(request.user, round_table):
        raise PermissionDenied
    return round_table


def _meeting_for(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("round_table"), pk=pk)
    if not service.can_manage(request.user, meeting.round_table):
        raise PermissionDenied
    return meeting


@staff_required
def round_table_cockpit(request: HttpRequest) -> HttpResponse:
    round_tables = RoundTable.objects.managed_by(request.user).prefetch_related("districts").order_by("name", "pk")
    return render(request, "network/round_table_cockpit.html", {"round_tables": round_tables})


@staff_required
def round_table_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("network.add_organisation"):
        raise PermissionDenied
    form = RoundTableForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            round_table = service.save_round_table(
                round_table=form.save(commit=False), districts=form.cleaned_data["districts"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Das Netzwerk wurde angelegt."))
            return redirect("network:round_table_manage", pk=round_table.pk)
    return render(request, "network/round_table_form.html", {"form": form})


def _manage_page(request: HttpRequest, round_table: RoundTable, **forms: Any) -> HttpResponse:
    context = {
        "round_table": round_table,
        "form": forms.get("form") or RoundTableForm(instance=round_table, user=request.user),
        "member_form": forms.get("member_form") or MemberForm(round_table=round_table),
        "meeting_form": forms.get("meeting_form")
        or MeetingForm(instance=Meeting(round_table=round_table), user=request.user),
        "memberships": round_table.memberships.select_related("user", "organisation").order_by("pk"),
        "meetings": round_table.meetings.order_by("-start", "-pk")[:10],
    }
    return render(request, "network/round_table_manage.html", context)


@staff_required
@private_page
def round_table_manage(request: HttpRequest, pk: int) -> HttpResponse:
    round_table = _round_table_for(request, pk)
    form = RoundTableForm(posted(request), instance=round_table, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            service.save_round_table(
                round_table=form.save(commit=False), districts=form.cleaned_data["districts"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Das Netzwerk wurde gespeichert."))
            return redirect("network:round_table_manage", pk=round_table.pk)
    return _manage_page(request, round_table, form=form)


@staff_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    round_table = _round_table_for(request, pk)
    form = MemberForm(request.POST, round_table=round_table)
    if form.is_valid():
        data = form.cleaned_data
        try:
            service.add_member(
                round_table=round_table, user=data.get("user"), organisation=data.get("organisation"), by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Das Mitglied wurde aufgenommen."))
            return redirect("network:round_table_manage", pk=round_table.pk)
    return _manage_page(request, round_table, member_form=form)


@staff_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("round_table"), pk=pk)
    if not service.can_manage(request.user, membership.round_table):
        raise PermissionDenied
    service.remove_member(membership=membership, by=request.user)
    messages.success(request, _("Das Mitglied wurde aus dem Netzwerk genommen."))
    return redirect("network:round_table_manage", pk=membership.round_table_id)


@staff_required
@require_POST
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    round_table = _round_table_for(request, pk)
    form = MeetingForm(request.POST, instance=Meeting(round_table=round_table), user=request.user)
    if form.is_valid():
        try:
            meeting = service.save_meeting(meeting=form.save(commit=False), by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Sitzung wurde angelegt."))
            return redirect("network:meeting_manage", pk=meeting.pk)
    return _manage_page(request, round_table, meeting_form=form)


def _meeting_manage_page(request: HttpRequest, meeting: Meeting, **forms: Any) -> HttpResponse:
    attendees = list(meeting.attendees.values_list("pk", flat=True))
    context = {
        "meeting": meeting,
        "round_table": meeting.round_table,
        "form": forms.get("form") or MeetingForm(instance=meeting, user=request.user),
        "minutes_form": forms.get("minutes_form")
        or MinutesForm(initial={"minutes": meeting.minutes, "attendees": attendees}, meeting=meeting),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "action_form": forms.get("action_form") or ActionItemForm(meeting=meeting),
        "decisions": meeting.decisions.all(),
        "action_items": meeting.action_items.select_related("owner_user", "owner_organisation"),
        "agenda_items": meeting.agenda_items.select_related("proposed_by"),
    }
    return render(request, "network/meeting_manage.html", context)


@staff_required
@private_page
def meeting_manage(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    form = MeetingForm(posted(request), instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            service.save_meeting(meeting=form.save(commit=False), by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Sitzung wurde gespeichert."))
            return redirect("network:meeting_manage", pk=meeting.pk)
    return _meeting_manage_page(request, meeting, form=form)


@staff_required
@require_POST
def meeting_invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    try:
        count = service.send_invitation(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Einladung geht an %(count)d Adressen.") % {"count": count})
    return redirect("network:meeting_manage", pk=meeting.pk)


@staff_required
@require_POST
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    form = MinutesForm(request.POST, meeting=meeting)
    if form.is_valid():
        service.record_minutes(
            meeting=meeting,
            minutes=form.cleaned_data["minutes"],
            attendees=form.cleaned_data["attendees"],
            by=request.user,
        )
        messages.success(request, _("Protokoll und Anwesenheit wurden gespeichert."))
        return redirect("network:meeting_manage", pk=meeting.pk)
    return _meeting_manage_page(request, meeting, minutes_form=form)


@staff_required
@require_POST
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = service.record_decision(meeting=meeting, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Beschluss %(number)d wurde festgehalten.") % {"number": decision.number})
            return redirect(reverse("network:meeting_manage", kwargs={"pk": meeting.pk}) + "#decisions-heading")
    return _meeting_manage_page(request, meeting, decision_form=form)


@staff_required
@require_POST
def action_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    form = ActionItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            service.add_action_item(
                meeting=meeting,
                title=form.cleaned_data["title"],
                due=form.cleaned_data["due"],
                by=request.user,
                **form.owner_kwargs(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Aufgabe wurde festgehalten."))
            return redirect(reverse("network:meeting_manage", kwargs={"pk": meeting.pk}) + "#actions-heading")
    return _meeting_manage_page(request, meeting, action_form=form)
