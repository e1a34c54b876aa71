"""The calendar of funding deadlines in the cockpit, and its private .ics feed: the address
carries a secret token per staff member, which they can replace or revoke on the calendar page.
The feed shows what its owner may see now (a person who lost the staff role gets an empty
calendar) and is never cached."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from icalendar import Calendar
from icalendar import Event as VEvent

from quartier.core.links import absolute_url, private_page
from quartier.core.permissions import has_staff_role
from quartier.core.staff import staff_required
from quartier.funding.deadlines import Deadline, deadlines_for
from quartier.funding.models import FeedToken
from quartier.funding.services import renew_feed_token, revoke_feed_token


@staff_required
@private_page
@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    token = FeedToken.objects.filter(user=request.user).first()  # type: ignore[misc]  # signed in: staff_required
    context = {
        "deadlines": deadlines_for(request.user),
        "feed_url": absolute_url(token.get_absolute_url()) if token else "",
    }
    return render(request, "funding/calendar.html", context)


@staff_required
@require_POST
def feed_token(request: HttpRequest) -> HttpResponse:
    if request.POST.get("action") == "revoke":
        revoke_feed_token(user=request.user)
        messages.success(request, _("Das Kalender-Abo ist beendet; die alte Adresse funktioniert nicht mehr."))
    else:
        renew_feed_token(user=request.user)
        messages.success(request, _("Die Adresse Ihres Kalender-Abos steht unten auf der Seite."))
    return redirect("funding:calendar")


def _vevent(deadline: Deadline, stamp: object, host: str) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", f"{deadline.uid}@{host}")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", deadline.on)
    vevent.add("summary", f"{deadline.label}: {deadline.title}")
    if deadline.application is not None:
        vevent.add("description", f"{deadline.application.title} ({deadline.application.programme.name})")
    vevent.add("url", absolute_url(deadline.path))
    vevent.add("transp", "TRANSPARENT")
    return vevent


@private_page
@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    found = FeedToken.objects.select_related("user").filter(token=token).first()
    if found is None or not has_staff_role(found.user):
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//Quartier//Foerderfristen//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", str(_("Förderfristen")))
    host = request.get_host().split(":")[0]
    stamp = timezone.now()
    for deadline in deadlines_for(found.user):
        calendar.add_component(_vevent(deadline, stamp, host))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="foerderfristen.ics"'
    return response
