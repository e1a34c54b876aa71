"""Participation's part of the yearly report: ideas submitted and realised, support given, comments."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from quartier.core.registry import Figure
from quartier.core.reporting import both_years
from quartier.participation.models import Comment, Idea, Support


def _scope(district: Any, field_of_action: Any, prefix: str = "") -> Q:
    q = Q()
    if district is not None:
        q &= Q(**{f"{prefix}district": district})
    if field_of_action is not None:
        q &= Q(**{f"{prefix}field_of_action": field_of_action})
    return q


def figures(year: int, district: Any = None, field_of_action: Any = None) -> list[Figure]:
    ideas = both_years(
        Idea.objects.filter(_scope(district, field_of_action), hidden_at__isnull=True),
        "created_at",
        year,
        submitted=lambda q: Count("pk", filter=q),
    )
    realised = both_years(
        Idea.objects.filter(_scope(district, field_of_action), hidden_at__isnull=True, status=Idea.Status.REALISED),
        "status_changed_at",
        year,
        realised=lambda q: Count("pk", filter=q),
    )
    supports = both_years(
        Support.objects.filter(_scope(district, field_of_action, "idea__"), idea__hidden_at__isnull=True),
        "created_at",
        year,
        given=lambda q: Count("pk", filter=q),
    )
    comments = both_years(
        Comment.objects.filter(_scope(district, field_of_action, "idea__"), hidden_at__isnull=True, is_deleted=False),
        "created_at",
        year,
        written=lambda q: Count("pk", filter=q),
    )
    return [
        Figure(_("Ideen eingereicht"), *ideas["submitted"]),
        Figure(_("Ideen umgesetzt"), *realised["realised"]),
        Figure(_("Unterstützungen"), *supports["given"]),
        Figure(_("Kommentare"), *comments["written"]),
    ]
