"""The public list of helper calls, a call's page, signing up and the private link."""

from __future__ import annotations

from datetime import datetime, time
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartier.accounts.models import User
from quartier.core import ratelimit
from quartier.core.links import private_page
from quartier.core.pagecache import cached_page
from quartier.core.pagination import paginate
from quartier.volunteering.feeds import ics_response
from quartier.volunteering.forms import CallFilterForm, OtherHoursForm, ProfileForm, SignUpForm
from quartier.volunteering.models import (
    ACTIVE_STATUSES,
    HelperCall,
    OtherHours,
    Shift,
    SignUp,
    SignUpStatus,
    VolunteerProfile,
)
from quartier.volunteering.sections import render_call_sections
from quartier.volunteering.services import (
    SignUpError,
    cancel_sign_up,
    card_progress,
    confirm_email,
    confirmed_hours_per_year,
    delete_profile,
    log_other_hours,
    save_profile,
    sign_up,
)

PAGE_SIZE = 20


@require_safe
@cached_page
def call_list(request: HttpRequest) -> HttpResponse:
    form = CallFilterForm(request.GET)
    now = timezone.now()
    upcoming = Shift.objects.filter(end__gte=now)
    matching = upcoming
    calls = HelperCall.objects.public().select_related("district")
    if form.is_valid():
        data = form.cleaned_data
        if data["date"]:
            matching = matching.filter(start__gte=timezone.make_aware(datetime.combine(data["date"], time.min)))
        if data["requirement"]:
            matching = matching.filter(requirements=data["requirement"])
        if data["free"]:
            matching = matching.filter(places_taken__lt=F("people_needed"))
        if data["q"]:
            calls = calls.filter(Q(title__icontains=data["q"]) | Q(text__icontains=data["q"]))
        if data["district"]:
            calls = calls.filter(district=data["district"])
        if data["field"]:
            calls = calls.filter(fields_of_action=data["field"])
    # Sorted by each call's next shift, found through the (call, start) index one call at a
    # time: grouping every upcoming shift of the town to sort and count the calls cost a
    # tenth of a second at a city's size. The figures are added for the page's calls only.
    calls = (
        calls.filter(Exists(matching.filter(call=OuterRef("pk"))))
        .annotate(next_start=Subquery(upcoming.filter(call=OuterRef("pk")).order_by("start").values("start")[:1]))
        .order_by("next_start", "pk")
    )
    page, query = paginate(request, calls, PAGE_SIZE)
    figures = {
        row["call_id"]: row
        for row in upcoming.filter(call_id__in=[call.pk for call in page.object_list])
        .values("call_id")
        .annotate(needed=Sum("people_needed"), taken=Sum("places_taken"), shift_count=Count("pk"))
        .order_by()
    }
    for call in page.object_list:
        row = figures.get(call.pk)
        call.needed, call.taken, call.shift_count = (
            (row["needed"], row["taken"], row["shift_count"]) if row else (0, 0, 0)
        )
    return render(request, "volunteering/call_list.html", {"form": form, "page": page, "query": query})


def _public_call(pk: int) -> HelperCall:
    return get_object_or_404(HelperCall.objects.public().select_related("district", "project", "event"), pk=pk)


def _shifts(call: HelperCall) -> list[Shift]:
    return list(call.shifts.filter(end__gte=timezone.now()).prefetch_related("requirements"))


@require_safe
@cached_page
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = _public_call(pk)
    form = SignUpForm(call=call, user=request.user)
    return _call_page(request, call, form)


def _call_page(
    request: HttpRequest, call: HelperCall, form: SignUpForm, error: str = "", status: int = 200
) -> HttpResponse:
    shifts = _shifts(call)
    mine: set[int] = set()
    if request.user.is_authenticated:
        mine = set(
            SignUp.objects.filter(
                shift__in=shifts, user=request.user, status__in=["unconfirmed", "pending", "confirmed"]
            ).values_list("shift_id", flat=True)
        )
    context = {
        "call": call,
        "shifts": shifts,
        "mine": mine,
        "form": form,
        "error": error,
        "fields_of_action": list(call.fields_of_action.all()),
        "any_free": any(shift.places_left and shift.start > timezone.now() for shift in shifts),
        "sections": render_call_sections(request, call),
    }
    return render(request, "volunteering/call_detail.html", context, status=status)


def _rate_limited(request: HttpRequest) -> bool:
    """Visitors (not signed in) may sign up a few times per hour per client address."""
    if request.user.is_authenticated:
        return False
    return not ratelimit.take(request, scope="volunteering:sign_up", limit=settings.VOLUNTEERING_SIGN_UP_RATE_LIMIT)


@require_POST
def call_sign_up(request: HttpRequest, pk: int) -> HttpResponse:
    call = _public_call(pk)
    form = SignUpForm(request.POST, call=call, user=request.user)
    if not form.is_valid():
        return _call_page(request, call, form, status=400)
    if _rate_limited(request):
        error = _("Zu viele Anmeldungen von Ihrem Anschluss. Bitte versuchen Sie es später noch einmal.")
        return _call_page(request, call, form, error=error, status=429)
    user = request.user if isinstance(request.user, User) else None
    try:
        result = sign_up(
            shifts=list(form.cleaned_data["shifts"]),
            name=user.public_name if user else form.cleaned_data["name"],
            email=user.email if user else form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            user=user,
            email_confirmed=user is not None,
            age=form.cleaned_data["age"],
        )
    except SignUpError as exc:
        return _call_page(request, call, form, error=str(exc), status=400)
    # A visitor's sign-up (new or existing) is confirmed through the mail: the page is the
    # same whichever it was, so typing someone's address reveals nothing.
    if user is None or result.sign_ups[0].user_id != user.pk:
        return render(request, "volunteering/check_mail.html", {"call": call})
    messages.success(request, _("Danke! Sie sind eingetragen."))
    for note in result.notes:
        messages.info(request, note)
    return redirect(result.sign_ups[0])


@private_page
@require_http_methods(["GET", "POST"])
def sign_up_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The private link: whoever holds it sees this person's sign-ups for the call and may cancel."""
    entry = get_object_or_404(SignUp.objects.select_related("shift__call__district"), token=token)
    call = entry.shift.call
    entries = list(
        SignUp.objects.filter(shift__call=call, email=entry.email).exclude(email="").select_related("shift__call")
    ) or [entry]
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                confirmed, dropped = confirm_email(sign_up=entry)
                if dropped:
                    messages.warning(
                        request,
                        _("Mindestens eine Schicht war inzwischen voll oder hatte begonnen; die übrigen gelten."),
                    )
                elif confirmed:
                    messages.success(request, _("Danke, Ihre Anmeldung ist bestätigt."))
            elif action == "cancel":
                target = next((e for e in entries if str(e.pk) == request.POST.get("sign_up")), None)
                if target is None:
                    raise SignUpError(_("Diese Anmeldung gibt es nicht."))
                cancel_sign_up(sign_up=target)
                messages.success(request, _("Ihre Absage ist eingegangen."))
        except SignUpError as exc:
            messages.error(request, str(exc))
        return redirect(entry)
    unconfirmed = any(e.status == SignUpStatus.UNCONFIRMED for e in entries)
    return render(
        request, "volunteering/sign_up_detail.html", {"call": call, "entries": entries, "unconfirmed": unconfirmed}
    )


def _feed_shifts():
    return Shift.objects.filter(call__is_published=True, end__gte=timezone.now()).select_related("call__district")


@require_safe
def feed_all(request: HttpRequest) -> HttpResponse:
    """Every coming shift of every published call (at most 1,000, the soonest)."""
    return ics_response(_feed_shifts()[:1000], request, name=_("Helfergesuche"), filename="helfergesuche")


@require_safe
def feed_call(request: HttpRequest, pk: int) -> HttpResponse:
    call = _public_call(pk)
    return ics_response(_feed_shifts().filter(call=call), request, name=call.title, filename=f"helfergesuch-{pk}")


@require_safe
def feed_shift(request: HttpRequest, pk: int, shift_pk: int) -> HttpResponse:
    call = _public_call(pk)
    shift = get_object_or_404(Shift.objects.select_related("call__district"), pk=shift_pk, call=call)
    return ics_response([shift], request, name=call.title, filename=f"schicht-{shift_pk}")


@login_required
def my_engagement(request: HttpRequest) -> HttpResponse:
    """Mein Engagement: confirmed hours per year, coming shifts, and hours given elsewhere."""
    me = cast("User", request.user)
    form = OtherHoursForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            log_other_hours(user=me, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Danke! Das Team bestätigt Ihre Stunden."))
            return redirect("volunteering:mine")
    coming = list(
        SignUp.objects.filter(user=me, status__in=ACTIVE_STATUSES, shift__end__gte=timezone.now())
        .select_related("shift__call")
        .order_by("shift__start")
    )
    context = {
        "form": form,
        "years": confirmed_hours_per_year(me),
        "card": card_progress(me),
        "card_hours": settings.VOLUNTEERING_CARD_HOURS_PER_YEAR,
        "card_week": settings.VOLUNTEERING_CARD_HOURS_PER_WEEK,
        "coming": coming,
        "other": list(OtherHours.objects.filter(user=me).select_related("district")[:100]),
    }
    return render(request, "volunteering/mine.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The opt-in volunteer profile: kept, changed or deleted by its owner alone."""
    me = cast("User", request.user)
    instance = VolunteerProfile.objects.filter(user=me).first()
    if request.method == "POST" and request.POST.get("action") == "delete":
        delete_profile(user=me)
        messages.success(request, _("Ihr Engagement-Profil ist gelöscht."))
        return redirect("volunteering:mine")
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            save_profile(
                user=me,
                skills=data["skills"],
                fields_of_action=data["fields_of_action"],
                districts=data["districts"],
                availability=data["availability"],
                may_ask=data["may_ask"],
                birth_year=data["birth_year"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ihr Engagement-Profil ist gespeichert."))
            return redirect("volunteering:mine")
    context = {"form": form, "has_profile": instance is not None}
    return render(request, "volunteering/profile.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
def certificate_pdf(request: HttpRequest) -> HttpResponse:
    """The person's Ehrenamtsnachweis as a PDF, with the QR code to its verification page."""
    # Imported here: reportlab costs every web worker ~12 MB, and only these views need it.
    from quartier.volunteering.certificate import certificate_for, render_certificate

    certificate = certificate_for(request.user)
    response = HttpResponse(render_certificate(certificate), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="ehrenamtsnachweis.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@private_page
@require_safe
def verify_certificate(request: HttpRequest, token: str) -> HttpResponse:
    """Whether a certificate is genuine: shows exactly what it says, or that it was not issued here."""
    from quartier.volunteering.certificate import Certificate

    certificate = Certificate.from_token(token)
    status = 200 if certificate is not None else 404
    return render(request, "volunteering/verify.html", {"certificate": certificate}, status=status)
