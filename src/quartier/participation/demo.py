"""Ideas of the demo town: several districts and states, with supporters and comments,
one accepted idea (projects links it to a project, in its own demo loader). Idempotent: ideas are found by title,
supporters by e-mail, and nothing that exists is changed on a second run."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.utils import timezone

from quartier.accounts.models import User
from quartier.participation.models import Comment, Idea
from quartier.participation.services import post_comment, support_idea
from quartier.places.models import District, FieldOfAction

SUPPORTERS = [
    ("sabine.krause@example.org", "Sabine Krause"),
    ("tobias.lang@example.org", "Tobias Lang"),
    ("elif.oeztuerk@example.org", "Elif Öztürk"),
    ("peter.zimmermann@example.org", "Peter Zimmermann"),
    ("hannah.wolf@example.org", "Hannah Wolf"),
]

# title, district, field, status, explanation, supporters, comments (author index, text, replies)
IDEAS: list[tuple[Any, ...]] = [
    (
        "Offener Bücherschrank am Dorfplatz",
        "alchen",
        "kultur",
        Idea.Status.ACCEPTED,
        "Die alte Telefonzelle wird zum Bücherschrank. Der Heimatverein übernimmt die Pflege.",
        5,
        [(1, "Ich würde gern Kinderbücher beisteuern.", [(2, "Ich auch, wir haben eine ganze Kiste.")])],
    ),
    (
        "Sitzbänke am Weg zum Friedhof",
        "oberfischbach",
        "senioren",
        Idea.Status.UNDER_REVIEW,
        "Wir klären mit dem Bauhof, wo Bänke stehen dürfen.",
        4,
        [(3, "Zwei Bänke auf halber Höhe wären schon eine große Hilfe.", [])],
    ),
    (
        "Treffpunkt für Jugendliche am Sportplatz",
        "mausbach",
        "jugend",
        Idea.Status.PROPOSED,
        "",
        3,
        [(0, "Ein Unterstand mit Sitzgelegenheit würde reichen.", [(4, "Und ein Mülleimer!")])],
    ),
    (
        "Nachbarschaftsflohmarkt im Frühjahr",
        "freudenberg",
        "nachbarschaft",
        Idea.Status.REALISED,
        "Der erste Flohmarkt fand im April statt, mit 40 Ständen.",
        5,
        [],
    ),
    (
        "Parkhaus auf dem Dorfplatz",
        "bueschergrund",
        "nachbarschaft",
        Idea.Status.DECLINED,
        "Der Dorfplatz ist Festplatz und Treffpunkt; ein Parkhaus passt dort nicht hin.",
        1,
        [],
    ),
]

TEXT = "Beschreibung der Idee: {title}.\n\nWir würden uns freuen, wenn viele mitmachen."


def _supporter(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, name=name)
        user.set_unusable_password()
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def load_participation(districts: dict[str, District]) -> None:
    load_ideas(districts)


def load_ideas(districts: dict[str, District]) -> None:
    author = User.objects.get(email="bewohnerin@example.org")
    people = [_supporter(email, name) for email, name in SUPPORTERS]
    fields = {field.slug: field for field in FieldOfAction.objects.all()}
    now = timezone.now()
    for number, (title, district_slug, field_slug, status, explanation, supporters, comments) in enumerate(IDEAS):
        if Idea.objects.filter(title=title).exists():
            continue
        # Demo ideas and comments are weeks old: they never count against anyone's hourly
        # limit (the demo resident can propose an idea right after `quartier demo`).
        written = now - timedelta(days=40 - 6 * number)
        idea = Idea.objects.create(
            created_at=written,
            title=title,
            text=TEXT.format(title=title),
            district=districts[district_slug],
            field_of_action=fields.get(field_slug) or next(iter(fields.values())),
            author=author,
            status=status,
            status_explanation=explanation,
            # Near the middle of the district, so the idea map has something to show.
            latitude=districts[district_slug].latitude,
            longitude=districts[district_slug].longitude,
        )
        for person in people[:supporters]:
            support_idea(idea=idea, user=person)
        posted = []
        for person_index, text, replies in comments:
            comment: Comment = post_comment(idea=idea, author=people[person_index], text=text)
            posted.append(comment.pk)
            for reply_index, reply in replies:
                posted.append(post_comment(idea=idea, author=people[reply_index], text=reply, parent=comment).pk)
        for hours, pk in enumerate(posted, start=1):
            Comment.objects.filter(pk=pk).update(created_at=written + timedelta(days=1, hours=hours))
