"""Registering for a date, the private link to one's registration, and resident proposals."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartier.accounts.models import User
from quartier.core import ratelimit
from quartier.core.forms import posted
from quartier.core.htmx import render_page_or_fragment, wants_fragment
from quartier.core.links import private_page
from quartier.events.forms import ProposalForm, RegistrationForm
from quartier.events.models import EventDate, Registration, RegistrationStatus
from quartier.events.services import (
    RegistrationError,
    cancel_registration,
    confirm_registration_email,
    propose_event,
    register_for_event,
)
from quartier.participation.moderation import ContributionRefused


def _rate_limited(request: HttpRequest) -> bool:
    """Visitors (not signed in) may register a few times per hour per client address."""
    if request.user.is_authenticated:
        return False
    return not ratelimit.take(request, scope="events:register", limit=settings.EVENT_REGISTRATION_RATE_LIMIT)


def register(request: HttpRequest, pk: int, date_pk: int) -> HttpResponse:
    event_date = get_object_or_404(
        EventDate.objects.select_related("event", "event__district"), pk=date_pk, event_id=pk, event__is_published=True
    )
    event = event_date.event
    form = RegistrationForm(posted(request), event=event, user=request.user)
    error = None
    if request.method == "POST" and form.is_valid():
        if _rate_limited(request):
            error = _("Zu viele Anmeldungen von Ihrem Anschluss. Bitte versuchen Sie es später noch einmal.")
        else:
            user = request.user if isinstance(request.user, User) else None
            try:
                registration = register_for_event(
                    event_date=event_date,
                    name=user.public_name if user else form.cleaned_data["name"],
                    email=user.email if user else form.cleaned_data["email"],
                    party_size=form.cleaned_data["party_size"],
                    participants=form.participants(),
                    user=user,
                    email_confirmed=user is not None,
                )
            except RegistrationError as exc:
                error = str(exc)
            else:
                # Only one's own registration opens here; for everything else (a new one
                # by a visitor, or an address that is already registered) the private link
                # goes by mail, and the page is the same whichever it was.
                if user is None or registration.user_id != user.pk:
                    return render_page_or_fragment(
                        request, "events/registration_check_mail.html", "notice", {"event_date": event_date}
                    )
                messages.success(request, _registered_message(registration))
                if wants_fragment(request):
                    return _registration_fragment(request, registration)
                return redirect(registration)
    context = {
        "event": event,
        "event_date": event_date,
        "form": form,
        "error": error,
        "open": event_date.registration_open(),
    }
    # htmx swaps only successful answers: in place, the form with its message comes as 200.
    status = 400 if error and not wants_fragment(request) else 200
    return render_page_or_fragment(request, "events/register.html", "registration", context, status=status)


def _registered_message(registration: Registration) -> str:
    if registration.status == RegistrationStatus.WAITING:
        return _("Sie stehen auf der Warteliste. Wir schreiben Ihnen, wenn ein Platz frei wird.")
    if registration.status == RegistrationStatus.PENDING:
        return _("Ihre Anmeldung ist eingegangen. Das Team bestätigt sie und schreibt Ihnen.")
    return _("Sie sind angemeldet.")


def _registration_fragment(request: HttpRequest, registration: Registration) -> HttpResponse:
    """The registration's section (as on its private page), with the message in its live region."""
    registration = Registration.objects.select_related("event_date__event__district").get(pk=registration.pk)
    return render_page_or_fragment(
        request, "events/registration_detail.html", "registration", {"registration": registration}
    )


@private_page
@require_http_methods(["GET", "POST"])
def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The private link: whoever holds it sees and may cancel this registration."""
    registration = get_object_or_404(Registration.objects.select_related("event_date__event__district"), token=token)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                confirm_registration_email(registration=registration)
                messages.success(request, _("Danke, Ihre E-Mail-Adresse ist bestätigt."))
            elif action == "cancel":
                cancel_registration(registration=registration)
                messages.success(request, _("Ihre Anmeldung ist storniert."))
        except RegistrationError as exc:
            messages.error(request, str(exc))
        if wants_fragment(request):
            return _registration_fragment(request, registration)
        return redirect(registration)
    return render(request, "events/registration_detail.html", {"registration": registration})


@login_required
def propose(request: HttpRequest) -> HttpResponse:
    form = ProposalForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            propose_event(event=form.save(commit=False), proposer=request.user)
        except ContributionRefused as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(
                request, _("Danke für Ihren Vorschlag! Das Team des Ortsteils prüft ihn und veröffentlicht ihn dann.")
            )
            return redirect("events:calendar")
    return render(request, "events/propose.html", {"form": form}, status=400 if form.errors else 200)
