"""The demo town's helper calls: the spring market (set-up, cake stall with hygiene
instruction, take-down), last autumn's market to copy, Ferienspiele supervisors (certificate of
conduct), Café international hosts and the game box's evening; some shifts full, a provisional
sign-up waiting for its certificate, one inspection on record. Idempotent: calls are found by
their title."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from quartier.accounts.models import User
from quartier.places.models import District, FieldOfAction
from quartier.projects.models import Project
from quartier.volunteering.models import (
    ConductInspection,
    HelperCall,
    OtherHours,
    Requirement,
    Shift,
    SignUp,
    SignUpStatus,
    VolunteerProfile,
)
from quartier.volunteering.services import ShiftPattern, create_call, sign_up

REQUIREMENTS = [
    ("Hygienebelehrung", "hygiene", "Ihre Belehrung nach § 43 Infektionsschutzgesetz", True, False),
    (
        "Erweitertes Führungszeugnis",
        "fuehrungszeugnis",
        "Ihr erweitertes Führungszeugnis (nicht älter als drei Monate)",
        False,
        True,
    ),
    ("Führerschein Klasse B", "fuehrerschein", "Ihren Führerschein", True, False),
]
HELPERS = [
    ("Petra Schmidt", "petra.schmidt@example.org"),
    ("Karl Weber", "karl.weber@example.org"),
    ("Sabine Fischer", "sabine.fischer@example.org"),
    ("Yusuf Demir", "yusuf.demir@example.org"),
    ("Marie Wagner", "marie.wagner@example.org"),
    ("Tom Becker", "tom.becker@example.org"),
]


def _next(weekday: int, after: date, weeks: int = 0) -> date:
    return after + timedelta(days=(weekday - after.weekday()) % 7 + 7 * weeks)


def _calls(today: date) -> list[dict[str, Any]]:
    spring = _next(5, date(today.year + (1 if today.month > 4 else 0), 4, 20))  # a Saturday in late April
    easter_holidays = _next(
        0, date(spring.year, 4, 1) if spring > today + timedelta(days=30) else today + timedelta(days=40)
    )
    return [
        {
            "title": "Frühlingsmarkt: Aufbau",
            "text": "Zelte, Tische und Bänke aufbauen. Festes Schuhwerk mitbringen; für Kaffee ist gesorgt.",
            "district": "freudenberg",
            "project": "maerkte",
            "fields": ["nachbarschaft"],
            "pattern": ShiftPattern(spring, 1, time(7, 0), 1, 3, 6, "Alter Flecken"),
            "full": True,
        },
        {
            "title": "Frühlingsmarkt: Kuchenstand",
            "text": "Kuchen verkaufen und Kaffee ausschenken – drei Schichten an beiden Markttagen.",
            "district": "freudenberg",
            "project": "maerkte",
            "fields": ["nachbarschaft"],
            "pattern": ShiftPattern(spring, 2, time(10, 0), 3, 3, 3, "Kuchenstand am Alten Flecken"),
            "requirements": ["hygiene"],
            "sign_ups": 2,
        },
        {
            "title": "Frühlingsmarkt: Abbau",
            "text": "Nach dem Markt alles wieder abbauen und den Platz fegen.",
            "district": "freudenberg",
            "project": "maerkte",
            "fields": ["nachbarschaft"],
            "pattern": ShiftPattern(spring + timedelta(days=1), 1, time(19, 0), 1, 2, 6, "Alter Flecken"),
            "sign_ups": 1,
        },
        {
            "title": "Ferienspiele: Betreuerinnen und Betreuer",
            "text": "Eine Woche Spiel, Basteln und Ausflüge mit Kindern von 6 bis 12 Jahren.",
            "district": "alchen",
            "project": "spielekiste",
            "fields": ["familie"],
            "pattern": ShiftPattern(easter_holidays, 3, time(9, 0), 2, 3.5, 4, "Bürgerhaus Alchen", 18),
            "requirements": ["fuehrungszeugnis"],
            "conduct": True,
        },
        {
            "title": "Café international: Gastgeberinnen und Gastgeber",
            "text": "Tische decken, Kaffee kochen, Gäste willkommen heißen – alle zwei Wochen dienstags.",
            "district": "freudenberg",
            "project": "cafe-international",
            "fields": ["integration"],
            "pattern": ShiftPattern(_next(1, today + timedelta(days=1)), 1, time(14, 30), 1, 3, 2, "Familienzentrum"),
            "sign_ups": 1,
            "call_hours": 48,
        },
        {
            "title": "Spieleabend mit der Spielekiste",
            "text": "Spiele erklären und mitspielen – für alle Generationen.",
            "district": "alchen",
            "project": "spielekiste",
            "fields": ["familie"],
            "pattern": ShiftPattern(_next(4, today + timedelta(days=3)), 1, time(18, 0), 1, 3, 2, "Bürgerhaus Alchen"),
            "full": True,
        },
    ]


def load_volunteering(districts: dict[str, District]) -> None:
    requirements = {}
    for name, slug, what, needs_check, conduct in REQUIREMENTS:
        requirements[slug], _ = Requirement.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "what_to_bring": what,
                "needs_check": needs_check,
                "is_conduct_certificate": conduct,
            },
        )
    coordinator = User.objects.filter(is_coordinator=True).order_by("pk").first()
    if coordinator is None:
        return
    fields = {field.slug: field for field in FieldOfAction.objects.all()}
    projects = {project.slug: project for project in Project.objects.all()}
    resident = User.objects.filter(email="bewohnerin@example.org").first()
    for spec in _calls(timezone.localdate()):
        if HelperCall.objects.filter(title=spec["title"]).exists():
            continue
        call = create_call(
            call=HelperCall(
                title=spec["title"],
                text=spec["text"],
                district=districts[spec["district"]],
                project=projects.get(spec["project"]),
                contact_name="Anna Becker",
                contact_phone="02734 43-120",
                cancel_hours=spec.get("call_hours", 24),
            ),
            pattern=spec["pattern"],
            requirements=[requirements[slug] for slug in spec.get("requirements", [])],
            fields_of_action=[fields[slug] for slug in spec["fields"] if slug in fields],
            by=coordinator,
        )
        shifts = list(call.shifts.order_by("start"))
        for shift in shifts:
            count = shift.people_needed if spec.get("full") else spec.get("sign_ups", 0)
            for name, email in HELPERS[:count]:
                sign_up(shifts=[shift], name=name, email=email, age=35)
        if spec.get("conduct"):
            ConductInspection.objects.get_or_create(
                email=HELPERS[0][1],
                defaults={
                    "name": HELPERS[0][0],
                    "certificate_date": timezone.localdate() - timedelta(days=40),
                    "district": call.district,
                    "recorded_by": coordinator,
                },
            )
            sign_up(shifts=shifts[:2], name=HELPERS[0][0], email=HELPERS[0][1], age=35)
            sign_up(
                shifts=shifts[:1], name=HELPERS[1][0], email=HELPERS[1][1], age=35
            )  # provisional: certificate to bring
        if resident is not None and spec["title"].startswith("Café"):
            sign_up(shifts=shifts[:1], name=resident.public_name, email=resident.email, user=resident)
    _autumn_market(districts, coordinator)
    _card_qualifier(districts, coordinator)


def _autumn_market(districts: dict[str, District], coordinator: User) -> None:
    """The autumn market, over (this year's and two before): in the cockpit to copy for next
    year; its helpers' hours are confirmed, the demo resident's among them."""
    title = "Herbstmarkt: Kuchenstand"
    if HelperCall.objects.filter(title=title).exists():
        return
    call = HelperCall.objects.create(
        title=title,
        text="Kuchen verkaufen am Herbstmarkt.",
        district=districts["freudenberg"],
        contact_name="Anna Becker",
        created_by=coordinator,
    )
    resident = User.objects.filter(email="bewohnerin@example.org").first()
    # This autumn's and the last two autumns' markets: hours over two years, confirmed by staff.
    for years_ago in (0, 1, 2):
        day = timezone.localdate() - timedelta(days=60 + 365 * years_ago)
        start = timezone.make_aware(datetime.combine(day, time(10, 0)))
        shift = Shift.objects.create(
            call=call,
            start=start,
            end=start + timedelta(hours=3),
            place="Alter Flecken",
            people_needed=3,
            places_taken=3,
        )
        for name, email in HELPERS[2:4]:
            SignUp.objects.create(
                shift=shift, name=name, email=email, status=SignUpStatus.CONFIRMED, attended=True, hours=3
            )
        if resident is not None:
            SignUp.objects.create(
                shift=shift,
                user=resident,
                name=resident.public_name,
                email=resident.email,
                status=SignUpStatus.CONFIRMED,
                attended=years_ago != 1,  # one year she could not come
                hours=3 if years_ago != 1 else 0,
            )


QUALIFIER = ("lesepatin@example.org", "Helga Lesepatin")


def _card_qualifier(districts: dict[str, District], coordinator: User) -> None:
    """A volunteer who qualifies for the Ehrenamtskarte NRW: reading to children every week at
    the library, five hours a week (225 hours a year) in each of the last two years and this
    year so far, all confirmed; her profile allows the office to ask her."""
    email, name = QUALIFIER
    if User.objects.filter(email=email).exists():
        return
    person = User(email=email, name=name)
    person.set_unusable_password()
    person.save()
    profile = VolunteerProfile.objects.create(
        user=person, skills="Vorlesen, Basteln", weekday_afternoons=True, may_ask=True, birth_year=1958
    )
    profile.districts.set([districts["freudenberg"]])
    today = timezone.localdate()
    days = [date(today.year - back, 1, 6) + timedelta(weeks=week) for back in (2, 1) for week in range(45)]
    days += [day for day in (today - timedelta(weeks=week + 1) for week in range(45)) if day.year == today.year]
    OtherHours.objects.bulk_create(
        OtherHours(
            user=person,
            district=districts["freudenberg"],
            activity="Vorlesen für Kinder",
            organisation="Stadtbücherei",
            day=day,
            hours=5,
            status=OtherHours.Status.CONFIRMED,
            decided_by=coordinator,
        )
        for day in days
    )
