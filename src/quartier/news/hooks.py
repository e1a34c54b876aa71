"""What the news app plugs into core: its navigation entry, its cockpit tile, its sections on the
home, district, project and profile pages (and on an organisation's page, network's extension
point) and its demo loader (registered in ``NewsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from quartier.core import registry
from quartier.network.sections import organisation_sections
from quartier.news.models import Post

SECTION_POSTS = 3


def district_posts(request: Any, district: Any) -> str:
    # Cached for every visitor alike (see PageSection): only published posts, nothing personal.
    posts = list(Post.objects.published().in_district(district).order_by("-published_at", "-pk")[:SECTION_POSTS])
    if not posts:
        return ""
    return render_to_string("news/_section.html", {"posts": posts, "district": district})


def home_posts(request: Any, town: Any) -> str:
    # Cached for every visitor alike (see PageSection): only published posts, nothing personal.
    posts = list(Post.objects.published().for_listing()[:SECTION_POSTS])
    if not posts:
        return ""
    return render_to_string("news/_section.html", {"posts": posts, "home": True})


def organisation_posts(request: Any, organisation: Any) -> str:
    # On the organisation's directory page, cached for every visitor alike: published posts only.
    posts = list(Post.objects.published().filter(organisation=organisation).for_listing()[:SECTION_POSTS])
    if not posts:
        return ""
    return render_to_string("news/_section.html", {"posts": posts})


def project_posts(request: Any, project: Any) -> str:
    posts = list(Post.objects.published().filter(project=project).order_by("-published_at", "-pk")[:SECTION_POSTS])
    if not posts:
        return ""
    return render_to_string("news/_section.html", {"posts": posts})


def profile_newsletters(request: Any, user: Any) -> str:
    """The person's own subscriptions (by the account's confirmed addresses) with a button to end
    each list or all, and a form to subscribe to more: a constant number of queries however
    many subscriptions and lists there are. Never cached."""
    from django.middleware.csrf import get_token

    from quartier.news.profile_views import own_subscriptions, subscribe_form
    from quartier.news.services import confirmed_addresses

    addresses = confirmed_addresses(user)
    subscriptions = own_subscriptions(addresses)
    form = subscribe_form(None, addresses=addresses, subscriptions=subscriptions)
    context = {
        "addresses": addresses,
        "subscriptions": subscriptions,
        "form": form,
        "more_lists": form.fields["lists"].queryset.exists(),  # type: ignore[attr-defined]
        "csrf_token": get_token(request),
    }
    return render_to_string("news/_profile_newsletters.html", context)


def profile_partner_posts(request: Any, user: Any) -> str:
    """For partners: a link per organisation to propose a post in its name (one query)."""
    from quartier.network.models import Organisation

    organisations = list(
        Organisation.objects.filter(partnerships__user=user, partnerships__accepted_at__isnull=False)
        .distinct()
        .order_by("name", "pk")
        .only("name", "slug")
    )
    if not organisations:
        return ""
    return render_to_string("news/_profile_partner_posts.html", {"organisations": organisations})


def scheduled_count(user: Any) -> int:
    from django.db.models import Q
    from django.utils import timezone

    return (
        Post.objects.editable_by(user).filter(Q(published_at__gt=timezone.now()) | Q(proposed_at__isnull=False)).count()
    )


def load_demo(districts: dict[str, Any]) -> None:
    from quartier.news.demo import load_posts

    load_posts(districts)


def delete_unconfirmed() -> str:
    from quartier.news.services import delete_unconfirmed_requests

    return delete_unconfirmed_requests()


def start_due_campaigns() -> str:
    from quartier.news.services import start_due_campaigns as start_due

    return start_due()


def forget_campaign_addresses() -> str:
    from quartier.news.services import forget_campaign_addresses as forget

    return forget()


def register() -> None:
    from quartier.news import reporting

    registry.report_sections.register(
        registry.ReportSection(name="news", label=_("Aktuelles und Newsletter"), figures=reporting.figures, order=80)
    )
    register_search()
    registry.navigation.register(registry.NavEntry(name="news", label=_("Aktuelles"), url_name="news:list", order=15))
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="news",
            label=_("Meldungen schreiben"),
            url_name="news:cockpit",
            order=15,
            count=scheduled_count,
            description=_("Geplante Meldungen und Vorschläge von Partnern in Ihren Ortsteilen"),
        )
    )
    registry.district_sections.register(registry.PageSection(name="news", render=district_posts, order=15))
    registry.project_sections.register(registry.PageSection(name="news", render=project_posts, order=15))
    registry.profile_sections.register(registry.PageSection(name="news", render=profile_newsletters, order=15))
    registry.profile_sections.register(
        registry.PageSection(name="news-partner-posts", render=profile_partner_posts, order=16)
    )
    organisation_sections.register(registry.PageSection(name="news", render=organisation_posts, order=20))
    registry.home_sections.register(registry.PageSection(name="news", render=home_posts, order=15))
    registry.demo_loaders.register(registry.DemoLoader(name="news", load=load_demo, order=80))
    registry.jobs.register(
        registry.Job(
            name="delete_unconfirmed_subscriptions",
            run=delete_unconfirmed,
            schedule="40 3 * * *",
            description=_("Unbestätigte Newsletter-Anmeldungen löschen"),
        )
    )
    registry.jobs.register(
        registry.Job(
            name="start_due_campaigns",
            run=start_due_campaigns,
            schedule="* * * * *",
            description=_("Geplante Rundbriefe versenden, unterbrochenen Versand fortsetzen"),
        )
    )
    registry.jobs.register(
        registry.Job(
            name="forget_campaign_addresses",
            run=forget_campaign_addresses,
            schedule="50 3 * * *",
            description=_("Adressen versendeter Rundbriefe vergessen (die Zahlen bleiben)"),
        )
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="news_campaigns",
            label=_("Rundbriefe"),
            url_name="news:campaigns",
            order=16,
            count=None,
            description=_("Newsletter schreiben, planen und versenden"),
        )
    )


def search_document(obj: Post) -> registry.SearchDocument | None:
    """What the site search keeps of a post (``None``: nobody may find it)."""
    if obj.published_at is None:
        return None
    return registry.SearchDocument(
        title=obj.title, body=f"{obj.teaser}\n{obj.text}", url=obj.get_absolute_url(), visible_from=obj.published_at
    )


def register_search() -> None:
    registry.search_providers.register(
        registry.SearchProvider(name="news", label=_("Aktuelles"), model=Post, document=search_document, order=10)
    )
