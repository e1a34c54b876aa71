"""What a campaign says and how its mail looks.

The content is a plain dict (stored as JSON on the campaign when sending starts): the subject,
the Markdown text, and the automatic blocks — the latest posts, the next events, the open
helper calls of the campaign's district and of the whole town — each item with its title,
absolute address, a line about when or where, and a teaser. The HTML and plain-text parts and
the printed copy are rendered from it. The mail is rendered once per campaign with
placeholders for the recipient's private links, which each recipient's mail fills in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Min, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from quartier.core.links import absolute_url
from quartier.core.markdown import render_markdown
from quartier.events.models import EventDate
from quartier.news.models import Campaign, Post
from quartier.places.models import Town
from quartier.volunteering.models import HelperCall, Shift

BLOCK_ITEMS = 5
MANAGE_URL = "%%MANAGE_URL%%"
UNSUBSCRIBE_URL = "%%UNSUBSCRIBE_URL%%"
_RELATIVE_LINK = re.compile(r'(href|src)="/(?!/)')


def _when(moment: Any) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _post_items(campaign: Campaign) -> list[dict[str, str]]:
    posts = Post.objects.published()
    if campaign.district_id:
        posts = posts.in_district(campaign.district)  # type: ignore[arg-type]
    return [
        {
            "title": post.title,
            "url": absolute_url(post),
            "meta": date_format(timezone.localtime(post.published_at), "DATE_FORMAT") if post.published_at else "",
            "teaser": post.teaser,
        }
        for post in posts.order_by("-published_at", "-pk")[:BLOCK_ITEMS]
    ]


def _event_items(campaign: Campaign) -> list[dict[str, str]]:
    dates = EventDate.objects.public().upcoming().for_listing().exclude(status="cancelled").order_by("start", "pk")
    if campaign.district_id:
        dates = dates.filter(event__district_id=campaign.district_id)
    return [
        {
            "title": row.event.title,
            "url": absolute_url(row),
            "meta": f"{_when(row.start)}, {row.event.venue}",
            "teaser": row.event.summary,
        }
        for row in dates[:BLOCK_ITEMS]
    ]


def _call_items(campaign: Campaign) -> list[dict[str, str]]:
    now = timezone.now()
    shifts = Shift.objects.upcoming(now).with_free_places().filter(call__is_published=True)
    if campaign.district_id:
        shifts = shifts.filter(Q(call__district_id=campaign.district_id) | Q(call__district__isnull=True))
    calls = (
        HelperCall.objects.filter(pk__in=shifts.values("call_id"))
        .annotate(next_shift=Min("shifts__start", filter=Q(shifts__end__gte=now)))
        .order_by("next_shift", "pk")[:BLOCK_ITEMS]
    )
    return [
        {
            "title": call.title,
            "url": absolute_url(call),
            "meta": _("Nächste Schicht: %(when)s") % {"when": _when(call.next_shift)} if call.next_shift else "",
            "teaser": _("Ansprechperson: %(name)s") % {"name": call.contact_name},
        }
        for call in calls
    ]


def build_content(campaign: Campaign) -> dict[str, Any]:
    """The campaign's content now: its text and the automatic blocks it asks for."""
    with translation.override(settings.LANGUAGE_CODE):
        town = Town.load()
        place = campaign.district.name if campaign.district_id else (town.name if town else "")  # type: ignore[union-attr]
        sections = []
        if campaign.with_posts:
            sections.append({"heading": _("Neuigkeiten"), "items": _post_items(campaign)})
        if campaign.with_events:
            sections.append({"heading": _("Die nächsten Termine"), "items": _event_items(campaign)})
        if campaign.with_calls:
            sections.append({"heading": _("Helferinnen und Helfer gesucht"), "items": _call_items(campaign)})
        return {
            "subject": campaign.subject,
            "text": campaign.text,
            "place": place,
            "town": town.name if town else "",
            "sections": [section for section in sections if section["items"]],
        }


def content_of(campaign: Campaign) -> dict[str, Any]:
    """The frozen content once sending started, otherwise the content as it would be now."""
    return campaign.content if campaign.content else build_content(campaign)


def render_mail(content: dict[str, Any]) -> tuple[str, str]:
    """The HTML and plain-text parts, with placeholders for the recipient's private links."""
    with translation.override(settings.LANGUAGE_CODE):
        site = settings.SITE_URL.rstrip("/")
        # Every link in a mail is absolute: a path in the text gets the site's address.
        intro = mark_safe(_RELATIVE_LINK.sub(rf'\1="{site}/', render_markdown(content["text"])))  # noqa: S308
        context = {
            **content,
            "intro_html": intro,
            "language": settings.LANGUAGE_CODE,
            "manage_url": MANAGE_URL,
            "unsubscribe_url": UNSUBSCRIBE_URL,
            "subscribe_url": absolute_url(reverse("news:subscribe")),
        }
        html = render_to_string("news/email/campaign.html", context)
        text = render_to_string("news/email/campaign.txt", context)
    return html, text


def personalise(part: str, *, manage_url: str, unsubscribe_url: str) -> str:
    return part.replace(MANAGE_URL, manage_url).replace(UNSUBSCRIBE_URL, unsubscribe_url)


TOKEN_PLACEHOLDER = "--token--"  # noqa: S105  # replaced by each subscriber's token


@dataclass(frozen=True)
class CampaignMail:
    """A campaign's mail, rendered once; ``message`` fills in one subscriber's private links
    (their addresses reversed once too, the token put in per subscriber)."""

    subject: str
    html: str
    text: str
    manage_url: str = field(
        default_factory=lambda: absolute_url(reverse("news:subscription", args=[TOKEN_PLACEHOLDER]))
    )
    unsubscribe_url: str = field(
        default_factory=lambda: absolute_url(reverse("news:unsubscribe", args=[TOKEN_PLACEHOLDER]))
    )

    def message(self, *, email: str, token: str, connection: Any = None) -> EmailMultiAlternatives:
        """One subscriber's mail: both parts with their private links and the one-click headers
        (RFC 2369 and RFC 8058, as every mail to a subscriber has them)."""
        links = {
            "manage_url": self.manage_url.replace(TOKEN_PLACEHOLDER, token),
            "unsubscribe_url": self.unsubscribe_url.replace(TOKEN_PLACEHOLDER, token),
        }
        headers = {
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        message = EmailMultiAlternatives(
            self.subject, personalise(self.text, **links), None, [email], headers=headers, connection=connection
        )
        message.attach_alternative(personalise(self.html, **links), "text/html")
        return message


def campaign_mail(campaign: Campaign) -> CampaignMail:
    html, text = render_mail(content_of(campaign))
    return CampaignMail(subject=campaign.subject, html=html, text=text)


def trial_message(*, campaign: Campaign, to: str) -> EmailMultiAlternatives:
    """The test mail to the staff member: the campaign as subscribers will get it, the private
    links pointing to the newsletter page."""
    html, text = render_mail(content_of(campaign))
    newsletter = absolute_url(reverse("news:subscribe"))
    links = {"manage_url": newsletter, "unsubscribe_url": newsletter}
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[Test] %(subject)s") % {"subject": campaign.subject}
    message = EmailMultiAlternatives(subject, personalise(text, **links), None, [to])
    message.attach_alternative(personalise(html, **links), "text/html")
    return message
