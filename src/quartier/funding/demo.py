"""NRW-style funding programmes and applications of the demo town's projects in different
states: one approved with its proof of use due next month, one declined, one in drafting.
Idempotent: programmes are found by slug, applications by title."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from quartier.accounts.models import User
from quartier.funding.models import Application, PlanLine, Programme, ProofOfUse, Status
from quartier.funding.proof import activity_for, draft_report
from quartier.funding.services import (
    ACTUAL_OPEN,
    LineInput,
    add_condition,
    add_document,
    create_application,
    fulfil_condition,
    move_application,
    save_finance_plan,
    save_proof_report,
)
from quartier.places.models import FieldOfAction
from quartier.projects.models import Project

CHECK = "Die aktuellen Bedingungen stehen auf der Seite des Fördergebers; bitte vor dem Antrag prüfen."

# slug, name, provider, provider name, link, rate, min, max, own contribution, deadline kind, months ahead, fields, eligibility, public
PROGRAMMES: list[tuple[Any, ...]] = [
    (
        "heimat-scheck",
        "Heimat-Scheck",
        "state",
        "Ministerium für Heimat, Kommunales, Bau und Digitalisierung NRW",
        "https://www.mhkbd.nrw/",
        None,
        "2000",
        "2000",
        "kein Eigenanteil",
        "open",
        None,
        ["kultur", "nachbarschaft"],
        "Vereine, Initiativen und Gruppen, die Heimat vor Ort erlebbar machen.",
        True,
    ),
    (
        "kjfp-nrw",
        "Kinder- und Jugendförderplan NRW",
        "state",
        "Land Nordrhein-Westfalen",
        "https://www.mkjfgfi.nrw/",
        "80",
        "1000",
        "25000",
        "20 % Eigenanteil",
        "yearly",
        4,
        ["jugend"],
        "Träger der Kinder- und Jugendarbeit, Kommunen.",
        True,
    ),
    (
        "aktion-mensch-inklusion",
        "Aktion Mensch – Förderung von Inklusionsprojekten",
        "lottery",
        "Aktion Mensch e. V.",
        "https://www.aktion-mensch.de/foerderung",
        "70",
        "",
        "50000",
        "30 % Eigen- oder Drittmittel",
        "open",
        None,
        ["integration", "familie"],
        "Gemeinnützige Organisationen der freien Wohlfahrtspflege, Vereine.",
        True,
    ),
    (
        "leader-kleinprojekte",
        "LEADER – Kleinprojekte der Region Siegen-Wittgenstein",
        "eu",
        "Lokale Aktionsgruppe (LAG)",
        "",
        "80",
        "",
        "20000",
        "20 % Eigenanteil",
        "yearly",
        6,
        ["nachbarschaft", "umwelt"],
        "Kommunen, Vereine und Privatpersonen im LEADER-Gebiet.",
        False,
    ),
]


def youth_plan(*, submitted: bool) -> list[LineInput]:
    """The youth rooms' plan: as submitted (4,500 € requested), or after the partial approval
    (4,000 €, own funds up by 500 €) with what was spent, one line overrun by 26 %."""
    c = PlanLine.Category
    rows = [
        (c.FEES, "Honorare der Jugendleiterinnen", "2400.00", "2350.00"),
        (c.MATERIAL, "Spiel- und Bastelmaterial", "1500.00", "1890.00"),
        (c.STAFF, "Anteilige Personalkosten der Jugendpflege", "1200.00", "1150.00"),
        (c.INVESTMENT, "Tischkicker für Alchen", "525.00", "235.00"),
        (c.OWN_FUNDS, "Eigenmittel des Quartiersbüros", "1125.00" if submitted else "1625.00", "1625.00"),
        (c.GRANT, "Kinder- und Jugendförderplan NRW", "4500.00" if submitted else "4000.00", "4000.00"),
    ]
    return [
        LineInput(
            category=category,
            description=text,
            planned=Decimal(planned),
            actual=Decimal("0.00") if submitted else Decimal(actual),
        )
        for category, text, planned, actual in rows
    ]


def load_funding(districts: dict[str, Any]) -> None:
    by = User.objects.filter(is_coordinator=True).order_by("pk").first()
    if by is None:
        return
    today = timezone.localdate()
    fields = {field.slug: field for field in FieldOfAction.objects.all()}
    programmes: dict[str, Programme] = {}
    for row in PROGRAMMES:
        (
            slug,
            name,
            provider,
            provider_name,
            link,
            rate,
            minimum,
            maximum,
            own,
            kind,
            months,
            field_slugs,
            who,
            public,
        ) = row
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            programme = Programme.objects.create(
                slug=slug,
                name=name,
                provider=provider,
                provider_name=provider_name,
                link=link,
                funding_rate=Decimal(rate) if rate else None,
                minimum_amount=Decimal(minimum) if minimum else None,
                maximum_amount=Decimal(maximum) if maximum else None,
                own_contribution=own,
                deadline_kind=kind,
                deadline=today + datetime.timedelta(days=30 * months) if months else None,
                eligibility=who,
                notes=CHECK,
                public=public,
            )
            programme.fields_of_action.set([fields[s] for s in field_slugs if s in fields])
        programmes[slug] = programme
    projects = {
        project.slug: project
        for project in Project.objects.filter(slug__in=["jugendarbeit", "kulturwoche", "cafe-international"])
    }
    if len(projects) < 3:
        return
    if not Application.objects.filter(title="Jugendräume in den Dörfern").exists():
        approved = create_application(
            title="Jugendräume in den Dörfern",
            programme=programmes["kjfp-nrw"],
            projects=[projects["jugendarbeit"]],
            requested=Decimal("4500.00"),
            own_contribution=Decimal("1125.00"),
            by=by,
        )
        approved = move_application(application=approved, to=Status.DRAFTING, by=by)
        save_finance_plan(application=approved, lines=youth_plan(submitted=True), by=by)
        for to, amount in [
            (Status.SUBMITTED, None),
            (Status.PARTLY_APPROVED, Decimal("4000.00")),
            (Status.FUNDS_CALLED, Decimal("2000.00")),
            (Status.FUNDS_CALLED, Decimal("2000.00")),
        ]:
            approved = move_application(application=approved, to=to, amount=amount, by=by)
        move_application(
            application=approved, to=Status.PROOF_DUE, proof_due=today + datetime.timedelta(days=35), by=by
        )
    approved_application = Application.objects.filter(title="Jugendräume in den Dörfern").first()
    if approved_application is not None:
        _approval_papers(approved_application, by, today)
    youth = Application.objects.get(title="Jugendräume in den Dörfern")
    if youth.status in ACTUAL_OPEN and not youth.plan_lines.filter(actual__gt=0).exists():
        # After the partial approval the plan follows the notice; the material line ran 26 % over.
        youth = save_finance_plan(
            application=youth,
            lines=youth_plan(submitted=False),
            funded_from=today - datetime.timedelta(days=300),
            funded_until=today,
            by=by,
        )
    if youth.status in ACTUAL_OPEN and not ProofOfUse.objects.filter(application=youth).exists():
        activity = activity_for(youth)
        if activity is not None:
            save_proof_report(application=youth, report=draft_report(youth, activity), by=by)
    if not Application.objects.filter(title="Heimatabend der Kulturwoche").exists():
        declined = create_application(
            title="Heimatabend der Kulturwoche",
            programme=programmes["heimat-scheck"],
            projects=[projects["kulturwoche"]],
            requested=Decimal("2000.00"),
            by=by,
        )
        declined = move_application(application=declined, to=Status.DRAFTING, by=by)
        c = PlanLine.Category
        save_finance_plan(
            application=declined,
            lines=[
                LineInput(category=c.FEES, description="Musik und Lesung", planned=Decimal("1200.00")),
                LineInput(category=c.MATERIAL, description="Technik und Plakate", planned=Decimal("800.00")),
                LineInput(category=c.GRANT, description="Heimat-Scheck", planned=Decimal("2000.00")),
            ],
            by=by,
        )
        declined = move_application(application=declined, to=Status.SUBMITTED, by=by)
        move_application(
            application=declined, to=Status.DECLINED, note="Das Kontingent des Jahres war ausgeschöpft.", by=by
        )
    if not Application.objects.filter(title="Café International für alle").exists():
        drafting = create_application(
            title="Café International für alle",
            programme=programmes["aktion-mensch-inklusion"],
            projects=[projects["cafe-international"]],
            requested=Decimal("12500.00"),
            own_contribution=Decimal("3750.00"),
            third_party=Decimal("1000.00"),
            submission_deadline=today + datetime.timedelta(days=21),
            by=by,
        )
        move_application(application=drafting, to=Status.DRAFTING, by=by)


def approval_notice_pdf(application: Application) -> bytes:
    """A one-page sample approval notice (Bewilligungsbescheid) for the demo."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    sheet.setTitle("Bewilligungsbescheid (Muster)")
    sheet.setFont("Helvetica-Bold", 14)
    sheet.drawString(72, 770, "Bewilligungsbescheid (Muster der Demo)")
    sheet.setFont("Helvetica", 11)
    lines = [
        f"Zuwendung aus dem {application.programme.name}",
        f"Vorhaben: {application.title}",
        f"Bewilligt: {application.approved} EUR als Anteilfinanzierung",
        "Nebenbestimmungen: ANBest-P; Auflagen siehe Anlage.",
        "Dieses Dokument ist ein Beispiel der Demo und kein echter Bescheid.",
    ]
    for number, line in enumerate(lines):
        sheet.drawString(72, 730 - 20 * number, line)
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def _approval_papers(application: Application, by: Any, today: datetime.date) -> None:
    """The approval notice as a document and two conditions: one fulfilled, one due next month."""
    from quartier.funding.models import Document

    if not application.documents.filter(kind=Document.Kind.APPROVAL).exists():
        add_document(
            application=application,
            kind=Document.Kind.APPROVAL,
            title="Bewilligungsbescheid",
            upload=ContentFile(approval_notice_pdf(application), name="Bewilligungsbescheid.pdf"),
            by=by,
        )
    texts = {condition.text for condition in application.conditions.all()}
    if "Förderhinweis mit Logo des Landes an den Jugendräumen anbringen" not in texts:
        sign = add_condition(
            application=application,
            text="Förderhinweis mit Logo des Landes an den Jugendräumen anbringen",
            due=today - datetime.timedelta(days=10),
            by=by,
        )
        fulfil_condition(condition=sign, on=today - datetime.timedelta(days=12), by=by)
    if "Zwischenbericht über die Öffnungszeiten einreichen" not in texts:
        add_condition(
            application=application,
            text="Zwischenbericht über die Öffnungszeiten einreichen",
            due=today + datetime.timedelta(days=30),
            by=by,
        )
