"""Round tables for their members (and everyone where the minutes are public): the networks
one belongs to, a network's meetings, a meeting with agenda, minutes, decisions and action
items, proposing an agenda item, "Meine Aufgaben" and the search through decisions. A page
of a round table one may not read answers 404, as if it did not exist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from quartier.core.links import private_page
from quartier.core.pagination import paginate
from quartier.network import meetings as service
from quartier.network.forms import AgendaItemForm, DecisionSearchForm
from quartier.network.models import ActionItem, Decision, Meeting, RoundTable
from quartier.network.tasks import meeting_ics

MEETINGS_PER_PAGE = 20
DECISIONS_PER_PAGE = 30


def _readable_meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("round_table"), pk=pk)
    if not service.may_read(request.user, meeting.round_table):
        raise Http404
    return meeting


@require_safe
@private_page
def round_table_index(request: HttpRequest) -> HttpResponse:
    round_tables = RoundTable.objects.visible_to(request.user).order_by("name", "pk")
    return render(request, "network/round_table_index.html", {"round_tables": round_tables})


@require_safe
@private_page
def round_table_detail(request: HttpRequest, slug: str) -> HttpResponse:
    round_table = get_object_or_404(RoundTable.objects.prefetch_related("districts"), slug=slug)
    if not service.may_read(request.user, round_table):
        raise Http404
    memberships = round_table.memberships.select_related("user", "organisation").order_by("pk")
    meetings = round_table.meetings.order_by("-start", "-pk").only("pk", "start", "place", "round_table_id")
    page, query = paginate(request, meetings, MEETINGS_PER_PAGE)
    context = {
        "round_table": round_table,
        "memberships": memberships,
        "page": page,
        "query": query,
        "can_manage": service.can_manage(request.user, round_table),
    }
    return render(request, "network/round_table_detail.html", context)


def _meeting_page(request: HttpRequest, meeting: Meeting, agenda_form: AgendaItemForm | None = None) -> HttpResponse:
    round_table = meeting.round_table
    member = service.is_member(request.user, round_table)
    manager = service.can_manage(request.user, round_table)
    open_for_proposals = timezone.now() <= meeting.proposals_until
    if agenda_form is None and (member or manager) and open_for_proposals:
        agenda_form = AgendaItemForm()
    context = {
        "meeting": meeting,
        "round_table": round_table,
        "agenda_items": meeting.agenda_items.select_related("proposed_by"),
        "decisions": meeting.decisions.all(),
        "action_items": meeting.action_items.select_related("owner_user", "owner_organisation"),
        "attendees": meeting.attendees.select_related("user", "organisation").order_by("pk"),
        "agenda_form": agenda_form,
        "can_manage": manager,
        "user_pk": getattr(request.user, "pk", None),
    }
    return render(request, "network/meeting_detail.html", context)


@require_safe
@private_page
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, _readable_meeting(request, pk))


@require_safe
def meeting_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _readable_meeting(request, pk)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sitzung-{meeting.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
@private_page
def agenda_propose(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _readable_meeting(request, pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            service.propose_agenda_item(
                meeting=meeting, title=form.cleaned_data["title"], note=form.cleaned_data["note"], by=request.user
            )
        except PermissionDenied:
            raise
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ihr Vorschlag steht auf der Tagesordnung."))
            return redirect(meeting)
    return _meeting_page(request, meeting, agenda_form=form)


@require_POST
@login_required
def action_item_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ActionItem.objects.select_related("round_table", "meeting"), pk=pk)
    if not service.may_read(request.user, item.round_table):
        raise Http404
    try:
        service.set_action_item_status(item=item, status=request.POST.get("status", ""), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Stand der Aufgabe wurde gespeichert."))
    target = request.POST.get("next")
    if target == "tasks":
        return redirect("network:my_tasks")
    return redirect(item.meeting)


@require_safe
@login_required
@private_page
def my_tasks(request: HttpRequest) -> HttpResponse:
    items = list(service.open_items_of(request.user))
    return render(request, "network/my_tasks.html", {"items": items, "today": timezone.localdate()})


@require_safe
@private_page
def decision_search(request: HttpRequest) -> HttpResponse:
    form = DecisionSearchForm(request.GET)
    decisions = Decision.objects.filter(round_table__in=RoundTable.objects.visible_to(request.user))
    if form.is_valid() and form.cleaned_data["q"].strip():
        text = form.cleaned_data["q"].strip()
        decisions = decisions.filter(text__icontains=text)
    decisions = decisions.select_related("round_table", "meeting").order_by("-meeting__start", "-number")
    page, query = paginate(request, decisions, DECISIONS_PER_PAGE)
    return render(request, "network/decision_search.html", {"form": form, "page": page, "query": query})
