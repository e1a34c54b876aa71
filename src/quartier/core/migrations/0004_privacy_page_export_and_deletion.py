"""The privacy page says what the data export holds and what deleting an account removes.

Only a page that still has the text of 0002 is changed: a town's own text stays as it is."""

from importlib import import_module

from django.db import migrations

OLD = import_module("quartier.core.migrations.0002_default_legal_pages").PAGES["datenschutz"][1]

ACCOUNT_OLD = (
    "- **Konto:** Wenn Sie sich registrieren, speichern wir Ihre E-Mail-Adresse, Ihren Namen (freiwillig) "
    "und Ihr Passwort (verschlüsselt)."
)
ACCOUNT_NEW = (
    "- **Konto:** Wenn Sie sich registrieren, speichern wir Ihre E-Mail-Adresse, den Namen, den Sie für die "
    "Website wählen (ein Vorname oder ein Fantasiename genügt), und Ihr Passwort (verschlüsselt). Auf der "
    "Website erscheint nur dieser Name, nie Ihre E-Mail-Adresse."
)
RIGHTS_OLD = "## Ihre Rechte"
EXPORT_AND_DELETION = """## Ihre Daten herunterladen

In Ihrem Konto laden Sie unter „Meine Daten herunterladen“ alles herunter, was wir über Sie speichern: Ihr Konto
und Ihre E-Mail-Adressen, Ihre Anliegen und Ihre Anmeldungen zu Veranstaltungen (auch die, die Sie ohne Anmeldung
mit einer bestätigten E-Mail-Adresse Ihres Kontos gemacht haben), Ihre Ideen, Kommentare, Unterstützungen,
Abonnements und Meldungen, Ihre Antworten auf Umfragen, Ihre Vorschläge für Veranstaltungen und, wenn Sie für
die Stadt arbeiten, Ihre Ortsteile, Projekte und Umfragen.

## Wenn Sie Ihr Konto löschen

- **Veranstaltungen:** Ihre Anmeldungen werden storniert, Ihre Plätze auf Wartelisten entfallen, die Warteliste
  rückt nach. Ihr Name, Ihre E-Mail-Adresse, Ihre Telefonnummer und die Vornamen und das Alter der Personen,
  die Sie angemeldet haben, werden gelöscht. Vorschläge, die noch nicht veröffentlicht sind, werden gelöscht;
  bei veröffentlichten Veranstaltungen werden Sie nicht mehr als Veranstalter·in genannt.
- **Anliegen:** Wir löschen Ihren Namen, Ihre E-Mail-Adresse, Ihre Telefonnummer und Ihr Foto; der private Link
  funktioniert nicht mehr. Das Anliegen selbst (Text und Ort) bleibt bei der Anlaufstelle, damit sie sich darum
  kümmern kann, und wird wie jedes Anliegen nach Ablauf der Aufbewahrungsfrist anonymisiert.
- **Ideen und Kommentare** bleiben stehen, damit die Gespräche verständlich bleiben, und sind dann mit
  „Gelöschtes Konto“ unterschrieben. Kommentare können Sie vorher selbst löschen; für Ideen schreiben Sie uns.
  Ihre Unterstützungen und Abonnements werden gelöscht (die Zahl der Unterstützungen sinkt), ebenso erledigte
  Meldungen. Meldungen, die die Moderation noch nicht bearbeitet hat, bleiben ohne Ihren Namen bestehen.
- **Umfragen:** Ihre Antworten bleiben in den anonymen Ergebnissen, sind aber nicht mehr mit Ihrem Konto verbunden.
- **Konto:** Ihre E-Mail-Adressen, Ihre Zwei-Faktor-Anmeldung und alle Ihre Sitzungen werden gelöscht. Projekte
  und Umfragen nennen Sie nicht mehr als Leitung oder Verfasser·in.

## Ihre Rechte"""
NEW = OLD.replace(ACCOUNT_OLD, ACCOUNT_NEW).replace(RIGHTS_OLD, EXPORT_AND_DELETION)


def update_privacy_page(apps, schema_editor):
    LegalPage = apps.get_model("core", "LegalPage")
    LegalPage.objects.filter(kind="datenschutz", body=OLD).update(body=NEW)


def restore_privacy_page(apps, schema_editor):
    LegalPage = apps.get_model("core", "LegalPage")
    LegalPage.objects.filter(kind="datenschutz", body=NEW).update(body=OLD)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_job_runs")]
    operations = [migrations.RunPython(update_privacy_page, restore_privacy_page)]
