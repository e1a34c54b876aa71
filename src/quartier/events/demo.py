"""The activities of Freudenberg's neighbourhood offices as events of the demo town.

Dates are relative to the day the demo is first loaded, so there are always past and
upcoming events. Idempotent: events are found by title, and nothing
that exists is changed on a second run.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from quartier.events.models import Event
from quartier.events.services import change_date, register_for_event, sync_event_dates
from quartier.places.models import District, FieldOfAction
from quartier.projects.models import Project


def _at(today: date, days: int, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour, minute)))


def _next_weekday(today: date, weekday: int, weeks: int = 0) -> int:
    """Days from today to the next such weekday (0 = Monday), plus whole weeks."""
    return (weekday - today.weekday()) % 7 + 7 * weeks


def _events(today: date) -> list[dict[str, Any]]:
    return [
        {
            "title": "Spieleabend im Dorfgemeinschaftshaus",
            "summary": "Brett- und Kartenspiele für alle Generationen. Spiele sind da, eigene gern mitbringen.",
            "project": "spieleabende",
            "district": "oberfischbach",
            "venue": "Dorfgemeinschaftshaus",
            "address": "Kirchweg 4",
            "start": _at(today, _next_weekday(today, 3, -3), 18),
            "hours": 3,
            "rrule": "FREQ=WEEKLY;BYDAY=TH;COUNT=30",
            "fields": ["senioren", "nachbarschaft"],
            "cost_note": "kostenlos",
            "step_free": True,
            "registration_required": True,
            "capacity": 16,
            "cancel_index": 4,
        },
        {
            "title": "Café international",
            "summary": "Kaffee, Kuchen und Gespräche – für Menschen aus aller Welt und alle Nachbarn.",
            "project": "cafe-international",
            "district": "freudenberg",
            "venue": "Familienzentrum",
            "address": "Bahnhofstraße 12",
            "start": _at(today, _next_weekday(today, 1, -2), 15),
            "hours": 2,
            "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=20",
            "fields": ["integration"],
            "cost_note": "kostenlos",
            "step_free": True,
            "hearing_loop": True,
        },
        {
            "title": "Spielekiste: Ausleihtag",
            "summary": "Holen Sie sich die Spielekiste für Ihr Fest – jeden ersten Samstag im Monat.",
            "project": "spielekiste",
            "district": "alchen",
            "venue": "Bürgerhaus Alchen",
            "start": _at(today, 3, 10),
            "hours": 2,
            "rrule": "MONTHLY",
            "fields": ["familie"],
        },
        {
            "title": "Herbstmarkt im Alten Flecken",
            "summary": "Stände der Vereine, Kunsthandwerk, Kuchen und Musik.",
            "project": "maerkte",
            "district": "freudenberg",
            "venue": "Alter Flecken",
            "start": _at(today, -40, 11),
            "hours": 7,
            "fields": ["kultur"],
            "cost_note": "Eintritt frei",
            "attended": 1050,
        },
        {
            "title": "Frühjahrsmarkt im Alten Flecken",
            "summary": "Der Markt zum Frühlingsbeginn mit Pflanzentausch und Kinderprogramm.",
            "project": "maerkte",
            "district": "freudenberg",
            "venue": "Alter Flecken",
            "start": _at(today, 120, 11),
            "hours": 7,
            "fields": ["kultur", "umwelt"],
            "cost_note": "Eintritt frei",
        },
        {
            "title": "Ferienspiele: Waldtag mit dem NABU",
            "summary": "Ein Tag im Wald: Tiere entdecken, Hütten bauen, am Feuer essen. Für Kinder von 6 bis 12 Jahren.",
            "project": "ferienspiele",
            "district": "hohenhain",
            "venue": "Waldparkplatz Hohenhain",
            "start": _at(today, 21, 9),
            "hours": 7,
            "fields": ["jugend", "umwelt"],
            "target_group": "children",
            "age_min": 6,
            "age_max": 12,
            "cost_note": "5 Euro pro Kind",
            "registration_required": True,
            "capacity": 6,
            "asks_participant_details": True,
            "max_party_size": 3,
            "full": True,
        },
        {
            "title": "Dorfolympiade",
            "summary": "Teams aus allen Dörfern treten in lustigen Disziplinen gegeneinander an.",
            "project": "jugendarbeit",
            "district": "oberfischbach",
            "venue": "Sportplatz Oberfischbach",
            "start": _at(today, 45, 13),
            "hours": 5,
            "fields": ["jugend", "sport"],
            "target_group": "youth",
            "age_min": 12,
            "age_max": 18,
            "registration_required": True,
            "capacity": 60,
            "max_party_size": 6,
        },
        {
            "title": "Einweihung des Jugendraums",
            "summary": "Der neue Jugendraum ist fertig – mit Musik, Pizza und Tischkicker.",
            "project": "jugendarbeit",
            "district": "niederholzklau",
            "venue": "Jugendraum Niederholzklau",
            "start": _at(today, -75, 17),
            "hours": 4,
            "fields": ["jugend"],
            "target_group": "youth",
            "attended": 38,
        },
        {
            "title": "Workshop: Schaufenster gestalten",
            "summary": "Wie wird ein leeres Schaufenster zur Ausstellung? Für Vereine und Interessierte.",
            "project": "schaufenster",
            "district": "freudenberg",
            "venue": "Rathaus, Sitzungssaal",
            "address": "Mórer Platz 1",
            "start": _at(today, 35, 18, 30),
            "hours": 2,
            "fields": ["kultur"],
            "registration_required": True,
            "capacity": 15,
            "requires_approval": True,
            "status": "postponed",
            "status_reason": "Der Workshop wird verschoben, weil der Saal renoviert wird. Der neue Termin folgt.",
        },
        {
            "title": "Eröffnung der Kulturwoche",
            "summary": "Konzert der Musikschule und Lesung in der Stadtbibliothek.",
            "project": "kulturwoche",
            "district": "niederndorf",
            "venue": "Mehrzweckhalle Niederndorf",
            "start": _at(today, 62, 19),
            "hours": 3,
            "fields": ["kultur"],
            "cost_note": "Eintritt frei, Spenden willkommen",
            "step_free": True,
        },
    ]


WAITING_FAMILIES = [
    ("Familie Schmidt", [("Lina", 7), ("Paul", 9)]),
    ("Familie Öztürk", [("Elif", 8), ("Can", 11), ("Deniz", 6)]),
    ("Familie Wagner", [("Emma", 10)]),
    ("Familie Braun", [("Noah", 6), ("Mila", 8)]),
    ("Familie Klein", [("Ben", 12)]),
]


def load_events(districts: dict[str, District]) -> None:
    """The events of the demo town, linked to the projects the projects' demo loader made."""
    fields = {field.slug: field for field in FieldOfAction.objects.all()}
    today = timezone.localdate()
    projects = {project.slug: project for project in Project.objects.all()}
    for spec in _events(today):
        if Event.objects.filter(title=spec["title"]).exists():
            continue
        _create_event(spec, districts, projects, fields)


def _create_event(
    spec: dict[str, Any], districts: dict[str, District], projects: dict[str, Project], fields: dict[str, FieldOfAction]
) -> None:
    spec = dict(spec)
    start = spec.pop("start")
    rule = spec.pop("rrule", "")
    if rule == "MONTHLY":
        # The first Saturday on or after the start, then every first Saturday.
        local = timezone.localtime(start)
        days = (5 - local.weekday()) % 7
        start = start + timedelta(days=days)
        while timezone.localtime(start).day > 7:
            start += timedelta(days=7)
        rule = "FREQ=MONTHLY;BYDAY=1SA;COUNT=12"
    summary = spec.pop("summary")
    event = Event.objects.create(
        title=spec.pop("title"),
        summary=summary,
        description=summary,
        project=projects[spec.pop("project")],
        district=districts[spec.pop("district")],
        start=start,
        end=start + timedelta(hours=spec.pop("hours")),
        rrule=rule,
        organiser_name="Quartiersmanagement Freudenberg",
        organiser_email="familienbuero@example.org",
        organiser_phone="02734 43-120",
        **{key: value for key, value in spec.items() if key not in {"fields", "cancel_index", "full", "attended"}},
    )
    event.fields_of_action.set([fields[s] for s in spec.get("fields", [])])
    sync_event_dates(event=event)
    dates = list(event.dates.order_by("start"))
    if "cancel_index" in spec and len(dates) > spec["cancel_index"]:
        row = dates[spec["cancel_index"]]
        change_date(
            event_date=row,
            start=row.start,
            end=row.end,
            status="cancelled",
            reason="Das Haus ist an diesem Abend belegt.",
        )
    if "attended" in spec:
        dates[0].attended = spec["attended"]
        dates[0].save(update_fields=["attended"])
    if spec.get("full"):
        from quartier.events.services import Participant

        for number, (name, children) in enumerate(WAITING_FAMILIES, start=1):
            register_for_event(
                event_date=dates[0],
                name=name,
                email=f"familie{number}@example.org",
                party_size=len(children),
                participants=[Participant(first, age) for first, age in children],
            )
