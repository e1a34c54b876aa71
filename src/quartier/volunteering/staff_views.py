"""Helper calls in the cockpit: the list, a new call with its shift pattern, a copy for next
year, a shift's changes, the roster (print view and CSV) and sign-ups on someone's behalf."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quartier.core.csvexport import csv_response
from quartier.core.forms import posted
from quartier.core.links import private_page
from quartier.core.permissions import sees_every_district, staff_district_ids
from quartier.core.staff import staff_required
from quartier.volunteering.forms import (
    CallForm,
    InspectionForm,
    InviteForm,
    MatchFilterForm,
    MessageForm,
    PatternForm,
    ShiftForm,
    SignUpForm,
)
from quartier.volunteering.models import (
    ACTIVE_STATUSES,
    HOLDS_PLACES,
    ConductInspection,
    HelperCall,
    OtherHours,
    Shift,
    SignUp,
)
from quartier.volunteering.sections import render_call_sections
from quartier.volunteering.services import (
    SignUpError,
    approve_sign_up,
    card_qualifiers,
    change_shift,
    copy_call,
    create_call,
    decide_other_hours,
    invite_volunteers,
    matching_volunteers,
    message_helpers,
    publish_call,
    record_attendance,
    record_inspection,
    remove_sign_up,
    sign_up,
)


def _call_for(request: HttpRequest, pk: int) -> HelperCall:
    call = get_object_or_404(HelperCall.objects.select_related("district"), pk=pk)
    if not request.user.has_perm("volunteering.manage_call", call):
        raise PermissionDenied
    return call


@staff_required
def cockpit(request: HttpRequest) -> HttpResponse:
    calls = HelperCall.objects.select_related("district").order_by("-created_at", "-pk")
    if not sees_every_district(request.user):
        calls = calls.filter(district__in=staff_district_ids(request.user))
    return render(request, "volunteering/cockpit_list.html", {"calls": calls[:200]})


@staff_required
def call_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("volunteering.add_call"):
        raise PermissionDenied
    form = CallForm(posted(request), user=request.user, prefix="call")
    pattern = PatternForm(posted(request), prefix="pattern")
    if request.method == "POST" and form.is_valid() and pattern.is_valid():
        try:
            call = create_call(
                call=form.save(commit=False),
                pattern=pattern.pattern(),
                requirements=pattern.cleaned_data["requirements"],
                fields_of_action=form.cleaned_data["fields_of_action"],
                by=request.user,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Das Helfergesuch wurde angelegt."))
            return redirect("volunteering:roster", pk=call.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "pattern": pattern, "parts": [form, pattern]}
    return render(request, "volunteering/call_form.html", context, status=status)


@staff_required
@require_POST
def call_copy(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_for(request, pk)
    copy = copy_call(call=call, by=request.user)
    messages.success(request, _("Die Kopie ist angelegt (ein Jahr später, noch nicht veröffentlicht)."))
    return redirect("volunteering:roster", pk=copy.pk)


@staff_required
@require_POST
def call_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a call (proposed by a partner, or a copy) or take it off the public pages."""
    call = _call_for(request, pk)
    published = request.POST.get("published") == "1"
    publish_call(call=call, published=published, by=request.user)
    if published:
        messages.success(request, _("Das Helfergesuch ist veröffentlicht."))
    else:
        messages.success(request, _("Das Helfergesuch ist nicht mehr öffentlich."))
    return redirect("volunteering:roster", pk=call.pk)


def _roster_shifts(call: HelperCall) -> list[Shift]:
    active = SignUp.objects.filter(status__in=ACTIVE_STATUSES).order_by("created_at", "pk")
    shifts: list[Shift] = list(
        call.shifts.prefetch_related("requirements", Prefetch("sign_ups", queryset=active, to_attr="active"))
    )
    for shift in shifts:
        shift.needs_conduct = any(r.is_conduct_certificate for r in shift.requirements.all())  # type: ignore[attr-defined]
    return shifts


@private_page
@staff_required
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_for(request, pk)
    context = {
        "call": call,
        "shifts": _roster_shifts(call),
        "sections": render_call_sections(request, call),
        "print": request.GET.get("druck") == "1",
    }
    return render(request, "volunteering/roster.html", context)


@private_page
@staff_required
def roster_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    call = _call_for(request, pk)
    header = [_("Beginn"), _("Ende"), _("Ort"), _("Name"), _("E-Mail"), _("Telefon"), _("Status")]
    rows = (
        [
            timezone.localtime(shift.start).strftime("%d.%m.%Y %H:%M"),
            timezone.localtime(shift.end).strftime("%d.%m.%Y %H:%M"),
            shift.place,
            entry.name,
            entry.email,
            entry.phone,
            entry.get_status_display(),
        ]
        for shift in _roster_shifts(call)
        for entry in shift.active  # type: ignore[attr-defined]
    )
    return csv_response(f"helfende-{call.pk}.csv", header, rows)


@staff_required
def shift_edit(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_object_or_404(Shift.objects.select_related("call__district"), pk=pk)
    if not request.user.has_perm("volunteering.manage_call", shift.call):
        raise PermissionDenied
    initial = {
        "start": timezone.localtime(shift.start),
        "end": timezone.localtime(shift.end),
        "place": shift.place,
        "people_needed": shift.people_needed,
        "min_age": shift.min_age,
    }
    form = ShiftForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change_shift(shift=shift, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Schicht wurde geändert."))
            return redirect("volunteering:roster", pk=shift.call_id)
    status = 400 if form.errors else 200
    return render(request, "volunteering/shift_form.html", {"form": form, "shift": shift}, status=status)


@private_page
@staff_required
def sign_up_on_behalf(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_for(request, pk)
    form = SignUpForm(posted(request), call=call, user=request.user, staff=True)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            sign_up(
                shifts=list(form.cleaned_data["shifts"]),
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                registered_by=request.user,
                age=form.cleaned_data["age"],
            )
        except SignUpError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Die Person ist eingetragen."))
            return redirect("volunteering:roster", pk=call.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "volunteering/on_behalf.html", {"call": call, "form": form, "error": error}, status=status)


@staff_required
@require_POST
def sign_up_action(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(SignUp.objects.select_related("shift__call__district"), pk=pk)
    if not request.user.has_perm("volunteering.manage_call", entry.shift.call):
        raise PermissionDenied
    try:
        if request.POST.get("action") == "approve":
            approve_sign_up(sign_up=entry, by=request.user)
            messages.success(request, _("Die Anmeldung ist bestätigt."))
        else:
            remove_sign_up(sign_up=entry, by=request.user)
            messages.success(request, _("Die Person ist ausgetragen."))
    except SignUpError as exc:
        messages.error(request, str(exc))
    return redirect("volunteering:roster", pk=entry.shift.call_id)


@staff_required
def message(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call_for(request, pk)
    form = MessageForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            count = message_helpers(call=call, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Nachricht geht an %(count)s Adressen.") % {"count": count})
            return redirect("volunteering:roster", pk=call.pk)
    status = 400 if form.errors else 200
    return render(request, "volunteering/message.html", {"call": call, "form": form}, status=status)


@staff_required
@require_POST
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the inspection of a provisional helper's certificate of conduct."""
    entry = get_object_or_404(SignUp.objects.select_related("shift__call__district"), pk=pk)
    if not request.user.has_perm("volunteering.manage_call", entry.shift.call):
        raise PermissionDenied
    form = InspectionForm(request.POST)
    if form.is_valid():
        try:
            record_inspection(sign_up=entry, by=request.user, **form.cleaned_data)
        except (ValidationError, SignUpError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Die Einsichtnahme ist vermerkt."))
    else:
        messages.error(request, _("Bitte geben Sie das Ausstellungsdatum des Führungszeugnisses an."))
    return redirect("volunteering:roster", pk=entry.shift.call_id)


def inspections_running_out(user: object, *, days: int = 60) -> list[ConductInspection]:
    """Valid inspections of the staff member's districts whose five years end within ``days``."""
    today = timezone.localdate()
    rows = ConductInspection.objects.filter(relevant_entry=False).select_related("district")
    if not sees_every_district(user):
        rows = rows.filter(district__in=staff_district_ids(user))
    # The validity is counted in years from the certificate's date: compare in Python over the few rows on record.
    return [row for row in rows if today <= row.runs_out() <= today + timedelta(days=days)]


@private_page
@staff_required
def inspections(request: HttpRequest) -> HttpResponse:
    return render(request, "volunteering/inspections.html", {"inspections": inspections_running_out(request.user)})


@private_page
@staff_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """After a shift: who came and the hours each gave, in one list (a no-show gets 0 hours)."""
    shift = get_object_or_404(Shift.objects.select_related("call__district"), pk=pk)
    if not request.user.has_perm("volunteering.manage_call", shift.call):
        raise PermissionDenied
    entries = list(shift.sign_ups.filter(status__in=HOLDS_PLACES).order_by("name", "pk"))
    error = ""
    if request.method == "POST":
        rows = []
        try:
            for entry in entries:
                came = request.POST.get(f"came-{entry.pk}") == "on"
                raw = request.POST.get(f"hours-{entry.pk}", "").strip().replace(",", ".")
                try:
                    hours = Decimal(raw) if raw else None
                except InvalidOperation:
                    raise ValidationError(_("Bitte geben Sie die Stunden als Zahl an, z. B. 2,5.")) from None
                rows.append((entry, came, hours))
            record_attendance(shift=shift, rows=rows, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Anwesenheit und Stunden sind gespeichert."))
            return redirect("volunteering:roster", pk=shift.call_id)
    context = {"shift": shift, "entries": entries, "error": error, "default_hours": shift.hours}
    return render(request, "volunteering/attendance.html", context, status=400 if error else 200)


@staff_required
def other_hours(request: HttpRequest) -> HttpResponse:
    rows = OtherHours.objects.filter(status=OtherHours.Status.SUBMITTED).select_related("district", "user")
    if not sees_every_district(request.user):
        rows = rows.filter(district__in=staff_district_ids(request.user))
    return render(request, "volunteering/other_hours.html", {"rows": rows.order_by("day", "pk")[:200]})


@staff_required
@require_POST
def other_hours_decide(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(OtherHours, pk=pk)
    if not request.user.has_perm("volunteering.manage_call", entry):
        raise PermissionDenied
    decide_other_hours(entry=entry, confirm=request.POST.get("action") == "confirm", by=request.user)
    messages.success(request, _("Gespeichert."))
    return redirect("volunteering:other_hours")


@private_page
@staff_required
@require_http_methods(["GET", "POST"])
def matching(request: HttpRequest, pk: int) -> HttpResponse:
    """Who fits this call (only volunteers who allow the office to ask them), and the invitation."""
    call = _call_for(request, pk)
    filters = MatchFilterForm(request.GET)
    skill = (filters.cleaned_data.get("skill") or "") if filters.is_valid() else ""
    if request.method == "POST":
        skill = request.POST.get("skill", "")[:100]
    profiles = matching_volunteers(call=call, by=request.user, skill=skill)
    form = InviteForm(posted(request), profiles=profiles, initial={"skill": skill})
    if request.method == "POST" and form.is_valid():
        try:
            count = invite_volunteers(
                call=call, profile_ids=form.cleaned_data["profiles"], skill=skill, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Einladung geht an %(count)s Personen.") % {"count": count})
            return redirect("volunteering:roster", pk=call.pk)
    context = {"call": call, "filters": filters, "profiles": profiles, "form": form}
    return render(request, "volunteering/matching.html", context, status=400 if form.errors else 200)


@private_page
@staff_required
def card_list(request: HttpRequest) -> HttpResponse:
    """Who qualifies for the Ehrenamtskarte NRW (people whose hours the user's districts confirmed),
    with the data the application asks for, to print."""
    context = {
        "qualifiers": card_qualifiers(by=request.user),
        "hours": settings.VOLUNTEERING_CARD_HOURS_PER_YEAR,
        "week": settings.VOLUNTEERING_CARD_HOURS_PER_WEEK,
        "years": settings.VOLUNTEERING_CARD_YEARS,
        "young_years": settings.VOLUNTEERING_CARD_YOUNG_YEARS,
        "young_under": settings.VOLUNTEERING_CARD_YOUNG_UNDER,
        "allowance": settings.VOLUNTEERING_CARD_ALLOWANCE_LIMIT,
    }
    return render(request, "volunteering/card_list.html", context)
