"""A few posts from Freudenberg's districts in the demo town: the culture week, the Ferienspiele
registration opening, and one scheduled for next week; the family centre's partner proposed a
post that waits in the staff's queue; the demo resident subscribed a newsletter in her profile;
a campaign sent to the newsletters' subscribers and one planned for next week.

Idempotent: posts are found by slug, and nothing that exists is changed on a second run."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from quartier.accounts.models import User
from quartier.news.forms import CONSENT_TEXT
from quartier.news.models import NewsletterList, Post, SubscriptionRequest
from quartier.news.services import confirm_subscription, create_post
from quartier.places.models import FieldOfAction
from quartier.projects.models import Project

# slug, title, teaser, text, districts, fields of action, project, days from now
POSTS: list[tuple[Any, ...]] = [
    (
        "kulturwoche-programm-steht",
        "Das Programm der Kulturwoche steht",
        "Musik, Lesungen und Theater in Freudenberg und Niederndorf: das ganze Programm ist da.",
        "Die Musikschule und die Stadtbibliothek laden zur **Kulturwoche** ein. "
        "Alle Veranstaltungen sind kostenlos; für die Lesungen bitten wir um Anmeldung.",
        ["freudenberg", "niederndorf"],
        ["kultur"],
        "kulturwoche",
        -3,
    ),
    (
        "ferienspiele-anmeldung-offen",
        "Ferienspiele: die Anmeldung ist offen",
        "Ab sofort können Sie Ihre Kinder von 6 bis 12 Jahren für die Ferienspiele anmelden.",
        "Zwei Wochen Programm mit dem Kreisjugendring und dem NABU: Wald, Bach und Bauernhof. "
        "Die Plätze werden in der Reihenfolge der Anmeldung vergeben.",
        ["freudenberg", "alchen", "hohenhain"],
        ["jugend", "familie"],
        "ferienspiele",
        -10,
    ),
    (
        "sprechstunde-ortsvorsteher-bueschergrund",
        "Neue Sprechstunde des Ortsvorstehers in Büschergrund",
        "Ab dem nächsten Monat jeden ersten Dienstag im Dorfgemeinschaftshaus.",
        "Fragen, Anregungen und Sorgen können Sie dort ohne Termin vorbringen.",
        ["bueschergrund"],
        ["nachbarschaft"],
        "",
        -1,
    ),
    (
        "stadtputz-fruehjahr",
        "Stadtputz im Frühjahr: Helferinnen und Helfer gesucht",
        "Die ganze Stadt räumt auf: Handschuhe und Säcke stellt der Bauhof.",
        "Treffpunkte in allen Ortsteilen werden rechtzeitig bekanntgegeben.",
        [],
        ["umwelt"],
        "",
        7,
    ),
]


# slug, name, district, field of action; a subscriber each (confirmed, with the consent).
LISTS: list[tuple[str, str, str, str, str]] = [
    ("ortsteilbrief-freudenberg", "Ortsteilbrief Freudenberg", "freudenberg", "", "anna.beispiel@example.org"),
    ("familie", "Familie und Kinder", "", "familie", "familie.muster@example.org"),
]


def load_lists(districts: dict[str, Any]) -> None:
    fields = {field.slug: field for field in FieldOfAction.objects.all()}
    for slug, name, district_slug, field_slug, subscriber in LISTS:
        newsletter, created = NewsletterList.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "district": districts.get(district_slug),
                "field_of_action": fields.get(field_slug),
            },
        )
        if created:
            pending = SubscriptionRequest.objects.create(
                email=subscriber, consent_text=str(CONSENT_TEXT), source="Demo: Anmeldung an der Theke"
            )
            pending.lists.set([newsletter])
            confirm_subscription(pending=pending)


# subject, text, district, lists, days from now to send (None: sent at once).
CAMPAIGNS: list[tuple[str, str, str, list[str], int | None]] = [
    (
        "Ortsteilbrief Freudenberg: Kulturwoche und Ferienspiele",
        "Liebe Nachbarinnen und Nachbarn,\n\ndie **Kulturwoche** steht vor der Tür, und für die "
        "Ferienspiele können Sie Ihre Kinder jetzt anmelden. Alles Weitere finden Sie unten.\n\n"
        "Ihr Stadtteilbüro Freudenberg",
        "freudenberg",
        ["ortsteilbrief-freudenberg", "familie"],
        None,
    ),
    (
        "Ortsteilbrief Freudenberg: Was im nächsten Monat los ist",
        "Liebe Nachbarinnen und Nachbarn,\n\nhier sind die Termine und Helfergesuche der nächsten Wochen.",
        "freudenberg",
        ["ortsteilbrief-freudenberg"],
        7,
    ),
]


def load_campaigns(districts: dict[str, Any], by: Any) -> None:
    """A campaign sent through the worker's own path (its mail discarded: the demo addresses are
    not real) and one planned for next week. Found by subject, so a second run adds nothing."""
    from django.test.utils import override_settings

    from quartier.news.models import Campaign
    from quartier.news.services import save_campaign, schedule_campaign, send_campaign, send_campaign_batch

    lists = {item.slug: item for item in NewsletterList.objects.all()}
    for subject, text, district_slug, list_slugs, days in CAMPAIGNS:
        if Campaign.objects.filter(subject=subject).exists():
            continue
        campaign = save_campaign(
            campaign=Campaign(subject=subject, text=text, district=districts.get(district_slug)),
            lists=[lists[slug] for slug in list_slugs if slug in lists],
            by=by,
        )
        if days is None:
            send_campaign(campaign=campaign, by=by)
            with override_settings(
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", NEWS_CAMPAIGN_MAILS_PER_MINUTE=0
            ):
                send_campaign_batch(campaign_id=campaign.pk, limit=10_000)
        else:
            at = (timezone.localtime() + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
            schedule_campaign(campaign=campaign, at=at, by=by)


def load_posts(districts: dict[str, Any]) -> None:
    load_lists(districts)
    fields = {field.slug: field for field in FieldOfAction.objects.all()}
    projects = {project.slug: project for project in Project.objects.all()}
    # The coordinator writes the demo posts: every district and the whole town are theirs.
    by = User.objects.filter(is_coordinator=True).order_by("pk").first()
    if by is None:
        return
    now = timezone.now()
    for slug, title, teaser, text, district_slugs, field_slugs, project_slug, days in POSTS:
        if Post.objects.filter(slug=slug).exists():
            continue
        post = Post(
            slug=slug,
            title=title,
            teaser=teaser,
            text=text,
            project=projects.get(project_slug),
            published_at=now + timedelta(days=days),
        )
        create_post(
            post=post,
            districts=[districts[s] for s in district_slugs if s in districts],
            fields_of_action=[fields[s] for s in field_slugs if s in fields],
            by=by,
        )
    load_partner_proposal()
    load_resident_subscription()
    load_campaigns(districts, by)


PROPOSAL_SLUG = "familienzentrum-offenes-elterncafe"
RESIDENT = "bewohnerin@example.org"


def load_partner_proposal() -> None:
    """The family centre's partner proposes a post; it waits for the district's staff."""
    from quartier.network.models import Partnership
    from quartier.news.services import propose_post_for_organisation

    partnership = (
        Partnership.objects.filter(organisation__slug="familienzentrum-freudenberg", accepted_at__isnull=False)
        .select_related("organisation", "user")
        .first()
    )
    if partnership is None or partnership.user is None or Post.objects.filter(slug=PROPOSAL_SLUG).exists():
        return
    organisation = partnership.organisation
    post = Post(
        slug=PROPOSAL_SLUG,
        title="Offenes Elterncafé im Familienzentrum",
        teaser="Jeden Donnerstag ab 15 Uhr: Kaffee, Austausch und Spielecke für die Kleinen.",
        text="Kommen Sie einfach vorbei, eine Anmeldung ist nicht nötig. "
        "Eine Erzieherin beantwortet Fragen rund um Kita und Schule.",
    )
    propose_post_for_organisation(
        post=post,
        organisation=organisation,
        districts=list(organisation.districts.order_by("pk")[:1]),
        fields_of_action=FieldOfAction.objects.filter(slug="familie"),
        by=partnership.user,
    )


def load_resident_subscription() -> None:
    """The demo resident subscribed the Ortsteilbrief from her profile (her address is confirmed)."""
    from quartier.news.models import Subscription
    from quartier.news.services import request_subscription

    resident = User.objects.filter(email=RESIDENT).first()
    newsletter = NewsletterList.objects.filter(slug="ortsteilbrief-freudenberg").first()
    if resident is None or newsletter is None or Subscription.objects.filter(email=RESIDENT).exists():
        return
    request_subscription(
        email=RESIDENT,
        lists=[newsletter],
        consent_text=str(CONSENT_TEXT),
        source="Demo: Mein Konto",
        by=resident,
    )
