"""What the network app plugs into core: its navigation entry, cockpit tiles, its sections on
the district and project pages and its demo loader (registered in ``NetworkConfig.ready``);
and its own section on the organisation page (its helper calls), through the extension point
``network.sections.organisation_sections`` that resources fills too; on a helper call's page
and roster (volunteering's ``call_sections``), the organisation in whose name it was proposed."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core import registry
from quartier.core.permissions import sees_every_district
from quartier.network.models import ActionItem, Organisation, RoundTable
from quartier.network.sections import organisation_sections
from quartier.volunteering.sections import call_sections


def district_organisations(request: Any, district: Any, limit: int = 8) -> str:
    organisations = list(
        Organisation.objects.filter(districts=district).order_by("name", "pk").only("name", "slug", "kind")[: limit + 1]
    )
    context = {"district": district, "organisations": organisations[:limit], "more": len(organisations) > limit}
    return render_to_string("network/_district_organisations.html", context)


def project_partners(request: Any, project: Any) -> str:
    partners = list(project.partner_organisations.order_by("name", "pk").only("name", "slug"))
    if not partners:
        return ""
    return render_to_string("network/_project_partners.html", {"partners": partners})


CALLS_SHOWN = 10


def organisation_calls(request: Any, organisation: Organisation, limit: int = CALLS_SHOWN) -> str:
    """The organisation's published helper calls that still have a shift to come, the next first (one query)."""
    from django.db.models import Min, Q

    from quartier.volunteering.models import HelperCall

    calls = list(
        HelperCall.objects.public()
        .filter(organisation_link__organisation=organisation)
        .annotate(next_start=Min("shifts__start", filter=Q(shifts__end__gte=timezone.now())))
        .filter(next_start__isnull=False)
        .order_by("next_start", "pk")
        .only("pk", "title")[: limit + 1]
    )
    if not calls:
        return ""
    context = {"calls": calls[:limit], "more": len(calls) > limit}
    return render_to_string("network/_organisation_calls.html", context)


def call_organisation(request: Any, call: Any) -> str:
    """On a helper call's page and roster: the organisation in whose name it was proposed (one query)."""
    from quartier.network.models import OrganisationCall

    link = OrganisationCall.objects.filter(call=call).select_related("organisation").first()
    if link is None:
        return ""
    return render_to_string("network/_call_organisation.html", {"organisation": link.organisation})


def overdue_action_items(user: Any) -> int:
    """Open action items past their due date in round tables of the staff member's districts."""
    items = ActionItem.objects.filter(status=ActionItem.Status.OPEN, due__lt=timezone.localdate())
    if not sees_every_district(user):
        items = items.filter(round_table__in=RoundTable.objects.managed_by(user))
    return items.count()


def send_reminders() -> str:
    from quartier.network.meetings import send_action_item_reminders

    return f"{send_action_item_reminders()} reminders sent"


def load_demo(districts: dict[str, Any]) -> None:
    from quartier.network.demo import load_organisations

    load_organisations(districts)


def register() -> None:
    register_search()
    registry.navigation.register(
        registry.NavEntry(name="network", label=_("Netzwerk"), url_name="network:list", order=65)
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(name="network", label=_("Organisationen verwalten"), url_name="network:cockpit", order=65)
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="network_matrix",
            label=_("Wer macht was?"),
            url_name="network:matrix",
            order=66,
            description=_("Organisationen und Handlungsfelder je Ortsteil: wo noch niemand arbeitet"),
        )
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="network_overdue",
            label=_("Aufgaben der Runden Tische"),
            url_name="network:round_table_cockpit",
            order=67,
            count=overdue_action_items,
            description=_("Offene Aufgaben, deren Termin verstrichen ist"),
        )
    )
    registry.navigation.register(
        registry.NavEntry(
            name="round_tables",
            label=_("Runde Tische"),
            url_name="network:round_tables",
            order=66,
            visible=lambda user: bool(getattr(user, "is_authenticated", False)),
        )
    )
    registry.jobs.register(
        registry.Job(
            name="remind_action_items",
            run=send_reminders,
            schedule="0 8 * * *",
            description=_("Erinnerung an die Zuständigen drei Tage bevor eine Aufgabe eines Runden Tischs fällig ist"),
        )
    )
    registry.district_sections.register(
        registry.PageSection(name="network", render=district_organisations, order=65, column="side")
    )
    registry.project_sections.register(
        registry.PageSection(name="network", render=project_partners, order=65, column="side")
    )
    registry.demo_loaders.register(registry.DemoLoader(name="network", load=load_demo, order=70))
    organisation_sections.register(registry.PageSection(name="helper_calls", render=organisation_calls, order=30))
    call_sections.register(registry.PageSection(name="network", render=call_organisation, order=30))


def search_document(obj: Organisation) -> registry.SearchDocument | None:
    """What the site search keeps of an organisation (``None``: nobody may find it)."""
    return registry.SearchDocument(
        title=obj.name, body=f"{obj.description}\n{obj.street} {obj.city}", url=obj.get_absolute_url()
    )


def register_search() -> None:
    registry.search_providers.register(
        registry.SearchProvider(
            name="organisations", label=_("Organisationen"), model=Organisation, document=search_document, order=60
        )
    )
