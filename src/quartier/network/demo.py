"""Freudenberg's clubs, churches, schools, Kitas and the family centre in the demo directory.

Idempotent: organisations are found by slug, and nothing that exists is changed on a second
run. Entering them through the service turns the projects' free-text partner lines that name
them into links."""

from __future__ import annotations

from typing import Any

from quartier.accounts.models import User
from quartier.network.models import Organisation
from quartier.network.services import create_organisation
from quartier.places.models import FieldOfAction

# slug, name, kind, districts, fields, street, phone, e-mail, website, hours, latitude, longitude, description
ORGANISATIONS: list[tuple[Any, ...]] = [
    (
        "familienzentrum-freudenberg",
        "Familienzentrum Freudenberg",
        "family_centre",
        ["freudenberg"],
        ["familie"],
        "Schulstraße 12",
        "02734 12345",
        "familienzentrum@example.org",
        "",
        "Mo–Fr 8–16 Uhr",
        50.8972,
        7.8710,
        "Beratung, Eltern-Kind-Gruppen und offene Treffs für Familien aus allen Ortsteilen.",
    ),
    (
        "caritas-siegen-freudenberg",
        "Caritasverband Siegen – Beratungsstelle Freudenberg",
        "welfare",
        ["freudenberg", "bueschergrund"],
        ["senioren", "integration", "familie"],
        "Bahnhofstraße 5",
        "02734 23456",
        "freudenberg@caritas.example.org",
        "https://caritas.example.org/",
        "Di und Do 9–12 Uhr",
        50.8960,
        7.8735,
        "Sozialberatung, Migrationsdienst und Hilfe für ältere Menschen.",
    ),
    (
        "ev-kirchengemeinde-freudenberg",
        "Evangelische Kirchengemeinde Freudenberg",
        "church",
        ["freudenberg", "alchen"],
        ["senioren", "jugend", "kultur"],
        "Kirchstraße 3",
        "02734 34567",
        "gemeindebuero@ev-freudenberg.example.org",
        "",
        "Gemeindebüro Mo, Mi, Fr 9–12 Uhr",
        50.8978,
        7.8716,
        "Gottesdienste, Jugendkreis, Seniorennachmittage und der Posaunenchor.",
    ),
    (
        "kath-pfarrei-st-marien",
        "Katholische Pfarrei St. Marien",
        "church",
        ["freudenberg", "bueschergrund"],
        ["senioren", "familie"],
        "Marienweg 1",
        "02734 45678",
        "pfarrbuero@st-marien.example.org",
        "",
        "Pfarrbüro Di–Fr 10–12 Uhr",
        None,
        None,
        "Gemeindeleben, Familienkreise und der Besuchsdienst.",
    ),
    (
        "grundschule-freudenberg",
        "Grundschule Freudenberg",
        "school",
        ["freudenberg"],
        ["jugend", "familie"],
        "Schulstraße 20",
        "02734 56789",
        "sekretariat@gs-freudenberg.example.org",
        "",
        "",
        50.8969,
        7.8702,
        "Offene Ganztagsschule mit Schulgarten.",
    ),
    (
        "grundschule-bueschergrund",
        "Grundschule Büschergrund",
        "school",
        ["bueschergrund"],
        ["jugend"],
        "Schulweg 4",
        "02734 67890",
        "sekretariat@gs-bueschergrund.example.org",
        "",
        "",
        None,
        None,
        "",
    ),
    (
        "kita-regenbogen",
        "Kita Regenbogen",
        "kita",
        ["freudenberg"],
        ["familie"],
        "Am Hang 7",
        "02734 78901",
        "kita-regenbogen@example.org",
        "",
        "Mo–Fr 7–16:30 Uhr",
        None,
        None,
        "Fünf Gruppen, davon zwei für unter Dreijährige.",
    ),
    (
        "kita-alchen",
        "Kita Alchen",
        "kita",
        ["alchen"],
        ["familie"],
        "Dorfstraße 9",
        "02734 89012",
        "kita-alchen@example.org",
        "",
        "Mo–Fr 7–16 Uhr",
        None,
        None,
        "",
    ),
    (
        "tv-hohenhain",
        "TV Hohenhain",
        "club",
        ["hohenhain"],
        ["sport", "jugend"],
        "Sportplatzweg 2",
        "",
        "",
        "",
        "",
        None,
        None,
        "Turnen, Fußball und die Dorfolympiade.",
    ),
    (
        "sv-oberfischbach",
        "SV Oberfischbach",
        "club",
        ["oberfischbach"],
        ["sport"],
        "",
        "",
        "",
        "",
        "",
        None,
        None,
        "Fußball für alle Altersgruppen.",
    ),
    (
        "jugendfeuerwehr-oberfischbach",
        "Jugendfeuerwehr Oberfischbach",
        "club",
        ["oberfischbach"],
        ["jugend"],
        "",
        "",
        "",
        "",
        "",
        None,
        None,
        "",
    ),
    (
        "heimatverein-freudenberg",
        "Heimatverein Freudenberg",
        "club",
        ["freudenberg"],
        ["kultur"],
        "Alter Flecken 1",
        "",
        "heimatverein@example.org",
        "",
        "",
        None,
        None,
        "Stadtführungen durch den Alten Flecken und das Heimatmuseum.",
    ),
    (
        "jugendtreff-alchen",
        "Jugendtreff Alchen",
        "initiative",
        ["alchen"],
        ["jugend"],
        "Dorfstraße 11",
        "",
        "",
        "",
        "Mi und Fr 16–20 Uhr",
        None,
        None,
        "Offener Treff für Jugendliche ab zwölf Jahren.",
    ),
]


def load_organisations(districts: dict[str, Any]) -> None:
    fields = {field.slug: field for field in FieldOfAction.objects.all()}
    # The coordinator enters the demo organisations: every district is theirs.
    by = User.objects.filter(is_coordinator=True).order_by("pk").first()
    if by is None:
        return
    for row in ORGANISATIONS:
        slug, name, kind, district_slugs, field_slugs, street, phone, email, website, hours, lat, lon, text = row
        if Organisation.objects.filter(slug=slug).exists():
            continue
        organisation = Organisation(
            slug=slug,
            name=name,
            kind=kind,
            street=street,
            postcode="57258" if street else "",
            city="Freudenberg" if street else "",
            phone=phone,
            email=email,
            website=website,
            opening_hours=hours,
            latitude=lat,
            longitude=lon,
            description=text,
        )
        create_organisation(
            organisation=organisation,
            districts=[districts[s] for s in district_slugs if s in districts],
            fields_of_action=[fields[s] for s in field_slugs if s in fields],
            by=by,
        )
    load_round_table(districts)
    load_partners()
    load_partner_call()


# email, name, organisation slug
PARTNERS = [
    ("familienzentrum-partner@example.org", "Sabine Klein", "familienzentrum-freudenberg"),
    ("tv-hohenhain-partner@example.org", "Thomas Schmidt", "tv-hohenhain"),
    ("jugendtreff-partner@example.org", "Jonas Becker", "jugendtreff-alchen"),
]


def load_partners() -> None:
    """Three partner accounts (with the demo password of the office's accounts) who keep their
    organisation's entry; the youth club's has proposed a helper call, waiting for staff."""
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from quartier.network.models import Partnership

    reference = User.objects.filter(email="familienbuero@example.org").first()
    if reference is None:
        return
    for email, name, slug in PARTNERS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None or Partnership.objects.filter(organisation=organisation, email=email).exists():
            continue
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, name=name, password=reference.password)  # the same demo password
            user.save()
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        Partnership.objects.create(
            organisation=organisation, email=email, user=user, invited_by=reference, accepted_at=timezone.now()
        )


def load_partner_call() -> None:
    """The youth club's partner proposes helpers for its summer fête in the club's name: the
    call waits, unpublished, for the staff of Alchen to publish it."""
    from datetime import time, timedelta

    from django.utils import timezone

    from quartier.network.models import OrganisationCall
    from quartier.network.services import propose_helper_call_for_organisation
    from quartier.volunteering.models import HelperCall
    from quartier.volunteering.services import ShiftPattern

    organisation = Organisation.objects.filter(slug="jugendtreff-alchen").prefetch_related("districts").first()
    partner = User.objects.filter(email="jugendtreff-partner@example.org").first()
    if organisation is None or partner is None or OrganisationCall.objects.filter(organisation=organisation).exists():
        return
    district = organisation.districts.first()
    call = HelperCall(
        title="Sommerfest am Jugendtreff: Grillstand und Aufbau",
        text="Wir feiern mit dem ganzen Dorf. Wer hilft beim Aufbau und am Grill?",
        district=district,
        contact_name="Jonas Becker",
        contact_phone="0151 2345678",
    )
    pattern = ShiftPattern(
        first_day=timezone.localdate() + timedelta(days=24),
        days=1,
        first_start=time(14),
        shifts_per_day=2,
        hours=3,
        people_needed=3,
        place="Jugendtreff Alchen, Dorfstraße 11",
    )
    propose_helper_call_for_organisation(organisation=organisation, call=call, pattern=pattern, by=partner)


def load_round_table(districts: dict[str, Any]) -> None:
    """The regular communication round of the Kernstadt: members, three past meetings with
    minutes and decisions, open action items and one coming meeting."""
    from datetime import timedelta

    from django.utils import timezone

    from quartier.network import meetings
    from quartier.network.models import Meeting, RoundTable

    if RoundTable.objects.filter(slug="regelkommunikation-kernstadt").exists() or "freudenberg" not in districts:
        return
    by = User.objects.filter(email="familienbuero@example.org").first()
    if by is None:
        return
    round_table = meetings.save_round_table(
        round_table=RoundTable(
            name="Regelkommunikation Kernstadt",
            slug="regelkommunikation-kernstadt",
            description="Alle acht Wochen treffen sich Familienzentrum, Kirchengemeinden, Schulen, Kitas und "
            "Caritas mit dem Familienbüro: Was steht an, wer braucht wen?",
            publishes_minutes=True,
        ),
        districts=[districts["freudenberg"]],
        by=by,
    )
    slugs = [
        "familienzentrum-freudenberg",
        "caritas-siegen-freudenberg",
        "ev-kirchengemeinde-freudenberg",
        "kath-pfarrei-st-marien",
        "grundschule-freudenberg",
        "kita-regenbogen",
    ]
    members = [
        meetings.add_member(round_table=round_table, organisation=organisation, by=by)
        for organisation in Organisation.objects.filter(slug__in=slugs).order_by("name")
    ]
    members.append(meetings.add_member(round_table=round_table, user=by, by=by))
    by_slug = {m.organisation.slug: m.organisation for m in members if m.organisation is not None}
    now = timezone.localtime().replace(hour=16, minute=0, second=0, microsecond=0)
    past: list[tuple[int, str, list[str], list[tuple[str, str | None, int]]]] = [
        (
            -112,
            "Ferienprogramm abgestimmt; Kirchengemeinden öffnen ihre Räume.",
            ["Das Ferienprogramm erscheint gemeinsam in einem Heft."],
            [],
        ),
        (
            -56,
            "Bedarf an Hausaufgabenhilfe in der Grundschule besprochen.",
            ["Die Caritas prüft ein Angebot für Hausaufgabenhilfe ab Herbst."],
            [("Räume für die Hausaufgabenhilfe anfragen", "kath-pfarrei-st-marien", 10)],
        ),
        (
            -7,
            "Rückblick auf das Stadtfest; Planung des Familientags.",
            ["Der Familientag findet im Mai im Familienzentrum statt.", "Die Kitas stellen eine Spielstraße."],
            [
                ("Helferliste für den Familientag anlegen", "familienzentrum-freudenberg", 14),
                ("Plakate für den Familientag drucken", None, -2),
            ],
        ),
    ]
    for days, minutes, decisions, items in past:
        start = now + timedelta(days=days)
        meeting = meetings.save_meeting(
            meeting=Meeting(
                round_table=round_table,
                start=start,
                end=start + timedelta(hours=2),
                place="Familienzentrum, Schulstraße 12",
            ),
            by=by,
        )
        meetings.record_minutes(meeting=meeting, minutes=minutes, attendees=members, by=by)
        for text in decisions:
            meetings.record_decision(meeting=meeting, text=text, by=by)
        for title, owner, due_in in items:
            owner_kwargs: dict[str, Any] = (
                {"owner_organisation": by_slug[owner]} if owner in by_slug else {"owner_user": by}
            )
            meetings.add_action_item(
                meeting=meeting, title=title, due=timezone.localdate() + timedelta(days=due_in), by=by, **owner_kwargs
            )
    start = now + timedelta(days=49)
    meetings.save_meeting(
        meeting=Meeting(
            round_table=round_table,
            start=start,
            end=start + timedelta(hours=2),
            place="Familienzentrum, Schulstraße 12",
            agenda_deadline=start - timedelta(days=7),
        ),
        by=by,
    )
