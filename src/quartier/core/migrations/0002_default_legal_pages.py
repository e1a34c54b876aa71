"""Every installation starts with its legal pages; administrators adapt them in the admin."""

from django.db import migrations

PAGES = {
    "impressum": (
        "Impressum",
        """Angaben gemäß § 5 Digitale-Dienste-Gesetz (DDG) und § 18 Medienstaatsvertrag (MStV).

**Anbieterin dieser Website** ist die Stadt- oder Gemeindeverwaltung, die diese Installation von Quartier betreibt.
Anschrift, Vertretung, Kontakt und die verantwortliche Person für den Inhalt trägt die Administration hier ein
(Verwaltung → Rechtliche Seiten → Impressum).

Die Software Quartier ist freie Software unter der Lizenz EUPL-1.2.""",
    ),
    "datenschutz": (
        "Datenschutzerklärung",
        """## Wer ist verantwortlich?

Verantwortlich ist die Verwaltung, die im Impressum genannt ist. Dort finden Sie auch die Kontaktdaten.

## Welche Daten verarbeiten wir?

- **Beim Besuch der Website:** Ihr Browser übermittelt technisch notwendige Daten (IP-Adresse, Zeitpunkt, aufgerufene Seite). Wir speichern sie nur so lange, wie es für den sicheren Betrieb nötig ist.
- **Cookies:** Wir setzen nur technisch notwendige Cookies: für die Anmeldung (Sitzung), zum Schutz von Formularen (CSRF) und für die gewählte Sprache. Es gibt keine Werbe- oder Analyse-Cookies.
- **Konto:** Wenn Sie sich registrieren, speichern wir Ihre E-Mail-Adresse, Ihren Namen (freiwillig) und Ihr Passwort (verschlüsselt).
- **Karten:** Karten laden Kartenbilder von OpenStreetMap erst, wenn Sie auf „Karte anzeigen“ klicken. Erst dann wird Ihre IP-Adresse an die OpenStreetMap Foundation übertragen.

Es gibt keine Tracker und keine Inhalte von anderen Websites.

## Ihre Rechte

Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, Datenübertragbarkeit und Widerspruch.
In Ihrem Konto können Sie alle Daten, die wir über Sie speichern, selbst herunterladen und Ihr Konto selbst löschen.
Sie können sich außerdem bei der Datenschutz-Aufsichtsbehörde Ihres Bundeslandes beschweren.""",
    ),
    "barrierefreiheit": (
        "Erklärung zur Barrierefreiheit",
        """Die Verwaltung ist bemüht, diese Website im Einklang mit der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0)
barrierefrei zugänglich zu machen.

## Stand der Vereinbarkeit

Diese Website soll die Anforderungen der WCAG 2.1 auf Stufe AA erfüllen. Jede Seite wird bei jeder Änderung der Software
automatisch mit axe-core geprüft. Alle Funktionen sind mit der Tastatur bedienbar und funktionieren ohne JavaScript.
Karten zeigen immer auch eine Liste derselben Orte.

## Barriere melden

Wenn Ihnen eine Barriere auffällt, schreiben Sie uns bitte. Die Kontaktdaten finden Sie im Impressum.

## Schlichtungsverfahren

Wenn Sie mit unserer Antwort nicht zufrieden sind, können Sie sich an die Schlichtungsstelle nach dem
Behindertengleichstellungsgesetz Ihres Landes oder des Bundes wenden.""",
    ),
    "leichte-sprache": (
        "Leichte Sprache",
        """## Was ist diese Website?

Diese Website ist für alle Menschen in unserer Stadt.
Und für alle Menschen in den Orts·teilen.

Hier finden Sie:

- Informationen über Ihren Orts·teil.
- Die Anlauf·stelle in Ihrer Nähe.
  Dort arbeiten Menschen, die Ihnen helfen.
- Wann die Anlauf·stelle offen hat.

## Fragen und Ideen

Sie haben eine Frage?
Oder Sie haben eine Idee für Ihren Orts·teil?
Dann melden Sie sich bei der Anlauf·stelle.
Sie können anrufen.
Oder Sie schreiben eine E-Mail.

## Ein Konto

Sie können sich ein Konto machen.
Dafür brauchen Sie eine E-Mail-Adresse.
Sie können Ihr Konto jederzeit wieder löschen.""",
    ),
}


def create_pages(apps, schema_editor):
    LegalPage = apps.get_model("core", "LegalPage")
    for kind, (title, body) in PAGES.items():
        LegalPage.objects.get_or_create(kind=kind, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
