"""The Django side of the benchmark: build the large town, and look at pages in-process.

benchmarks/run.py runs this as a subprocess with the benchmark's environment
(DJANGO_SETTINGS_MODULE=benchmarks.settings and its own QUARTIER_DATA_DIR or DATABASE_URL):

    python -m benchmarks.town build [--rebuild] [--districts 60] [--users 50000]
    python -m benchmarks.town inspect /path/ ... [--profile-dir DIR]

`build` prints one JSON line with what it did; `inspect` prints one JSON object with, per
path, the status, the number of SQL queries, SQL time and the mean in-process time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
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
    result["database"] = connection.vendor
    return result


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
    """Per path: status, SQL queries and their time, and mean in-process time (no HTTP, no gunicorn)."""
    setup_django()
    from django.db import connection
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    report: dict[str, Any] = {}
    for path in args.paths:
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
        if args.profile_dir:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.repeat):
                client.get(path)
            profile.disable()
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(25)
            name = path.strip("/").replace("/", "_") or "home"
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
    inspect_parser.add_argument("paths", nargs="+")
    inspect_parser.add_argument("--repeat", type=int, default=50)
    inspect_parser.add_argument("--profile-dir")
    args = parser.parse_args(argv)
    result = command_build(args) if args.command == "build" else command_inspect(args)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
