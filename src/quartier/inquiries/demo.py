"""Demo inquiries: a few dozen across districts, kinds and states, some of them public. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from quartier.accounts.models import User
from quartier.inquiries import services
from quartier.inquiries.models import AnswerTemplate, Category, Inquiry
from quartier.places.models import District

CATEGORIES = [
    ("spielplatz", "Spielplätze und Grünflächen", "Umwelt", "Spielgeräte, Bänke, Hecken, Rasen"),
    ("strasse", "Straßen und Wege", "Verkehr", "Schlaglöcher, Gehwege, Beleuchtung"),
    ("muell", "Müll und Sauberkeit", "Umwelt", "wilder Müll, volle Papierkörbe"),
    ("angebote", "Angebote und Treffpunkte", "Miteinander", "Kurse, Treffs, Räume"),
    ("familie", "Familie und Kinder", "Miteinander", "Betreuung, Beratung, Familienbüro"),
    ("sonstiges", "Sonstiges", "", "alles andere"),
]
TEMPLATES = [
    (
        "Danke, wir kümmern uns",
        "Vielen Dank für Ihren Hinweis. Wir haben ihn an den Bauhof weitergegeben und melden uns, sobald er erledigt ist.",
    ),
    (
        "Bitte um Rückruf",
        "Vielen Dank für Ihre Nachricht. Damit wir Ihnen gut helfen können, rufen Sie uns bitte in der Sprechstunde an.",
    ),
]
# district, kind, category, text, status, days ago, public, (lat, lon offset in 1/10000 degrees)
S = Inquiry.Status
K = Inquiry.Kind
INQUIRIES: list[tuple[str, str, str, str, str, int, bool, tuple[int, int] | None]] = [
    (
        "freudenberg",
        K.PROBLEM,
        "spielplatz",
        "Die Schaukel auf dem Spielplatz am Alten Flecken ist kaputt.",
        S.CLOSED,
        40,
        True,
        (3, 2),
    ),
    (
        "freudenberg",
        K.SUGGESTION,
        "angebote",
        "Ein Repair-Café im Rathaus wäre toll, einmal im Monat.",
        S.ANSWERED,
        12,
        True,
        None,
    ),
    (
        "freudenberg",
        K.QUESTION,
        "familie",
        "Gibt es im Sommer eine Ferienbetreuung für Grundschulkinder?",
        S.ANSWERED,
        8,
        False,
        None,
    ),
    (
        "freudenberg",
        K.PROBLEM,
        "muell",
        "Am Parkplatz Bahnhofstraße liegt seit Tagen Sperrmüll.",
        S.IN_PROGRESS,
        3,
        True,
        (-5, 8),
    ),
    ("freudenberg", K.QUESTION, "angebote", "Wann trifft sich der Seniorentreff?", S.NEW, 1, False, None),
    (
        "freudenberg",
        K.PROBLEM,
        "strasse",
        "Die Laterne vor Hausnummer 12 im Kirchweg flackert.",
        S.NEW,
        9,
        False,
        (8, -3),
    ),
    (
        "alchen",
        K.SUGGESTION,
        "spielplatz",
        "Eine Bank am Dorfteich für ältere Spaziergänger.",
        S.WAITING,
        6,
        True,
        (2, 2),
    ),
    (
        "alchen",
        K.PROBLEM,
        "strasse",
        "Schlagloch in der Hauptstraße vor der Bushaltestelle.",
        S.CLOSED,
        60,
        True,
        (-2, 1),
    ),
    (
        "alchen",
        K.QUESTION,
        "angebote",
        "Kann unser Verein das Dorfgemeinschaftshaus für ein Fest mieten?",
        S.ANSWERED,
        20,
        False,
        None,
    ),
    ("alchen", K.QUESTION, "familie", "Wo finde ich eine Tagesmutter in Alchen?", S.NEW, 2, False, None),
    (
        "bueschergrund",
        K.PROBLEM,
        "muell",
        "Die Papierkörbe an der Grundschule quellen über.",
        S.ANSWERED,
        15,
        True,
        (1, -1),
    ),
    (
        "bueschergrund",
        K.SUGGESTION,
        "angebote",
        "Ein offener Spieleabend für Familien am Freitag.",
        S.IN_PROGRESS,
        10,
        True,
        None,
    ),
    (
        "bueschergrund",
        K.QUESTION,
        "sonstiges",
        "Wer ist für die Hecke am Friedhof zuständig?",
        S.CLOSED,
        90,
        False,
        None,
    ),
    ("bueschergrund", K.PROBLEM, "spielplatz", "Die Rutsche hat eine scharfe Kante.", S.NEW, 7, False, (4, 4)),
    (
        "mausbach",
        K.SUGGESTION,
        "angebote",
        "Mehr Spieleabende im Dorfgemeinschaftshaus, gern auch im Sommer.",
        S.ANSWERED,
        25,
        True,
        None,
    ),
    (
        "mausbach",
        K.PROBLEM,
        "strasse",
        "Der Gehweg zur Bushaltestelle ist im Winter nicht geräumt.",
        S.CLOSED,
        120,
        True,
        (1, 3),
    ),
    ("mausbach", K.QUESTION, "familie", "Gibt es eine Krabbelgruppe in der Nähe?", S.WAITING, 5, False, None),
    (
        "oberfischbach",
        K.PROBLEM,
        "muell",
        "Am Wanderparkplatz wurden Reifen abgeladen.",
        S.IN_PROGRESS,
        4,
        True,
        (-3, -3),
    ),
    ("oberfischbach", K.SUGGESTION, "angebote", "Ein Bücherschrank am Quartiersbüro.", S.NEW, 2, True, None),
    (
        "oberfischbach",
        K.QUESTION,
        "angebote",
        "Welche Sprechzeiten hat das Quartiersbüro in den Ferien?",
        S.ANSWERED,
        14,
        False,
        None,
    ),
    ("oberholzklau", K.PROBLEM, "spielplatz", "Der Bolzplatz-Zaun hat ein großes Loch.", S.ANSWERED, 11, True, (2, -4)),
    (
        "oberholzklau",
        K.SUGGESTION,
        "familie",
        "Ein Elterncafé in der Kita einmal im Monat.",
        S.REOPENED,
        30,
        False,
        None,
    ),
    ("niederheuslingen", K.QUESTION, "angebote", "Nimmt der Chor noch neue Stimmen auf?", S.CLOSED, 45, False, None),
    ("niederholzklau", K.PROBLEM, "strasse", "Die Treppe zur Kapelle hat kein Geländer.", S.NEW, 8, True, (1, 1)),
    ("hohenhain", K.SUGGESTION, "angebote", "Ein Computerkurs für Ältere im Bürgertreff.", S.ANSWERED, 18, True, None),
    (
        "hohenhain",
        K.PROBLEM,
        "muell",
        "Der Glascontainer am Sportplatz ist seit einer Woche voll.",
        S.CLOSED,
        35,
        True,
        (-1, 2),
    ),
    ("hohenhain", K.QUESTION, "familie", "Gibt es Hilfe beim Ausfüllen von Anträgen?", S.IN_PROGRESS, 3, False, None),
    ("buehl", K.SUGGESTION, "spielplatz", "Ein Sonnensegel über dem Sandkasten.", S.NEW, 6, True, (3, 1)),
    ("buehl", K.PROBLEM, "strasse", "Das Ortsschild ist umgefahren.", S.ANSWERED, 22, True, (-4, 0)),
    ("niederndorf", K.QUESTION, "sonstiges", "Wie melde ich ein Straßenfest an?", S.CLOSED, 70, False, None),
    ("niederndorf", K.PROBLEM, "spielplatz", "Glasscherben auf dem Spielplatz am Bach.", S.NEW, 10, False, (2, 5)),
    ("lindenberg", K.SUGGESTION, "angebote", "Ein Mittagstisch für Ältere im Feuerwehrhaus.", S.WAITING, 9, True, None),
    ("bottenberg", K.QUESTION, "familie", "Fährt ein Schulbus ab Bottenberg?", S.ANSWERED, 16, False, None),
    (
        "plittershagen",
        K.PROBLEM,
        "strasse",
        "Die Straßenbeleuchtung am Waldweg ist ausgefallen.",
        S.IN_PROGRESS,
        2,
        True,
        (0, 3),
    ),
]
# What staff write back, by the kind of inquiry and the state it is left in: a reply that
# waits for the sender asks something; one that closes the matter says what was done.
REPLIES: dict[tuple[str, str], str] = {
    (
        K.PROBLEM,
        "waiting",
    ): "Danke für Ihre Meldung! Können Sie uns noch sagen, wo genau das ist, oder ein Foto schicken? Dann geben wir es gleich an den Bauhof weiter.",
    (
        K.PROBLEM,
        "answered",
    ): "Danke für Ihre Meldung. Wir haben sie an den Bauhof weitergegeben; er kommt in den nächsten Tagen vorbei und kümmert sich darum.",
    (
        K.PROBLEM,
        "closed",
    ): "Danke für Ihre Meldung. Der Bauhof war da und hat es in Ordnung gebracht. Sagen Sie uns gern Bescheid, wenn noch etwas ist.",
    (
        K.SUGGESTION,
        "waiting",
    ): "Danke für Ihren Vorschlag – eine schöne Idee! Würden Sie selbst mit anpacken oder kennen Sie Leute, die mitmachen? Dann laden wir Sie zum nächsten Treffen ein.",
    (
        K.SUGGESTION,
        "answered",
    ): "Danke für Ihren Vorschlag. Wir besprechen ihn beim nächsten Runden Tisch mit den Vereinen im Ortsteil und melden uns danach bei Ihnen.",
    (
        K.SUGGESTION,
        "closed",
    ): "Danke für Ihren Vorschlag. Wir haben ihn mit den Vereinen besprochen; er wird umgesetzt, die Termine stehen im Kalender.",
    (
        K.QUESTION,
        "waiting",
    ): "Gern helfen wir weiter. Wie alt ist Ihr Kind, und an welchen Tagen passt es Ihnen? Dann nennen wir Ihnen passende Angebote.",
    (
        K.QUESTION,
        "answered",
    ): "Danke für Ihre Frage. Die Antwort: Ja, das geht. Alle Einzelheiten und Ansprechpersonen finden Sie in unserer Sprechstunde oder telefonisch bei uns.",
    (
        K.QUESTION,
        "closed",
    ): "Danke für Ihre Frage. Wir haben alles Nötige telefonisch mit Ihnen besprochen; bei weiteren Fragen sind wir gern wieder für Sie da.",
}
# What the public list says beside a published inquiry, by the state it is in.
PUBLIC_ANSWERS: dict[str, str] = {
    S.IN_PROGRESS: "Die Anlaufstelle kümmert sich darum.",
    S.WAITING: "Die Anlaufstelle klärt noch Einzelheiten.",
    S.ANSWERED: "Die Anlaufstelle hat den Hinweis weitergegeben; es wird sich darum gekümmert.",
    S.CLOSED: "Erledigt.",
}
STEPS: dict[str, list[str]] = {
    S.NEW: [],
    S.IN_PROGRESS: [S.IN_PROGRESS],
    S.WAITING: ["reply-waiting"],
    S.ANSWERED: ["reply"],
    S.CLOSED: ["reply", S.CLOSED],
    S.REOPENED: ["reply", S.CLOSED, "sender"],
}


def load_inquiries(districts: dict[str, District]) -> None:
    categories = {}
    for position, (code, name, group, description) in enumerate(CATEGORIES):
        categories[code], _ = Category.objects.get_or_create(
            code=code, defaults={"name": name, "group": group, "description": description, "position": position}
        )
    for title, body in TEMPLATES:
        AnswerTemplate.objects.get_or_create(title=title, defaults={"body": body})
    now = timezone.now()
    for number, (slug, kind, code, text, status, days, public, offset) in enumerate(INQUIRIES):
        district = districts[slug]
        if Inquiry.objects.filter(district=district, text=text).exists():
            continue
        staff = district.staff.first() or User.objects.filter(is_coordinator=True).first()
        latitude = district.latitude + offset[0] / 10000 if offset else None
        longitude = district.longitude + offset[1] / 10000 if offset else None
        inquiry = services.submit_inquiry(
            data=services.NewInquiry(
                kind=kind,
                category=categories[code],
                district=district,
                text=text,
                name=f"Demo-Person {number + 1}",
                email="",  # demo inquiries send no mail
                public_consent=public,
                latitude=latitude,
                longitude=longitude,
            ),
            channel=Inquiry.Channel.PHONE if number % 5 == 0 else Inquiry.Channel.WEB,
        )
        for step in STEPS[status]:
            if step in {"reply", "reply-waiting"} and staff:
                outcome = (
                    "waiting"
                    if step == "reply-waiting"
                    else "closed"
                    if status in {S.CLOSED, S.REOPENED}
                    else "answered"
                )
                services.reply(
                    inquiry=inquiry,
                    body=REPLIES[(kind, outcome)],
                    by=staff,
                    status=S.WAITING if step == "reply-waiting" else S.ANSWERED,
                )
            elif step == "sender":
                services.reply_as_sender(inquiry=inquiry, body="Leider ist es noch nicht erledigt.")
            elif staff:
                services.change_status(inquiry=inquiry, to=step, by=staff)
        created = now - timedelta(days=days)
        answered = created + timedelta(days=1 + number % 4)
        inquiry.refresh_from_db()
        Inquiry.objects.filter(pk=inquiry.pk).update(
            created_at=created,
            first_response_at=answered if inquiry.first_response_at else None,
            closed_at=answered + timedelta(days=2) if inquiry.closed_at else None,
            is_public=public and inquiry.can_be_public,
            public_answer=PUBLIC_ANSWERS.get(status, "") if public else "",
        )
