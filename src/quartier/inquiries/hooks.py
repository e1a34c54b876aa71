"""What the inquiries app plugs into core: its navigation entry, cockpit tile and figures,
its section on the district page and its demo loader (registered in ``InquiriesConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from quartier.core import registry
from quartier.inquiries.figures import district_figures
from quartier.inquiries.models import Inquiry


def district_section(request: Any, district: Any) -> str:
    """How to reach the district's contact point, and its public reports (one query)."""
    recent = list(
        Inquiry.objects.public().filter(district=district).select_related("category").order_by("-created_at")[:3]
    )
    return render_to_string("inquiries/_district_section.html", {"district": district, "recent": recent})


def cockpit_section(request: Any, districts: Any) -> str:
    """The cockpit's table: open and overdue inquiries and median response times per district."""
    return render_to_string("inquiries/_cockpit_section.html", {"figures": district_figures(list(districts))})


def open_inquiries(user: Any) -> int:
    return Inquiry.objects.visible_to(user).open().count()


def overdue_inquiries(user: Any) -> int:
    return Inquiry.objects.visible_to(user).overdue().count()


def departments_section(request: Any, districts: Any) -> str:
    """The cockpit's table of how the departments answer the forwards the staff member may see."""
    from quartier.inquiries.departments import department_figures

    figures = [entry for entry in department_figures(request.user) if entry.forwarded]
    if not figures:
        return ""
    return render_to_string("inquiries/_cockpit_departments.html", {"figures": figures})


def overdue_forwards(user: Any) -> int:
    from quartier.inquiries.departments import Forward

    return Forward.objects.visible_to(user).overdue().count()


def load_demo(districts: dict[str, Any]) -> None:
    from quartier.inquiries.demo import load_inquiries
    from quartier.inquiries.demo_departments import load_departments

    load_inquiries(districts)
    load_departments(districts)


def register() -> None:
    from quartier.inquiries import reporting

    registry.report_sections.register(
        registry.ReportSection(
            name="inquiries", label=_("Anliegen"), figures=reporting.figures, tables=reporting.tables, order=40
        )
    )
    register_search()
    registry.navigation.register(
        registry.NavEntry(
            name="inquiries", label=_("Anliegen"), url_name="inquiries:index", order=40, active_prefix="/anliegen"
        )
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="inquiries",
            label=_("Anliegen"),
            url_name="inquiries:inbox",
            order=40,
            count=open_inquiries,
            description=_("Offene Anliegen"),
        )
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="inquiries_overdue",
            label=_("Überfällige Anliegen"),
            url_name="inquiries:inbox",
            query="overdue=1",
            order=40,
            count=overdue_inquiries,
            description=_("Noch ohne erste Antwort nach der Frist"),
        )
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="inquiry_forwards",
            label=_("Weiterleitungen"),
            url_name="inquiries:departments",
            order=41,
            count=overdue_forwards,
            description=_("Überfällige Antworten von Fachstellen"),
        )
    )
    registry.cockpit_sections.register(registry.PageSection(name="inquiries", render=cockpit_section, order=40))
    registry.cockpit_sections.register(
        registry.PageSection(name="inquiry_departments", render=departments_section, order=41)
    )
    registry.district_sections.register(registry.PageSection(name="inquiries", render=district_section, order=40))
    registry.demo_loaders.register(registry.DemoLoader(name="inquiries", load=load_demo, order=40))


def search_document(obj: Inquiry) -> registry.SearchDocument | None:
    """What the site search keeps of an inquiry (``None``: nobody may find it)."""
    # Staff of the inquiry's district only; the sender's name and address stay out of the index.
    return registry.SearchDocument(
        title=f"{obj.number}: {obj.first_line[:120]}",
        body=obj.text,
        url=obj.get_absolute_url(),
        district_id=obj.district_id,
        staff_only=True,
    )


def register_search() -> None:
    registry.search_providers.register(
        registry.SearchProvider(
            name="inquiries",
            label=_("Anliegen (nur für Mitarbeitende)"),
            model=Inquiry,
            document=search_document,
            order=80,
        )
    )
