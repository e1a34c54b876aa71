"""The activities of Freudenberg's neighbourhood offices as projects of the demo town.

Dates are relative to the day the demo is first loaded. Idempotent: projects are found by
slug, and nothing that exists is changed on a second run.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from quartier.accounts.models import User
from quartier.places.models import District, FieldOfAction
from quartier.projects.models import Project, ProjectIdea, ProjectUpdate

# slug, title, summary, districts, fields, status, lead e-mail, partners, budget, start offset (days), updates
PROJECTS: list[tuple[Any, ...]] = [
    (
        "jugendarbeit",
        "Jugendarbeit in den Dörfern",
        "Dorfolympiade, Wohnwagen und Jugendräume: Jugendliche gestalten ihre Treffpunkte selbst.",
        ["oberfischbach", "niederholzklau", "hohenhain"],
        ["jugend", "sport"],
        "running",
        "quartier-ost@example.org",
        "Jugendfeuerwehr Oberfischbach\nTV Hohenhain",
        "4500",
        -300,
        [(-200, "Der Wohnwagen ist da", "Der umgebaute Wohnwagen steht jetzt als mobiler Jugendtreff bereit.")],
    ),
    (
        "spielekiste",
        "Spielekiste",
        "Eine Kiste voller Spiele für Feste, Kitas und Nachbarschaftstreffen – zum Ausleihen.",
        ["freudenberg", "alchen", "bueschergrund"],
        ["familie", "nachbarschaft"],
        "running",
        "familienbuero@example.org",
        "Familienzentrum Freudenberg",
        "800",
        -500,
        [],
    ),
    (
        "spieleabende",
        "Spieleabende",
        "Jede Woche Brett- und Kartenspiele für alle Generationen.",
        ["oberfischbach"],
        ["senioren", "nachbarschaft"],
        "running",
        "quartier-ost@example.org",
        "",
        "300",
        -120,
        [],
    ),
    (
        "maerkte",
        "Frühjahrs- und Herbstmarkt",
        "Zwei Märkte im Alten Flecken mit Ständen von Vereinen, Schulen und Kunsthandwerk.",
        ["freudenberg"],
        ["kultur", "nachbarschaft"],
        "running",
        "familienbuero@example.org",
        "Werbegemeinschaft Freudenberg\nHeimatverein",
        "2500",
        -400,
        [(-40, "Herbstmarkt: Danke!", "Über 1.000 Gäste kamen zum Herbstmarkt. Danke an alle Helferinnen und Helfer!")],
    ),
    (
        "cafe-international",
        "Café international",
        "Ein offener Treff für Menschen aus aller Welt: Kaffee, Kuchen und Gespräche.",
        ["freudenberg"],
        ["integration", "nachbarschaft"],
        "running",
        "familienbuero@example.org",
        "Caritas Siegen\nEvangelische Kirchengemeinde",
        "1200",
        -250,
        [],
    ),
    (
        "kulturwoche",
        "Kulturwoche",
        "Eine Woche Musik, Lesungen und Theater in den Ortsteilen.",
        ["freudenberg", "niederndorf"],
        ["kultur"],
        "planned",
        "koordination@example.org",
        "Musikschule\nStadtbibliothek",
        "6000",
        60,
        [],
    ),
    (
        "ferienspiele",
        "Ferienspiele",
        "Zwei Wochen Programm für Kinder von 6 bis 12 Jahren in den Sommerferien.",
        ["freudenberg", "alchen", "hohenhain"],
        ["jugend", "familie", "umwelt"],
        "running",
        "familienbuero@example.org",
        "Kreisjugendring\nNABU Ortsgruppe",
        "5000",
        -30,
        [(-10, "Anmeldung offen", "Ab sofort können Sie Ihre Kinder für die Ferienspiele anmelden.")],
    ),
    (
        "schaufenster",
        "Projekt Schaufenster",
        "Leere Schaufenster im Alten Flecken werden zu kleinen Ausstellungen der Vereine.",
        ["freudenberg"],
        ["kultur", "nachbarschaft"],
        "paused",
        "familienbuero@example.org",
        "Werbegemeinschaft Freudenberg",
        "1500",
        -180,
        [],
    ),
    (
        "caritassonntag",
        "Caritassonntag",
        "Ein Sonntag für Begegnung und Hilfe mit der Caritas.",
        ["bueschergrund"],
        ["senioren", "integration"],
        "done",
        "familienbuero@example.org",
        "Caritas Siegen",
        "400",
        -380,
        [],
    ),
]


def load_projects(districts: dict[str, District]) -> None:
    fields = {field.slug: field for field in FieldOfAction.objects.all()}
    today = timezone.localdate()
    for slug, title, summary, district_slugs, field_slugs, status, lead, partners, budget, offset, updates in PROJECTS:
        project, created = Project.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": summary,
                "description": summary,
                "status": status,
                "lead": User.objects.filter(email=lead).first(),
                "partners": partners,
                "budget_planned": Decimal(budget),
                "budget_spent": Decimal(budget) / 2 if status != "planned" else Decimal(0),
                "start": today + timedelta(days=offset),
                "end": today + timedelta(days=offset + 365) if status != "done" else today - timedelta(days=300),
            },
        )
        if created:
            project.districts.set([districts[s] for s in district_slugs])
            project.fields_of_action.set([fields[s] for s in field_slugs])
            for days, heading, body in updates:
                ProjectUpdate.objects.create(
                    project=project, date=today + timedelta(days=days), title=heading, body=body
                )


def load_idea_projects(districts: dict[str, District]) -> None:
    """The first demo idea has become a project (runs after participation's demo)."""
    from quartier.participation.demo import IDEAS
    from quartier.participation.models import Idea

    idea = Idea.objects.filter(title=IDEAS[0][0]).select_related("district", "field_of_action").first()
    if idea is None or ProjectIdea.objects.filter(idea=idea).exists():
        return
    project, created = Project.objects.get_or_create(
        slug="offener-buecherschrank",
        defaults={"title": idea.title, "summary": "Aus einer Idee aus Alchen: ein Bücherschrank zum Tauschen."},
    )
    if created:
        project.districts.set([idea.district])
        project.fields_of_action.set([idea.field_of_action])
    ProjectIdea.objects.create(project=project, idea=idea)
