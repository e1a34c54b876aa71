"""What the linked projects did in the funded period, for the proof of use (Verwendungsnachweis):
the events and dates held with registrations and attendance, the hours volunteers gave, the
loans and room bookings of the organisations involved, the ideas and the project updates.

Funding lies above projects, events, volunteering, network and resources, so it reads their
tables directly; every part is one aggregate query, so the page costs the same whatever the
number of projects, events or bookings. The draft text is made from these figures; staff edit
and store it through ``services.save_proof_report``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.events.models import EventDate, EventStatus, Registration, RegistrationStatus
from quartier.funding.models import Application
from quartier.network.models import Organisation
from quartier.participation.models import Idea
from quartier.projects.models import Project, ProjectUpdate
from quartier.resources.models import Booking, BookingStatus, Kind
from quartier.volunteering.models import SignUp

LIST_LIMIT = 100  # rows per list on the page; the figures count everything


@dataclass
class Activity:
    start: datetime.date
    end: datetime.date
    projects: list[str]
    events: list[Any] = field(default_factory=list)
    event_count: int = 0
    dates_held: int = 0
    registered: int = 0
    attended: int = 0
    dates_counted: int = 0
    calls: list[Any] = field(default_factory=list)
    volunteer_hours: Decimal = Decimal("0")
    volunteers: int = 0
    shifts_served: int = 0
    loans: int = 0
    room_bookings: int = 0
    room_hours: Decimal = Decimal("0")
    organisations: list[str] = field(default_factory=list)
    ideas: list[Any] = field(default_factory=list)
    updates: list[Any] = field(default_factory=list)


def _bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as aware datetimes [start 00:00, day after end 00:00), never beyond now."""
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return first, min(after, timezone.now())


def activity_for(application: Application) -> Activity | None:
    """The activity of the application's projects in its funded period; None without a period."""
    if application.funded_from is None or application.funded_until is None:
        return None
    project_ids = list(application.projects.values_list("pk", flat=True))
    titles = list(Project.objects.filter(pk__in=project_ids).order_by("title").values_list("title", flat=True))
    activity = Activity(application.funded_from, application.funded_until, titles)
    first, after = _bounds(application.funded_from, application.funded_until)

    held = EventDate.objects.filter(event__project__in=project_ids, start__gte=first, start__lt=after).exclude(
        status=EventStatus.CANCELLED
    )
    events = list(
        held.values("event_id", "event__title")
        .annotate(dates=Count("pk"), first=Min("start"), last=Max("start"), people=Sum("attended"))
        .order_by("first", "event_id")
    )
    activity.events = events[:LIST_LIMIT]
    totals = held.aggregate(
        dates=Count("pk"), events=Count("event", distinct=True), people=Sum("attended"), counted=Count("attended")
    )
    activity.event_count = totals["events"] or 0
    activity.dates_held = totals["dates"] or 0
    activity.attended = totals["people"] or 0
    activity.dates_counted = totals["counted"] or 0
    activity.registered = (
        Registration.objects.filter(event_date__in=held, status=RegistrationStatus.CONFIRMED).aggregate(
            people=Sum("party_size")
        )["people"]
        or 0
    )

    served = SignUp.objects.filter(
        shift__call__project__in=project_ids, shift__start__gte=first, shift__start__lt=after, attended=True
    )
    activity.calls = list(
        served.values("shift__call_id", "shift__call__title")
        .annotate(hours=Sum("hours"), people=Count("pk"))
        .order_by("shift__call__title", "shift__call_id")[:LIST_LIMIT]
    )
    volunteering = served.aggregate(hours=Sum("hours"), shifts=Count("pk"), people=Count("user", distinct=True))
    activity.volunteer_hours = volunteering["hours"] or Decimal("0")
    activity.shifts_served = volunteering["shifts"] or 0
    # Sign-ups without an account (or of erased accounts) count as one person each.
    activity.volunteers = (volunteering["people"] or 0) + served.filter(user=None).count()

    # Bookings name no project: those in the name of the applicant or of the projects' partner
    # organisations count (booked for the organisation, or with its name typed in the booking).
    organisations = list(
        Organisation.objects.filter(Q(projects__in=project_ids) | Q(pk=application.organisation_id))
        .order_by("name", "pk")
        .values_list("pk", "name")
        .distinct()
    )
    activity.organisations = [name for _pk, name in organisations]
    if organisations:
        bookings = (
            Booking.objects.annotate(organisation_lower=Lower("organisation"))
            .filter(
                Q(for_organisation__in=[pk for pk, _name in organisations])
                | Q(organisation_lower__in=[name.lower() for _pk, name in organisations]),
                start__gte=first,
                start__lt=after,
                status__in=(BookingStatus.CONFIRMED, BookingStatus.HANDED_OVER, BookingStatus.RETURNED),
            )
            .values("resource__kind", "start", "end")
        )
        for booking in bookings:
            if booking["resource__kind"] == Kind.ROOM:
                activity.room_bookings += 1
                activity.room_hours += Decimal((booking["end"] - booking["start"]).total_seconds()) / 3600
            else:
                activity.loans += 1
        activity.room_hours = activity.room_hours.quantize(Decimal("0.1"))

    activity.ideas = list(
        Idea.objects.visible()
        .filter(project_link__project__in=project_ids, created_at__lt=after)
        .order_by("-support_count", "pk")
        .values("title", "status", "support_count")[:LIST_LIMIT]
    )
    activity.updates = list(
        ProjectUpdate.objects.filter(project__in=project_ids, date__gte=activity.start, date__lte=activity.end)
        .order_by("date", "pk")
        .values("date", "title", "project__title")[:LIST_LIMIT]
    )
    return activity


def _number(value: Any, places: int = 0) -> str:
    return number_format(value, places, use_l10n=True, force_grouping=True)


def _count(text: str, n: int | Decimal) -> str:
    """A number in its noun's form as ngettext chose it ("eine Person", "3 Personen")."""
    return text % {"n": _number(n)}


def draft_report(application: Application, activity: Activity) -> str:
    """A factual draft of the report (Markdown), from the figures alone: staff complete it."""
    period = _("%(start)s bis %(end)s") % {
        "start": date_format(activity.start, "DATE_FORMAT"),
        "end": date_format(activity.end, "DATE_FORMAT"),
    }
    parts = [
        _(
            "Mit der Zuwendung aus dem Programm „%(programme)s“ wurden im Förderzeitraum vom %(period)s die Projekte %(projects)s umgesetzt."
        )
        % {
            "programme": application.programme.name,
            "period": period,
            "projects": ", ".join(f"„{title}“" for title in activity.projects),
        }
    ]
    if activity.dates_held:
        events = "; ".join(f"{row['event__title']} ({_number(row['dates'])})" for row in activity.events[:10])
        text = _("Veranstaltungen: %(events)s mit zusammen %(dates)s (%(list)s).") % {
            "events": _count(
                ngettext("eine Veranstaltung", "%(n)s Veranstaltungen", int(activity.event_count)), activity.event_count
            ),
            "dates": _count(ngettext("einem Termin", "%(n)s Terminen", int(activity.dates_held)), activity.dates_held),
            "list": events,
        }
        if activity.registered:
            text += " " + _("Angemeldet: %(people)s.") % {
                "people": _count(
                    ngettext("eine Person", "%(n)s Personen", int(activity.registered)), activity.registered
                )
            }
        if activity.dates_counted:
            text += " " + _("Gezählt an %(dates)s: zusammen %(people)s.") % {
                "dates": _count(
                    ngettext("einem Termin", "%(n)s Terminen", int(activity.dates_counted)), activity.dates_counted
                ),
                "people": _count(
                    ngettext("eine teilnehmende Person", "%(n)s Teilnehmende", int(activity.attended)),
                    activity.attended,
                ),
            }
        parts.append(text)
    if activity.shifts_served:
        parts.append(
            _("Ehrenamt: In %(shifts)s von %(people)s wurden zusammen %(hours)s Stunden geleistet.")
            % {
                "shifts": _count(
                    ngettext("einem Einsatz", "%(n)s Einsätzen", int(activity.shifts_served)), activity.shifts_served
                ),
                "people": _count(
                    ngettext("einer freiwilligen Person", "%(n)s Freiwilligen", int(activity.volunteers)),
                    activity.volunteers,
                ),
                "hours": _number(activity.volunteer_hours, 1),
            }
        )
    if activity.loans or activity.room_bookings:
        parts.append(
            _("Ausleihe und Räume: %(loans)s, %(rooms)s mit zusammen %(hours)s Stunden.")
            % {
                "loans": _count(ngettext("eine Ausleihe", "%(n)s Ausleihen", int(activity.loans)), activity.loans),
                "rooms": _count(
                    ngettext("eine Raumbuchung", "%(n)s Raumbuchungen", int(activity.room_bookings)),
                    activity.room_bookings,
                ),
                "hours": _number(activity.room_hours, 1),
            }
        )
    if activity.ideas:
        parts.append(
            ngettext(
                "Beteiligung: Aus der Nachbarschaft kam eine Idee zu den Projekten: „%(first)s“.",
                "Beteiligung: Aus der Nachbarschaft kamen %(count)s Ideen zu den Projekten, darunter „%(first)s“.",
                len(activity.ideas),
            )
            % {"count": _number(len(activity.ideas)), "first": activity.ideas[0]["title"]}
        )
    if activity.updates:
        parts.append(
            _("Berichtet wurde über: %(list)s.")
            % {
                "list": "; ".join(
                    f"{row['title']} ({date_format(row['date'], 'DATE_FORMAT')})" for row in activity.updates[:10]
                )
            }
        )
    parts.append(
        _("Ziele und Ergebnisse: Bitte beschreiben Sie hier, was erreicht wurde und was anders kam als geplant.")
    )
    return "\n\n".join(parts)
