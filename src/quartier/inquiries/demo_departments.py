"""Demo departments (Bauhof, Ordnungsamt, Jugendamt, the county's road department) and inquiries
forwarded to them, one in every state of a forward, one of them overdue. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from quartier.accounts.models import User
from quartier.core.images import clean_image
from quartier.inquiries import forwarding, services
from quartier.inquiries.departments import Department, Forward
from quartier.inquiries.models import Category, Inquiry
from quartier.places.models import District

# name, e-mail, categories, working days, external
DEPARTMENTS = [
    ("Bauhof", "bauhof@freudenberg.example", ["spielplatz", "muell"], 5, False),
    ("Ordnungsamt", "ordnungsamt@freudenberg.example", ["sonstiges"], 3, False),
    ("Jugendamt", "jugendamt@freudenberg.example", ["familie", "angebote"], 10, False),
    ("Straßenmeisterei des Kreises", "strassen@kreis.example", ["strasse"], 10, True),
]
State = Forward.State
# department, category, text, state the department reached, days since forwarding, include contact
FORWARDS = [
    ("Bauhof", "spielplatz", "Am Bolzplatz Bühl ist das Tornetz gerissen.", State.DONE, 9, False),
    ("Bauhof", "muell", "Am Wanderparkplatz liegen seit Tagen Müllsäcke.", State.SENT, 12, False),
    ("Ordnungsamt", "sonstiges", "Auf dem Gehweg vor der Schule parken jeden Morgen Autos.", State.RECEIVED, 2, False),
    ("Jugendamt", "familie", "Gibt es für Jugendliche im Ort einen Treffpunkt am Abend?", State.IN_PROGRESS, 4, True),
    (
        "Straßenmeisterei des Kreises",
        "strasse",
        "Die Straßenlaterne an der Kreisstraße Richtung Oberheuslingen ist dunkel.",
        State.NOT_RESPONSIBLE,
        6,
        False,
    ),
]
ANSWERS = {
    State.RECEIVED: "Ist bei uns eingegangen, wir schauen es uns diese Woche an.",
    State.IN_PROGRESS: "Wir prüfen, ob das Jugendzentrum dienstags länger öffnen kann.",
    State.DONE: "Das Netz wurde heute ersetzt.",
    State.NOT_RESPONSIBLE: "Die Laternen an Kreisstraßen betreuen die Stadtwerke. Bitte dorthin weitergeben.",
}


def load_departments(districts: dict[str, District]) -> None:
    departments: dict[str, Department] = {}
    for name, email, codes, days, external in DEPARTMENTS:
        department, created = Department.objects.get_or_create(
            name=name, defaults={"email": email, "response_days": days, "is_external": external}
        )
        if created:
            department.categories.set(Category.objects.filter(code__in=codes))
        departments[name] = department
    district = next(iter(districts.values()))
    staff = district.staff.first() or User.objects.filter(is_coordinator=True).first()
    if staff is None:
        return
    now = timezone.now()
    for name, code, text, state, days, include_contact in FORWARDS:
        if Inquiry.objects.filter(district=district, text=text).exists():
            continue
        inquiry = services.submit_inquiry(
            data=services.NewInquiry(
                kind=Inquiry.Kind.PROBLEM,
                category=Category.objects.get(code=code),
                district=district,
                text=text,
                name="Demo-Person Weiterleitung",
                email="",  # demo inquiries send no mail
            )
        )
        forward = forwarding.forward_inquiry(
            inquiry=inquiry,
            department=departments[name],
            note="Bitte kurz Bescheid geben, wenn es erledigt ist.",
            include_contact=include_contact,
            by=staff,
        )
        # Back-date the forward so the demo shows answer times and an overdue one.
        sent = now - timedelta(days=days)
        Inquiry.objects.filter(pk=inquiry.pk).update(created_at=sent - timedelta(days=1))
        Forward.objects.filter(pk=forward.pk).update(
            sent_at=sent, due_at=forwarding.forward_due(sent, departments[name].response_days)
        )
        if state != State.SENT:
            forwarding.answer_forward(forward=forward, state=state, answer=ANSWERS[state], photo=_photo(state))


def _photo(state: str) -> ContentFile[bytes] | None:
    if state != State.DONE:
        return None
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (60, 140, 80)).save(buffer, format="JPEG")
    return clean_image(ContentFile(buffer.getvalue(), name="demo.jpg"))
