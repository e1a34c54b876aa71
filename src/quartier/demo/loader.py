"""Freudenberg (Siegerland), its 17 districts, three contact points and the demo people;
then every app's registered demo loader fills in its part.

Idempotent: a second run finds everything in place and changes nothing. Population
figures and coordinates are rounded values for the demonstration.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from quartier.accounts.models import User
from quartier.core import registry
from quartier.core.models import LegalPage
from quartier.core.search import reindex
from quartier.places.models import ContactPoint, District, Town
from quartier.places.notifications import silenced

DEMO_PASSWORD = "quartier-demo"  # noqa: S105 - printed on purpose; the loader refuses to run with DEBUG off
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPQUARTIER"  # noqa: S105 - base32, shared by the demo's staff accounts

TOWN = {
    "name": "Freudenberg",
    "official_name": "Stadt Freudenberg (Demo)",
    "intro": (
        "Willkommen beim **Quartiersmanagement** der Stadt Freudenberg. Wir stärken das Miteinander in unseren "
        "17 Ortsteilen: mit Ihnen, den Vereinen, Kirchen, Schulen und Kitas. Ihr Familienbüro steht Ihnen gerne "
        "für Fragen und Anregungen zur Verfügung."
    ),
    "primary_color": "#8c1c13",
    "address": "Mórer Platz 1\n57258 Freudenberg",
    "contact_email": "familienbuero@example.org",
    "contact_phone": "02734 43-0",
    "represented_by": "die Bürgermeisterin (Demo)",
    "latitude": 50.8967,
    "longitude": 7.8722,
}

CONTACT_POINTS = {
    "familienbuero": {
        "name": "Familienbüro Freudenberg",
        "street": "Mórer Platz 1 (Rathaus)",
        "postcode": "57258",
        "city": "Freudenberg",
        "phone": "02734 43-120",
        "email": "familienbuero@example.org",
        "office_hours": "- Montag bis Freitag: 9 bis 12 Uhr\n- Donnerstag: 14 bis 17 Uhr\n- und nach Vereinbarung",
        "notes": "Der Eingang am Rathaus ist stufenlos. Ein Aufzug führt ins Obergeschoss.",
    },
    "ost": {
        "name": "Quartiersbüro Oberfischbach",
        "street": "Kirchweg 4 (Dorfgemeinschaftshaus)",
        "postcode": "57258",
        "city": "Freudenberg-Oberfischbach",
        "phone": "02734 43-130",
        "email": "quartier-ost@example.org",
        "office_hours": "- Dienstag: 10 bis 12 Uhr\n- Donnerstag: 15 bis 18 Uhr",
        "notes": "",
    },
    "west": {
        "name": "Bürgertreff Hohenhain",
        "street": "Am Sportplatz 2",
        "postcode": "57258",
        "city": "Freudenberg-Hohenhain",
        "phone": "02734 43-140",
        "email": "quartier-west@example.org",
        "office_hours": "- Mittwoch: 9 bis 12 Uhr\n- Freitag: 14 bis 16 Uhr",
        "notes": "Parkplätze direkt am Haus.",
    },
}

# name, slug, population, latitude, longitude, contact point, portrait
DISTRICTS = [
    (
        "Freudenberg",
        "freudenberg",
        3800,
        50.8967,
        7.8722,
        "familienbuero",
        "Die Kernstadt mit dem historischen **Alten Flecken**, den Fachwerkhäusern, die jedes Jahr viele Gäste anziehen. "
        "Hier liegen das Rathaus mit dem Familienbüro, Schulen und das Familienzentrum.",
    ),
    (
        "Alchen",
        "alchen",
        900,
        50.8800,
        7.8940,
        "familienbuero",
        "Ein lebendiges Dorf im Süden mit Dorfgemeinschaftshaus und aktiver Jugendarbeit.",
    ),
    (
        "Büschergrund",
        "bueschergrund",
        2100,
        50.8830,
        7.8580,
        "familienbuero",
        "Der zweitgrößte Ortsteil mit Grundschule, Kita und vielen Vereinen.",
    ),
    ("Bottenberg", "bottenberg", 500, 50.8920, 7.8360, "west", "Ein kleines Dorf am Waldrand."),
    ("Bühl", "buehl", 700, 50.9000, 7.8420, "west", "Dorf mit Spielplatz und jährlichem Dorffest."),
    ("Dirlenbach", "dirlenbach", 400, 50.8680, 7.8620, "west", "Ruhiger Ortsteil im Tal."),
    ("Heisberg", "heisberg", 300, 50.9140, 7.8800, "west", "Der kleinste Ortsteil, hoch gelegen mit weitem Blick."),
    ("Hohenhain", "hohenhain", 900, 50.9060, 7.8240, "west", "Hier ist der Bürgertreff zuhause."),
    ("Lindenberg", "lindenberg", 700, 50.8760, 7.8450, "west", "Dorf mit Feuerwehr und Heimatverein."),
    (
        "Niederndorf",
        "niederndorf",
        1200,
        50.9010,
        7.8560,
        "west",
        "Ortsteil nahe der Kernstadt mit Gewerbe und Vereinsleben.",
    ),
    ("Plittershagen", "plittershagen", 350, 50.8900, 7.8150, "west", "Kleines Dorf im Westen der Stadt."),
    ("Mausbach", "mausbach", 600, 50.9080, 7.8990, "ost", "Dorf mit Dorfgemeinschaftshaus und Spieleabenden."),
    (
        "Niederheuslingen",
        "niederheuslingen",
        700,
        50.8890,
        7.9180,
        "ost",
        "Ortsteil an der Heuslingen mit aktivem Chor.",
    ),
    ("Niederholzklau", "niederholzklau", 800, 50.9070, 7.9270, "ost", "Dorf mit Kapelle und Seniorentreff."),
    (
        "Oberfischbach",
        "oberfischbach",
        1300,
        50.8760,
        7.9250,
        "ost",
        "Hier ist das Quartiersbüro im Dorfgemeinschaftshaus.",
    ),
    ("Oberheuslingen", "oberheuslingen", 500, 50.8920, 7.9320, "ost", "Kleines Dorf mit großem Herbstmarkt."),
    ("Oberholzklau", "oberholzklau", 900, 50.9120, 7.9400, "ost", "Ortsteil mit Kirche, Kita und Jugendraum."),
]

# email, name, role, districts (slugs) or None
PEOPLE = [
    ("admin@example.org", "Alex Admin", "admin", []),
    ("koordination@example.org", "Jonas Weber", "coordinator", []),
    ("familienbuero@example.org", "Anna Becker", "staff", ["freudenberg", "alchen", "bueschergrund"]),
    (
        "quartier-ost@example.org",
        "Murat Yilmaz",
        "staff",
        ["mausbach", "niederheuslingen", "niederholzklau", "oberfischbach", "oberheuslingen", "oberholzklau"],
    ),
    (
        "quartier-west@example.org",
        "Lena Hoffmann",
        "staff",
        ["bottenberg", "buehl", "dirlenbach", "heisberg", "hohenhain", "lindenberg", "niederndorf", "plittershagen"],
    ),
    ("bewohnerin@example.org", "Maria Schneider", "resident", []),
]

IMPRINT = """**Stadt Freudenberg (Demo)**
Mórer Platz 1
57258 Freudenberg

Vertreten durch die Bürgermeisterin (Demo).
Telefon: 02734 43-0, E-Mail: familienbuero@example.org

Dies ist eine Demonstration der freien Software Quartier. Alle Personen und Kontaktdaten sind erfunden."""


def _person(email: str, name: str, role: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(
            email=email,
            name=name,
            is_coordinator=role == "coordinator",
            is_superuser=role == "admin",
            is_staff=role == "admin",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    if role != "resident" and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


@transaction.atomic
def load_demo_town() -> None:
    town = Town.load()
    if town is None:
        Town(**TOWN).save()
    contact_points = {}
    for key, fields in CONTACT_POINTS.items():
        contact_points[key], _ = ContactPoint.objects.get_or_create(name=fields["name"], defaults=fields)
    districts = {}
    for name, slug, population, lat, lon, contact_key, portrait in DISTRICTS:
        districts[slug], _ = District.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "population": population,
                "latitude": lat,
                "longitude": lon,
                "contact_point": contact_points[contact_key],
                "portrait": portrait,
            },
        )
    for email, name, role, district_slugs in PEOPLE:
        user = _person(email, name, role)
        for slug in district_slugs:
            if not districts[slug].staff.filter(pk=user.pk).exists():
                districts[slug].staff.add(user)
    LegalPage.objects.filter(kind=LegalPage.Kind.IMPRINT).exclude(body=IMPRINT).update(body=IMPRINT)
    # Each app registers its own demo data (quartier.core.registry.demo_loaders), in their order.
    # Demo data is not news: staff get no notices or mails about it.
    with silenced():
        for loader in registry.demo_loaders:
            loader.load(districts)
    # Loaders may write past save() (update(), bulk_create()): the search index is rebuilt whole.
    reindex()
