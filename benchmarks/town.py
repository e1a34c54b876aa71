"""The Django side of the benchmark: build the large town, and look at pages in-process.

benchmarks/run.py runs this as a subprocess with the benchmark's environment
(DJANGO_SETTINGS_MODULE=benchmarks.settings and its own QUARTIER_DATA_DIR or DATABASE_URL):

    python -m benchmarks.town build [--rebuild] [--districts 60] [--users 50000]
    python -m benchmarks.town inspect /path/ ... [--cookie NAME=VALUE --signed-in /path/ ...] [--profile-dir DIR]
    python -m benchmarks.town campaign [--recipients 10000]

`build` prints one JSON line with what it did, including a fresh session cookie of the
inbox's staff member (signed in with password and TOTP); `inspect` prints one JSON object
with, per path, the status, the number of SQL queries, SQL time and the mean in-process
time. Paths given with --signed-in are requested with the cookie, the others anonymously.
`campaign` sends a newsletter campaign to 10,000 subscribers in-process (locmem mail backend)
and prints recipients per second and the peak memory; what it writes is rolled back.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

TOWN_NAME = "Benchhausen"
EMAIL_DOMAIN = "bench.quartier.example"
CONTACT_POINTS = 12
STAFF_PER_DISTRICT = 3
STAFF_POOL = 120  # the first users; every district gets three of them, neighbours share one

PREFIXES = ["Ober", "Nieder", "Alt", "Neu", "Hoch", "Klein", "Gross", "Mittel", "Unter", "Hinter"]
SUFFIXES = ["bach", "berg", "feld", "hausen", "dorf", "hain", "au", "heim", "scheid", "rode", "hagen", "holz"]
# fmt: off
FIRST_NAMES = [
    "Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hannes", "Ida", "Jonas", "Karin", "Lukas",
    "Mia", "Noah", "Olga", "Paul", "Rita", "Sami", "Tina", "Ugur", "Vera", "Wolfgang", "Yasmin", "Zoe",
]
LAST_NAMES = [
    "Becker", "Demir", "Fischer", "Hoffmann", "Klein", "Koch", "Krause", "Lange", "Meyer", "Müller",
    "Neumann", "Richter", "Schäfer", "Schmidt", "Schneider", "Schulz", "Wagner", "Weber", "Wolf", "Yilmaz",
]
# fmt: on

TOWN_INTRO = (
    "Willkommen beim **Quartiersmanagement** von Benchhausen. Wir stärken das Miteinander in unseren "
    "Ortsteilen: mit Ihnen, den Vereinen, Kirchen, Schulen und Kitas.\n\n"
    "Haben Sie Fragen oder Ideen? Ihre [Anlaufstelle](#contact-heading) ist für Sie da."
)
PORTRAIT = (
    "{name} liegt im {direction} der Stadt und hat rund {population} Einwohnerinnen und Einwohner. "
    "Das **Dorfgemeinschaftshaus** ist der Treffpunkt für Vereine, Familien und Seniorinnen.\n\n"
    "Was {name} ausmacht:\n\n"
    "- ein aktiver Heimatverein mit Dorffest im Sommer\n"
    "- eine Kita und ein offener Spieletreff am Donnerstag\n"
    "- Wanderwege und der Bürgerbus in die Kernstadt\n\n"
    "Im Quartiersprojekt *Gemeinsam in {name}* planen Bewohnerinnen und Bewohner zusammen mit dem "
    "Familienbüro neue Angebote. Machen Sie mit!"
)
OFFICE_HOURS = "- Montag bis Freitag: 9 bis 12 Uhr\n- Donnerstag: 14 bis 17 Uhr\n- und nach Vereinbarung"
NOTES = "Der Eingang ist **stufenlos**. Parkplätze gibt es direkt am Haus."
DIRECTIONS = ["Norden", "Osten", "Süden", "Westen"]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()


def district_names(count: int) -> list[str]:
    names = [f"{prefix}{suffix}" for suffix in SUFFIXES for prefix in PREFIXES]
    if count > len(names):
        raise SystemExit(f"at most {len(names)} districts")
    # Spread the picks over the whole list so names do not all share one suffix.
    step = 7  # coprime with len(names) == 120
    return [names[(i * step) % len(names)].capitalize() for i in range(count)]


def bench_users() -> Any:
    from quartier.accounts.models import User

    return User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")


def is_built(districts: int, users: int) -> bool:
    from quartier.places.models import ContactPoint, District, Town

    town = Town.load()
    return bool(
        town
        and town.name == TOWN_NAME
        and District.objects.count() == districts
        and ContactPoint.objects.count() == CONTACT_POINTS
        and bench_users().count() == users
    )


def wipe() -> None:
    """Remove the town, its districts and contact points, and the benchmark's users."""
    from quartier.places.models import ContactPoint, District, Town

    District.staff.through.objects.all().delete()
    wipe_events()
    wipe_inquiries()
    District.objects.all().delete()
    ContactPoint.objects.all().delete()
    Town.objects.all().delete()
    bench_users().delete()


def build(districts: int, users: int) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils.text import slugify

    from quartier.accounts.models import User
    from quartier.places.models import ContactPoint, District, Town

    started = time.perf_counter()
    # One hash for everyone: hashing 50,000 passwords would take many minutes.
    password = make_password("benchmark-password-not-for-login")
    with transaction.atomic():
        wipe()
        Town(
            name=TOWN_NAME,
            official_name="Stadt Benchhausen (Lasttest)",
            intro=TOWN_INTRO,
            address="Marktplatz 1\n57258 Benchhausen",
            contact_email="info@bench.quartier.example",
            contact_phone="02734 43-0",
        ).save()
        contact_points = ContactPoint.objects.bulk_create(
            ContactPoint(
                name=f"Quartiersbüro {n + 1:02d}",
                street=f"Kirchweg {n + 1}",
                postcode="57258",
                city="Benchhausen",
                phone=f"02734 43-{100 + n}",
                email=f"buero{n + 1:02d}@bench.quartier.example",
                office_hours=OFFICE_HOURS,
                notes=NOTES,
            )
            for n in range(CONTACT_POINTS)
        )
        User.objects.bulk_create(
            (
                User(
                    email=f"person{n:05d}@{EMAIL_DOMAIN}",
                    name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)]}",
                    password=password,
                )
                for n in range(users)
            ),
            batch_size=2000,
        )
        district_objects = []
        for i, name in enumerate(district_names(districts)):
            population = 300 + (i * 937) % 4000
            district_objects.append(
                District(
                    name=name,
                    slug=slugify(name),
                    portrait=PORTRAIT.format(name=name, direction=DIRECTIONS[i % 4], population=population),
                    population=population,
                    latitude=round(50.80 + (i // 8) * 0.02, 4),
                    longitude=round(7.75 + (i % 8) * 0.03, 4),
                    contact_point=contact_points[i % CONTACT_POINTS],
                )
            )
        District.objects.bulk_create(district_objects)
        staff_ids = list(bench_users().order_by("pk").values_list("pk", flat=True)[: min(STAFF_POOL, users)])
        assignments = []
        if staff_ids:
            Through = District.staff.through
            for i, district in enumerate(District.objects.order_by("pk")):
                chosen = {staff_ids[(2 * i + k) % len(staff_ids)] for k in range(STAFF_PER_DISTRICT)}
                assignments += [Through(district_id=district.pk, user_id=user_id) for user_id in sorted(chosen)]
            Through.objects.bulk_create(assignments)
    return {
        "built": True,
        "seconds": round(time.perf_counter() - started, 1),
        "districts": districts,
        "contact_points": CONTACT_POINTS,
        "users": users,
        "staff_assignments": len(assignments),
    }


EVENTS = 50_000  # the calendar's size in the issue ("the calendar with 50,000 events")


def wipe_events() -> None:
    from quartier.events.models import Event
    from quartier.projects.models import Project

    Event.objects.all().delete()
    Project.objects.filter(slug__startswith="bench-").delete()


def ensure_events(count: int = EVENTS) -> dict[str, Any]:
    """50,000 one-off events over two years across the districts, each with its date row
    (bulk-created), a project per district, and a full event with a waiting list."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from quartier.events.models import Event, EventDate, Registration
    from quartier.places.models import District
    from quartier.projects.models import Project

    if Event.objects.count() == count and EventDate.objects.count() == count:
        first = Event.objects.order_by("pk").values_list("pk", flat=True).first()
        return {"events_built": False, "event_path": f"/termine/{first}/"}
    started = time.perf_counter()
    districts = list(District.objects.order_by("pk"))
    base = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    with transaction.atomic():
        wipe_events()
        projects = []
        for district in districts:
            project = Project.objects.create(
                title=f"Treffpunkt {district.name}", slug=f"bench-{district.slug}", summary="Begegnung im Dorf."
            )
            project.districts.add(district)
            projects.append(project)
        events = Event.objects.bulk_create(
            (
                Event(
                    title=f"Spieleabend {n}",
                    summary="Brett- und Kartenspiele für alle Generationen.",
                    description="Spiele sind da, eigene gern **mitbringen**.",
                    start=base + timedelta(minutes=21 * n),
                    end=base + timedelta(minutes=21 * n, hours=2),
                    venue="Dorfgemeinschaftshaus",
                    address="Kirchweg 4",
                    district=districts[n % len(districts)],
                    project=projects[n % len(projects)],
                    registration_required=n % 3 == 0,
                    capacity=20 if n % 3 == 0 else None,
                )
                for n in range(count)
            ),
            batch_size=2000,
        )
        dates = EventDate.objects.bulk_create(
            (EventDate(event=event, start=event.start, end=event.end, original_start=event.start) for event in events),
            batch_size=2000,
        )
        dates[0].places_taken = events[0].capacity or 0
        dates[0].save(update_fields=["places_taken"])
        Registration.objects.bulk_create(
            Registration(event_date=dates[0], name=f"Person {n}", email=f"p{n}@{EMAIL_DOMAIN}", status="confirmed")
            for n in range(events[0].capacity or 0)
        )
    return {
        "events_built": True,
        "events_seconds": round(time.perf_counter() - started, 1),
        "event_path": f"/termine/{events[0].pk}/",
    }


INQUIRIES = 100_000  # the issue: "with 100,000 inquiries"
INQUIRY_CHUNK = 5000
INBOX_STAFF_EMAIL = "inbox-staff@cockpit.bench.quartier.example"  # not a bench_users() address
# (name, code, group): the town's topics; the codes are the Open311 service codes
CATEGORIES = [
    ("Straßen und Gehwege", "bench-strassen", "Verkehr"),
    ("Straßenbeleuchtung", "bench-beleuchtung", "Verkehr"),
    ("Bus und Bürgerbus", "bench-bus", "Verkehr"),
    ("Müll und Sauberkeit", "bench-muell", "Umwelt"),
    ("Grünflächen und Bäume", "bench-gruen", "Umwelt"),
    ("Spielplätze", "bench-spielplatz", "Freizeit"),
    ("Vereine und Veranstaltungen", "bench-vereine", "Freizeit"),
    ("Kita und Schule", "bench-kita", "Familie"),
    ("Seniorinnen und Senioren", "bench-senioren", "Familie"),
    ("Sonstiges", "bench-sonstiges", ""),
]
KIND_WEIGHTS = {"question": 45, "suggestion": 25, "problem": 30}
CHANNEL_WEIGHTS = {"web": 68, "email": 10, "phone": 10, "letter": 3, "counter": 4, "open311": 5}
# The state of an inquiry depends on its age: (younger than days, {status: weight})
STATUS_BY_AGE = [
    (3, {"new": 70, "in_progress": 20, "waiting": 5, "answered": 5}),
    (30, {"new": 15, "in_progress": 35, "waiting": 15, "answered": 25, "closed": 10}),
    (120, {"new": 3, "in_progress": 10, "waiting": 7, "answered": 20, "closed": 58, "reopened": 2}),
    (10**6, {"new": 0.5, "in_progress": 1.5, "waiting": 1, "answered": 7, "closed": 89, "reopened": 1}),
]
INQUIRY_TEXTS = {
    "question": "Wann ist das Quartiersbüro für {district} wieder geöffnet, und kann ich dort einen Raum buchen?",
    "suggestion": "Am Dorfplatz in {district} fehlt eine Bank im Schatten. Könnte dort eine aufgestellt werden?",
    "problem": "Die Straßenlaterne vor Hausnummer {number} in {district} ist seit Tagen dunkel.",
}
PUBLIC_ANSWER = "Danke für Ihren Hinweis. Der Bauhof hat sich darum gekümmert."


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def wipe_inquiries() -> None:
    """Remove all inquiries, their history, the benchmark's categories and the inbox's staff member."""
    from quartier.accounts.models import User
    from quartier.inquiries.models import Category, Inquiry, InquiryEvent, ReferenceCounter

    # The history refuses QuerySet.delete() (it is append-only in the app); the benchmark may.
    InquiryEvent.objects.all()._raw_delete(InquiryEvent.objects.db)
    Inquiry.objects.all()._raw_delete(Inquiry.objects.db)
    ReferenceCounter.objects.all().delete()
    Category.objects.filter(code__startswith="bench-").delete()
    User.objects.filter(email=INBOX_STAFF_EMAIL).delete()


def inquiries_built(count: int) -> bool:
    from allauth.mfa.models import Authenticator

    from quartier.accounts.models import User
    from quartier.inquiries.models import Inquiry, InquiryEvent

    staff = User.objects.filter(email=INBOX_STAFF_EMAIL).first()
    return bool(
        staff
        and staff.staffed_districts.exists()
        and Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
        and Inquiry.objects.count() == count
        and InquiryEvent.objects.filter(kind=InquiryEvent.Kind.CREATED).count() == count
    )


def ensure_inquiry_staff() -> Any:
    """A staff member with TOTP who works in the districts of the first contact point."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from quartier.accounts.models import User
    from quartier.places.models import District

    staff = User.objects.filter(email=INBOX_STAFF_EMAIL).first()
    if staff is None:
        staff = User(email=INBOX_STAFF_EMAIL, name="Ina Eingang")
        staff.set_unusable_password()
        staff.save()
        EmailAddress.objects.create(user=staff, email=INBOX_STAFF_EMAIL, verified=True, primary=True)
        TOTP.activate(staff, generate_totp_secret())  # nobody types its codes: the session is made
    districts = District.objects.order_by("pk")[::CONTACT_POINTS]
    Through = District.staff.through
    Through.objects.bulk_create(
        [Through(district_id=district.pk, user_id=staff.pk) for district in districts], ignore_conflicts=True
    )
    return staff


def ensure_inquiries(count: int = INQUIRIES) -> dict[str, Any]:
    """100,000 inquiries over the last two years across the districts and ten categories, in a
    mix of kinds, channels and states by age, some thousands of them public; each with its
    CREATED history entry (and a STATUS entry once staff have acted on it). Bulk-created."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from quartier.inquiries.models import Category, Inquiry, InquiryEvent, ReferenceCounter
    from quartier.places.models import District

    if inquiries_built(count):
        return {"inquiries_built": False, "inquiries": count}
    started = time.perf_counter()
    rng = random.Random(311)  # noqa: S311  (a reproducible town, not secrets)
    with transaction.atomic():
        wipe_inquiries()
        staff = ensure_inquiry_staff()
        categories = Category.objects.bulk_create(
            Category(name=name, code=code, group=group, position=i) for i, (name, code, group) in enumerate(CATEGORIES)
        )
        districts = list(District.objects.order_by("pk"))
        district_staff: dict[int, list[int]] = defaultdict(list)
        for district_id, user_id in District.staff.through.objects.values_list("district_id", "user_id"):
            if user_id != staff.pk:
                district_staff[district_id].append(user_id)
        now = timezone.now()
        span = timedelta(days=730)
        step = span / count
        numbers: dict[int, int] = defaultdict(int)
        public = 0
        events = 0
        for chunk_start in range(0, count, INQUIRY_CHUNK):
            chunk = []
            for n in range(chunk_start, min(count, chunk_start + INQUIRY_CHUNK)):
                created = now - span + step * n + timedelta(seconds=rng.uniform(0, step.total_seconds()))
                year = timezone.localtime(created).year
                numbers[year] += 1
                district = districts[rng.randrange(len(districts))]
                helpers = district_staff.get(district.pk) or [None]
                kind = _pick(rng, KIND_WEIGHTS)
                channel = _pick(rng, CHANNEL_WEIGHTS)
                age_days = (now - created).days
                status = _pick(rng, next(weights for days, weights in STATUS_BY_AGE if age_days < days))
                first_response = closed = None
                if status != "new":
                    first_response = min(now, created + timedelta(hours=rng.uniform(2, 140)))
                if status == "closed":
                    closed = min(now, first_response + timedelta(days=rng.uniform(0, 20)))
                assignee = rng.choice(helpers) if status != "new" and rng.random() < 0.9 else None
                consent = kind != "question" and rng.random() < 0.4
                is_public = consent and status != "new" and rng.random() < 0.3
                public += is_public
                has_point = kind == "problem" or (kind == "suggestion" and rng.random() < 0.5)
                anonymous = channel in {"open311", "web"} and rng.random() < 0.15
                person = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n // 7) % len(LAST_NAMES)]
                chunk.append(
                    Inquiry(
                        number=f"{year}-{numbers[year]:04d}",
                        kind=kind,
                        category=categories[rng.randrange(len(categories))],
                        district=district,
                        text=INQUIRY_TEXTS[kind].format(district=district.name, number=n % 80 + 1),
                        address=f"Hauptstraße {n % 80 + 1}" if has_point else "",
                        latitude=round((district.latitude or 50.9) + rng.uniform(-0.006, 0.006), 6)
                        if has_point
                        else None,
                        longitude=round((district.longitude or 7.8) + rng.uniform(-0.009, 0.009), 6)
                        if has_point
                        else None,
                        name="" if anonymous else " ".join(person),
                        email="" if anonymous or channel in {"phone", "letter"} else f"anliegen{n}@{EMAIL_DOMAIN}",
                        phone=f"02734 {10000 + n % 90000}" if channel == "phone" else "",
                        channel=channel,
                        recorded_by_id=helpers[0] if channel in {"phone", "letter", "counter"} else None,
                        consent_at=created,
                        public_consent=consent,
                        is_public=is_public,
                        public_answer=PUBLIC_ANSWER if is_public and status in {"answered", "closed"} else "",
                        status=status,
                        assignee_id=assignee,
                        created_at=created,
                        first_response_at=first_response,
                        closed_at=closed,
                    )
                )
            Inquiry.objects.bulk_create(chunk, batch_size=1000)
            history = []
            for inquiry in chunk:
                history.append(
                    InquiryEvent(
                        inquiry_id=inquiry.pk,
                        kind=InquiryEvent.Kind.CREATED,
                        author_id=inquiry.recorded_by_id,
                        to_status="new",
                        data={"channel": inquiry.channel},
                        created_at=inquiry.created_at,
                    )
                )
                if inquiry.first_response_at is not None:
                    history.append(
                        InquiryEvent(
                            inquiry_id=inquiry.pk,
                            kind=InquiryEvent.Kind.STATUS,
                            author_id=inquiry.assignee_id,
                            from_status="new",
                            to_status=inquiry.status,
                            created_at=inquiry.closed_at or inquiry.first_response_at,
                        )
                    )
            InquiryEvent.objects.bulk_create(history, batch_size=1000)
            events += len(history)
        # New inquiries filed during the run must not collide with these reference numbers.
        ReferenceCounter.objects.bulk_create(ReferenceCounter(year=year, last=last) for year, last in numbers.items())
    return {
        "inquiries_built": True,
        "inquiries_seconds": round(time.perf_counter() - started, 1),
        "inquiries": count,
        "public_inquiries": public,
        "inquiry_history_entries": events,
    }


def staff_session_cookie() -> str:
    """A fresh database session of the inbox's staff member, signed in with password and TOTP
    exactly as tests/conftest.py signed_in() does; returned as NAME=VALUE for a Cookie header."""
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
    from django.conf import settings
    from django.test import Client

    from quartier.accounts.models import User

    staff = User.objects.get(email=INBOX_STAFF_EMAIL)
    client = Client()
    client.force_login(staff)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "reauthenticated": True},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(staff.pk)
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


IDEAS = 10_000  # the participation issue: "the idea list with 10,000 ideas"
IDEA_COMMENTS = 2_000  # "an idea page with 2,000 comments"


def ensure_ideas(count: int = IDEAS, comments: int = IDEA_COMMENTS) -> dict[str, Any]:
    """10,000 ideas across the districts (bulk-created, counts stored as the app keeps them)
    and one idea with 2,000 comments, half of them replies."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from quartier.participation.models import Comment, Idea
    from quartier.places.models import District
    from quartier.projects.models import FieldOfAction

    first = Idea.objects.order_by("pk").first()
    if Idea.objects.count() == count and first is not None and first.comment_count == comments:
        return {"ideas_built": False, "idea_path": f"/mitmachen/ideen/{first.pk}/"}
    started = time.perf_counter()
    districts = list(District.objects.order_by("pk"))
    fields = list(FieldOfAction.objects.all())
    authors = list(bench_users().order_by("pk")[:500])
    now = timezone.now()
    with transaction.atomic():
        Idea.objects.all().delete()
        ideas = Idea.objects.bulk_create(
            (
                Idea(
                    title=f"Idee {n}: Treffpunkt am Dorfplatz",
                    text="Eine **Bank** und ein Tisch, damit sich Nachbarn treffen können.",
                    district=districts[n % len(districts)],
                    field_of_action=fields[n % len(fields)],
                    author=authors[n % len(authors)],
                    status=list(Idea.Status)[n % len(Idea.Status)],
                    support_count=(n * 7) % 97,
                    comment_count=comments if n == 0 else n % 13,
                    created_at=now - timedelta(minutes=n),
                )
                for n in range(count)
            ),
            batch_size=2000,
        )
        top = Comment.objects.bulk_create(
            Comment(idea=ideas[0], author=authors[n % len(authors)], text=f"Gute Idee, Nummer {n}.")
            for n in range(comments // 2)
        )
        Comment.objects.bulk_create(
            Comment(idea=ideas[0], author=authors[(n + 1) % len(authors)], text="Sehe ich auch so.", parent=top[n])
            for n in range(comments - len(top))
        )
    return {
        "ideas_built": True,
        "ideas_seconds": round(time.perf_counter() - started, 1),
        "idea_path": f"/mitmachen/ideen/{ideas[0].pk}/",
    }


RESOURCES = 1_000  # the resources issue: "1,000 resources and 100,000 bookings"
BOOKINGS = 100_000


def ensure_resources(count: int = RESOURCES, bookings: int = BOOKINGS) -> dict[str, Any]:
    """1,000 things and rooms across the districts and 100,000 confirmed bookings of two hours
    (100 a resource); the first resource, whose page is measured, has one every day around today."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from quartier.places.models import District
    from quartier.resources.models import Booking, BookingStatus, Kind, Resource

    first = Resource.objects.order_by("pk").first()
    if Resource.objects.count() == count and Booking.objects.count() == bookings and first is not None:
        return {"resources_built": False, "resource_path": f"/ausleihe/{first.slug}/"}
    started = time.perf_counter()
    districts = list(District.objects.order_by("pk"))
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=365)
    with transaction.atomic():
        Booking.objects.all().delete()
        Resource.objects.all().delete()
        resources = Resource.objects.bulk_create(
            (
                Resource(
                    district=districts[n % len(districts)],
                    kind=Kind.ROOM if n % 3 == 0 else Kind.THING,
                    name=f"Ausleihe {n:04}",
                    slug=f"ausleihe-{n}",
                    summary="Zum Ausleihen im Quartier.",
                    contents="Teil 1\nTeil 2\nTeil 3",
                    capacity=30 if n % 3 == 0 else None,
                )
                for n in range(count)
            ),
            batch_size=1000,
        )
        rows = []
        per_resource = bookings // count
        for n in range(bookings):
            resource = resources[n % count]
            index = n // count
            # Bookings of one resource never overlap: 2 hours every 7 hours; the first resource (the
            # page measured) has one every day from 50 days ago, so its calendar month is full.
            if resource is resources[0]:
                moment = start + timedelta(days=365 - 50 + index)
            else:
                moment = start + timedelta(days=(n % count) % 300, hours=7 * index)
            rows.append(
                Booking(
                    resource=resource,
                    start=moment,
                    end=moment + timedelta(hours=2),
                    blocked_start=moment,
                    blocked_end=moment + timedelta(hours=2),
                    status=BookingStatus.CONFIRMED,
                    name="Benchmark",
                )
            )
        Booking.objects.bulk_create(rows, batch_size=5000)
    return {
        "resources_built": True,
        "resources_seconds": round(time.perf_counter() - started, 1),
        "bookings_per_resource": per_resource,
        "resource_path": f"/ausleihe/{resources[0].slug}/",
    }


ORGANISATIONS = 5_000  # the network issue: "5,000 organisations"


def ensure_organisations(count: int = ORGANISATIONS) -> dict[str, Any]:
    """5,000 organisations across the districts, each in one district and one or two fields of
    action, every other one with a point on the map; the first one's page is measured."""
    from django.db import transaction

    from quartier.network.models import Organisation
    from quartier.places.models import District
    from quartier.projects.models import FieldOfAction

    first = Organisation.objects.order_by("pk").first()
    if Organisation.objects.count() == count and first is not None:
        return {"organisations_built": False, "organisation_path": f"/netzwerk/{first.slug}/"}
    started = time.perf_counter()
    districts = list(District.objects.order_by("pk"))
    fields = list(FieldOfAction.objects.order_by("pk"))
    kinds = [kind for kind, _label in Organisation.Kind.choices]
    with transaction.atomic():
        Organisation.objects.all().delete()
        organisations = Organisation.objects.bulk_create(
            (
                Organisation(
                    name=f"Verein {n:05}",
                    slug=f"verein-{n}",
                    kind=kinds[n % len(kinds)],
                    street=f"Hauptstraße {n % 200 + 1}",
                    postcode="57258",
                    city=TOWN_NAME,
                    phone="02734 12345",
                    email=f"verein-{n}@{EMAIL_DOMAIN}",
                    description="Ein Verein im Quartier.",
                    latitude=50.9 + (n % 100) / 1000 if n % 2 == 0 else None,
                    longitude=7.87 + (n % 100) / 1000 if n % 2 == 0 else None,
                )
                for n in range(count)
            ),
            batch_size=1000,
        )
        in_district = Organisation.districts.through
        in_district.objects.bulk_create(
            (in_district(organisation=o, district=districts[n % len(districts)]) for n, o in enumerate(organisations)),
            batch_size=5000,
        )
        in_field = Organisation.fields_of_action.through
        in_field.objects.bulk_create(
            (
                in_field(organisation=o, fieldofaction=fields[(n + k) % len(fields)])
                for n, o in enumerate(organisations)
                for k in range(1 + n % 2)
            ),
            batch_size=5000,
        )
    return {
        "organisations_built": True,
        "organisations_seconds": round(time.perf_counter() - started, 1),
        "organisation_path": f"/netzwerk/{organisations[0].slug}/",
    }


HELPER_CALLS = 5_000  # the volunteering issue: "5,000 calls, 50,000 shifts and 100,000 sign-ups"
SHIFTS = 50_000
SHIFT_SIGN_UPS = 100_000


def ensure_helper_calls(
    calls: int = HELPER_CALLS, shifts: int = SHIFTS, sign_ups: int = SHIFT_SIGN_UPS
) -> dict[str, Any]:
    """5,000 published helper calls across the districts, each with ten coming shifts of three
    hours (needing three people) and two confirmed sign-ups on each shift; the first call's page
    is measured, the list too."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from quartier.places.models import District
    from quartier.volunteering.models import HelperCall, Shift, SignUp, SignUpStatus

    first = HelperCall.objects.order_by("pk").first()
    if (
        first is not None
        and HelperCall.objects.count() == calls
        and Shift.objects.count() == shifts
        and SignUp.objects.count() == sign_ups
    ):
        return {"helper_calls_built": False, "helper_call_path": f"/mitmachen/engagement/{first.pk}/"}
    started = time.perf_counter()
    districts = list(District.objects.order_by("pk"))
    per_call, per_shift = shifts // calls, sign_ups // shifts
    begin = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    with transaction.atomic():
        SignUp.objects.all().delete()
        HelperCall.objects.all().delete()
        helper_calls = HelperCall.objects.bulk_create(
            (
                HelperCall(
                    title=f"Helfergesuch {n:05}",
                    text="Wir brauchen **Sie**: beim Aufbau, am Stand und beim Abbau.",
                    district=districts[n % len(districts)] if n % 10 else None,
                    contact_name="Frau Kontakt",
                    contact_phone="02734 12345",
                )
                for n in range(calls)
            ),
            batch_size=1000,
        )
        shift_rows = Shift.objects.bulk_create(
            (
                Shift(
                    call=call,
                    start=begin + timedelta(days=n % 300, hours=3 * k),
                    end=begin + timedelta(days=n % 300, hours=3 * k + 3),
                    place="Dorfgemeinschaftshaus",
                    people_needed=per_shift + 1,
                    places_taken=per_shift,
                )
                for n, call in enumerate(helper_calls)
                for k in range(per_call)
            ),
            batch_size=5000,
        )
        SignUp.objects.bulk_create(
            (
                SignUp(
                    shift=shift,
                    name=f"Helfende {n}-{k}",
                    email=f"helfende-{n}-{k}@{EMAIL_DOMAIN}",
                    status=SignUpStatus.CONFIRMED,
                )
                for n, shift in enumerate(shift_rows)
                for k in range(per_shift)
            ),
            batch_size=5000,
        )
    return {
        "helper_calls_built": True,
        "helper_calls_seconds": round(time.perf_counter() - started, 1),
        "helper_call_path": f"/mitmachen/engagement/{helper_calls[0].pk}/",
    }


def ensure_search_index(rebuilt: bool) -> dict[str, Any]:
    """The site search's index over the town (built with bulk_create, which indexes nothing):
    rebuilt whenever a part of the town was, or when it is empty."""
    from quartier.core.models import SearchEntry
    from quartier.core.search import reindex

    if not rebuilt and SearchEntry.objects.exists():
        return {"search_built": False}
    started = time.perf_counter()
    counts = reindex()
    return {
        "search_built": True,
        "search_entries": sum(counts.values()),
        "search_seconds": round(time.perf_counter() - started, 1),
    }


def command_build(args: argparse.Namespace) -> dict[str, Any]:
    setup_django()
    from django.db import connection

    if not args.rebuild and is_built(args.districts, args.users):
        result: dict[str, Any] = {"built": False, "reason": "already built"}
    else:
        result = build(args.districts, args.users)
    from quartier.places.models import District

    slugs = list(District.objects.order_by("pk").values_list("slug", flat=True))
    result["district_slug"] = slugs[len(slugs) // 2] if slugs else None
    if slugs:
        result.update(ensure_events())
        result.update(ensure_inquiries())
        result.update(ensure_ideas())
        result.update(ensure_resources())
        result.update(ensure_organisations())
        result.update(ensure_helper_calls())
        result.update(ensure_search_index(any(v is True for k, v in result.items() if k.endswith("built"))))
        result["staff_cookie"] = staff_session_cookie()
    result["database"] = connection.vendor
    return result


CAMPAIGN_RECIPIENTS = 10_000


def measure_campaign(recipients: int = CAMPAIGN_RECIPIENTS) -> dict[str, Any]:
    """Send a campaign to ``recipients`` subscribers with the locmem mail backend and no rate
    limit, through the worker's own path (recipient rows written, each claimed and sent in its
    own transaction). Returns recipients per second and tracemalloc's peak; everything it
    wrote is rolled back, so the benchmark town stays as it was."""
    import tracemalloc

    from django.core import mail
    from django.db import transaction
    from django.test.utils import override_settings

    from quartier.accounts.models import User
    from quartier.news import services
    from quartier.news.models import Campaign, NewsletterList, RecipientStatus, Subscription

    class Rollback(Exception):
        pass

    result: dict[str, Any] = {}
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", NEWS_CAMPAIGN_MAILS_PER_MINUTE=0
    ):
        mail.outbox = []
        try:
            with transaction.atomic():
                by = User.objects.create_user(email=f"campaign-bench@{EMAIL_DOMAIN}", is_coordinator=True)
                newsletter = NewsletterList.objects.create(name="Bench-Brief", slug="bench-brief-campaign")
                Subscription.objects.bulk_create(
                    (Subscription(email=f"leser{number:05d}@{EMAIL_DOMAIN}") for number in range(recipients)),
                    batch_size=2000,
                )
                Subscription.lists.through.objects.bulk_create(
                    (
                        Subscription.lists.through(subscription_id=pk, newsletterlist_id=newsletter.pk)
                        for pk in Subscription.objects.filter(email__startswith="leser").values_list("pk", flat=True)
                    ),
                    batch_size=2000,
                )
                campaign = services.save_campaign(
                    campaign=Campaign(subject="Bench-Brief", text="Hallo **Nachbarn**.\n\n" * 5),
                    lists=[newsletter],
                    by=by,
                )
                tracemalloc.start()
                started = time.perf_counter()
                services.send_campaign(campaign=campaign, by=by)
                while services.send_campaign_batch(campaign_id=campaign.pk, limit=1000):
                    pass
                seconds = time.perf_counter() - started
                _current, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                sent = campaign.recipients.filter(status=RecipientStatus.SENT).count()
                result = {
                    "recipients": recipients,
                    "sent": sent,
                    "mails": len(mail.outbox),
                    "seconds": round(seconds, 2),
                    "recipients_per_second": round(sent / seconds, 1) if seconds else None,
                    "peak_memory_mib": round(peak / 2**20, 1),
                }
                raise Rollback
        except Rollback:
            pass
        finally:
            mail.outbox = []
    return result


def command_campaign(args: argparse.Namespace) -> dict[str, Any]:
    setup_django()
    from django.db import connection

    return {**measure_campaign(args.recipients), "database": connection.vendor}


class QueryRecorder:
    """A database execute wrapper: records every statement and its time, across reconnects."""

    def __init__(self) -> None:
        self.queries: list[tuple[str, float]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, time.perf_counter() - started))


def command_inspect(args: argparse.Namespace) -> dict[str, Any]:
    """Per path: status, SQL queries and their time, and mean in-process time (no HTTP, no gunicorn),
    as served (from the page cache while nothing changed) and as rendered (the page cache off: what
    the first visitor after a change waits for). The profile is of the rendering."""
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    anonymous = Client(SERVER_NAME="127.0.0.1")
    signed_in = Client(SERVER_NAME="127.0.0.1")
    if args.signed_in:
        if not args.cookie or "=" not in args.cookie:
            raise SystemExit("--signed-in needs --cookie NAME=VALUE")
        name, value = args.cookie.split("=", 1)
        signed_in.cookies[name] = value
    report: dict[str, Any] = {}
    for path, client in [*((p, anonymous) for p in args.paths), *((p, signed_in) for p in args.signed_in)]:
        for _ in range(5):  # warm the template and URL caches
            client.get(path)
        recorder = QueryRecorder()
        with connection.execute_wrapper(recorder):
            response = client.get(path)
        started = time.perf_counter()
        for _ in range(args.repeat):
            client.get(path)
        mean_ms = (time.perf_counter() - started) * 1000 / args.repeat
        report[path] = {
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": len(recorder.queries),
            "sql_ms": round(sum(seconds for _, seconds in recorder.queries) * 1000, 2),
            "inproc_ms": round(mean_ms, 2),
            "sql": [sql[:300] for sql, _ in recorder.queries],
        }
        with override_settings(PAGE_CACHE=False):
            rendering = QueryRecorder()
            with connection.execute_wrapper(rendering):
                client.get(path)
            rendered_repeat = max(1, args.repeat // 5)
            started = time.perf_counter()
            for _ in range(rendered_repeat):
                client.get(path)
            report[path]["rendered_queries"] = len(rendering.queries)
            report[path]["rendered_ms"] = round((time.perf_counter() - started) * 1000 / rendered_repeat, 2)
        if args.profile_dir:
            profile = cProfile.Profile()
            profile.enable()
            with override_settings(PAGE_CACHE=False):
                for _ in range(max(1, args.repeat // 5)):
                    client.get(path)
            profile.disable()
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(25)
            name = re.sub(r"[^A-Za-z0-9_.=-]", "_", path.strip("/").replace("/", "_")) or "home"
            target = Path(args.profile_dir) / f"profile-{name}.txt"
            target.write_text(f"{args.repeat} requests of {path}\n{out.getvalue()}", encoding="utf-8")
            report[path]["profile"] = str(target)
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.town")
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="build the large town (skipped when it is already there)")
    build_parser.add_argument("--rebuild", action="store_true")
    build_parser.add_argument("--districts", type=int, default=60)
    build_parser.add_argument("--users", type=int, default=50_000)
    inspect_parser = commands.add_parser("inspect", help="count queries and time pages in-process")
    inspect_parser.add_argument("paths", nargs="*", help="requested anonymously")
    inspect_parser.add_argument("--signed-in", action="append", default=[], help="a path requested with --cookie")
    inspect_parser.add_argument("--cookie", help="NAME=VALUE, e.g. the session cookie `build` printed")
    inspect_parser.add_argument("--repeat", type=int, default=50)
    inspect_parser.add_argument("--profile-dir")
    campaign_parser = commands.add_parser("campaign", help="send a campaign in-process and measure it")
    campaign_parser.add_argument("--recipients", type=int, default=CAMPAIGN_RECIPIENTS)
    args = parser.parse_args(argv)
    commands_by_name = {"build": command_build, "inspect": command_inspect, "campaign": command_campaign}
    result = commands_by_name[args.command](args)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
