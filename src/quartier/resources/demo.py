"""The demo town's things and rooms: the Spielekiste that travels from village to village,
the youth work's caravan, two youth rooms, the Stadtlabor and the Bürgertreff in Hohenhain,
with past and future bookings, one overdue, a group that meets every Tuesday evening, and the
Stadtlabor booked for the regular round's next meeting. The caravan belongs to the youth club
(Jugendtreff Alchen), whose partner asks for it in the club's name.

Dates are relative to the day the demo is loaded; loading twice adds nothing."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from quartier.events import recurrence
from quartier.places.models import District
from quartier.resources.models import BookableBy, Booking, BookingSeries, BookingStatus, Kind, Resource

SPIELEKISTE_CONTENTS = """Carrom-Brett mit 19 Steinen
Riesen-Mikado
Wikingerschach (Kubb)
4 Diabolos mit Stäben
Schwungtuch (6 m)
Jonglierbälle (12 Stück)
Stelzen (3 Paar)
Spielesammlung mit Anleitung"""

RESOURCES: list[dict[str, Any]] = [
    {
        "slug": "spielekiste",
        "name": "Spielekiste",
        "district": "alchen",
        "kind": Kind.THING,
        "summary": "Die Spielekiste reist von Dorf zu Dorf: Spiele für Feste, Ferienspiele und Nachbarschaftstreffen.",
        "contents": SPIELEKISTE_CONTENTS,
        "conditions": "Bitte vollständig und sauber zurückgeben. Fehlende Teile melden.",
        "deposit": "50 €",
        "fee": "kostenlos",
        "requires_approval": True,
        "buffer_after": 12 * 60,
        "min_minutes": 4 * 60,
        "max_minutes": 7 * 24 * 60,
        "handover_from": time(9),
        "handover_until": time(18),
    },
    {
        "slug": "wohnwagen",
        "name": "Wohnwagen der Jugendarbeit",
        "district": "freudenberg",
        "kind": Kind.THING,
        "summary": "Der umgebaute Wohnwagen der mobilen Jugendarbeit – Treffpunkt auf Rädern für Dorffeste und Aktionen.",
        "contents": "Klapptische (2)\nBänke (4)\nMusikbox\nVerlängerungskabel 25 m",
        "conditions": "Nur mit Fahrerin oder Fahrer der Jugendarbeit. Anhängerkupplung nötig.",
        "deposit": "100 €",
        "fee": "nach Absprache",
        "bookable_by": BookableBy.ORGANISATIONS,
        "requires_approval": True,
        "buffer_before": 60,
        "buffer_after": 120,
        "min_minutes": 3 * 60,
        "max_minutes": 3 * 24 * 60,
    },
    {
        "slug": "jugendraum-oberholzklau",
        "name": "Jugendraum Oberholzklau",
        "district": "oberholzklau",
        "kind": Kind.ROOM,
        "summary": "Der neue Jugendraum mit Kicker, Sofaecke und kleiner Küche.",
        "capacity": 25,
        "accessibility": "Stufenloser Zugang, barrierefreies WC.",
        "conditions": "Nutzung bis 22 Uhr. Bitte aufräumen und abschließen.",
        "fee": "kostenlos für Jugendgruppen",
        "requires_approval": True,
        "buffer_after": 30,
        "min_minutes": 60,
        "max_minutes": 8 * 60,
        "handover_from": time(8),
        "handover_until": time(22),
    },
    {
        "slug": "jugendraum-mausbach",
        "name": "Jugendraum Mausbach",
        "district": "mausbach",
        "kind": Kind.ROOM,
        "summary": "Jugendraum im Dorfgemeinschaftshaus, mit Beamer und Spielekonsole.",
        "capacity": 15,
        "accessibility": "Im Erdgeschoss, eine Stufe am Eingang (Rampe vorhanden).",
        "bookable_by": BookableBy.STAFF,
        "requires_approval": True,
        "min_minutes": 60,
        "max_minutes": 6 * 60,
    },
    {
        "slug": "stadtlabor",
        "name": "Stadtlabor",
        "district": "freudenberg",
        "kind": Kind.ROOM,
        "summary": "Der Raum des Stadtlabors im Alten Flecken: für Workshops, Treffen und Ausstellungen.",
        "capacity": 40,
        "accessibility": "Aufzug vorhanden, barrierefreies WC im Erdgeschoss.",
        "conditions": "Moderationskoffer und Beamer auf Nachfrage.",
        "fee": "kostenlos für Initiativen",
        "requires_approval": False,
        "buffer_before": 15,
        "buffer_after": 15,
        "min_minutes": 60,
        "max_minutes": 10 * 60,
        "handover_from": time(8),
        "handover_until": time(22),
    },
    {
        "slug": "buergertreff-hohenhain",
        "name": "Bürgertreff Hohenhain",
        "district": "hohenhain",
        "kind": Kind.ROOM,
        "summary": "Der Bürgertreff mit großem Saal und Küche für Feiern, Kurse und Vereinsabende.",
        "capacity": 80,
        "accessibility": "Stufenlos, barrierefreies WC.",
        "deposit": "150 € bei Feiern",
        "fee": "30 € je Abend für private Feiern",
        "requires_approval": True,
        "buffer_after": 60,
        "min_minutes": 2 * 60,
        "max_minutes": 14 * 60,
        "handover_from": time(7),
        "handover_until": time(23, 59),
    },
]


def _at(day: Any, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _book(resource: Resource, start: datetime, end: datetime, status: str, **fields: Any) -> None:
    blocked_start, blocked_end = resource.blocked_period(start, end)
    booking = Booking.objects.create(
        resource=resource,
        start=start,
        end=end,
        blocked_start=blocked_start,
        blocked_end=blocked_end,
        status=status,
        **fields,
    )
    booking.history.create(status=status)


def _owned_by_the_youth_club(caravan: Resource) -> None:
    """The caravan belongs to the youth club (its page lists it)."""
    from quartier.network.models import Organisation

    youth_club = Organisation.objects.filter(slug="jugendtreff-alchen").first()
    if youth_club is not None and caravan.organisation_id is None:
        caravan.organisation = youth_club
        caravan.save(update_fields=["organisation"])


def _booked_in_the_youth_clubs_name(caravan: Resource) -> None:
    """Its partner asks for the caravan in the youth club's name (the office approves)."""
    youth_club = caravan.organisation
    partner = get_user_model().objects.filter(email="jugendtreff-partner@example.org").first()
    if youth_club is None or partner is None or caravan.bookings.filter(for_organisation=youth_club).exists():
        return
    today = timezone.localdate()
    _book(
        caravan,
        _at(today + timedelta(days=30), 10),
        _at(today + timedelta(days=31), 18),
        BookingStatus.REQUESTED,
        purpose="Ferienaktion des Jugendtreffs",
        person=partner,
        name=partner.name,
        email=partner.email,
        organisation=youth_club.name,
        for_organisation=youth_club,
    )


def _room_for_the_next_round(room: Resource) -> None:
    """The Stadtlabor is booked for the regular round's next meeting (it shows on the meeting's
    staff page and as busy in the room's calendar), as staff do it in the meeting's form."""
    from django.core.exceptions import ValidationError

    from quartier.network.models import Meeting
    from quartier.resources.services import book_for_occasion

    if Booking.objects.filter(meeting__isnull=False).exists():
        return
    meeting = (
        Meeting.objects.filter(start__gt=timezone.now(), round_table__districts=room.district_id)
        .select_related("round_table")
        .order_by("start")
        .first()
    )
    if meeting is None:
        return
    with suppress(ValidationError):  # the room is taken then: the demo goes without
        book_for_occasion(
            links={"meeting": meeting},
            resource=room,
            periods={None: (meeting.start, meeting.end)},
            by=None,
            purpose=meeting.round_table.name,
        )


def load_resources(districts: dict[str, District]) -> None:
    resources = {}
    for spec in RESOURCES:
        spec = dict(spec)
        district = districts[spec.pop("district")]
        resources[spec["slug"]], _created = Resource.objects.get_or_create(
            slug=spec["slug"], defaults={**spec, "district": district, "description": spec["summary"]}
        )
    _owned_by_the_youth_club(resources["wohnwagen"])
    if Booking.objects.filter(resource__in=resources.values()).exists():
        _booked_in_the_youth_clubs_name(resources["wohnwagen"])  # for a demo town loaded before
        _room_for_the_next_round(resources["stadtlabor"])
        return
    resident = get_user_model().objects.filter(email="bewohnerin@example.org").first()
    person = {"person": resident, "name": "Maria Schneider", "email": "bewohnerin@example.org"} if resident else {}
    today = timezone.localdate()
    kiste = resources["spielekiste"]
    # Past: the game box at the summer fête in Alchen, back with a piece missing.
    _book(
        kiste,
        _at(today - timedelta(days=40), 10),
        _at(today - timedelta(days=38), 17),
        BookingStatus.RETURNED,
        purpose="Dorffest Alchen",
        return_missing="Jonglierbälle (12 Stück)",
        return_notes="2 Jonglierbälle fehlen.",
        deposit_received=True,
        deposit_returned=True,
        **person,
    )
    # Overdue: the holiday games in Büschergrund ended two days ago.
    _book(
        kiste,
        _at(today - timedelta(days=6), 10),
        _at(today - timedelta(days=2), 17),
        BookingStatus.HANDED_OVER,
        purpose="Ferienspiele Büschergrund",
        name="Förderverein Grundschule Büschergrund",
        email="foerderverein@example.org",
        deposit_received=True,
    )
    # Future: a request to decide and a confirmed booking.
    _book(
        kiste,
        _at(today + timedelta(days=10), 10),
        _at(today + timedelta(days=11), 17),
        BookingStatus.REQUESTED,
        purpose="Nachbarschaftsfest Mausbach",
        **person,
    )
    _book(
        kiste,
        _at(today + timedelta(days=20), 9),
        _at(today + timedelta(days=22), 18),
        BookingStatus.CONFIRMED,
        purpose="Kinderfest Hohenhain",
        name="Heimatverein Hohenhain",
        email="heimatverein@example.org",
    )
    _book(
        resources["wohnwagen"],
        _at(today + timedelta(days=14), 12),
        _at(today + timedelta(days=14), 20),
        BookingStatus.CONFIRMED,
        purpose="Dorffest Bühl",
        organisation="Dorfverein Bühl",
        name="Dorfverein Bühl",
        email="dorfverein@example.org",
        for_office=False,
    )
    _book(
        resources["stadtlabor"],
        _at(today - timedelta(days=7), 18),
        _at(today - timedelta(days=7), 21),
        BookingStatus.RETURNED,
        purpose="Workshop Leerstand",
        **person,
    )
    _book(
        resources["buergertreff-hohenhain"],
        _at(today + timedelta(days=5), 15),
        _at(today + timedelta(days=5), 22),
        BookingStatus.CONFIRMED,
        purpose="Seniorennachmittag",
        people=35,
        for_office=True,
        name="Quartiersbüro West",
    )
    # The youth group meets in Oberholzklau every Tuesday evening.
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7)
    group_room = resources["jugendraum-oberholzklau"]
    first = _at(tuesday - timedelta(weeks=4), 18)
    series = BookingSeries.objects.create(
        resource=group_room, rrule=recurrence.build_rrule(frequency="weekly", start=first, count=12)
    )
    for week in range(-4, 8):
        day = tuesday + timedelta(weeks=week)
        status = BookingStatus.RETURNED if day < today else BookingStatus.CONFIRMED
        _book(
            resources["jugendraum-oberholzklau"],
            _at(day, 18),
            _at(day, 21),
            status,
            series=series,
            purpose="Jugendgruppe dienstags",
            people=12,
            name="Jugendgruppe Oberholzklau",
            email="jugendgruppe@example.org",
        )
    _booked_in_the_youth_clubs_name(resources["wohnwagen"])
    _room_for_the_next_round(resources["stadtlabor"])
