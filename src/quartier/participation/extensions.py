"""Where apps above participation plug into the pages of an idea.

Participation knows no app above it. What another app links to an idea (projects: the
project an idea became) it registers here in its ``hooks.py``:

- ``idea_links``: links shown beside an idea, on its public page (under "Auf einen Blick")
  and in the cockpit's list of ideas. ``links(ideas)`` answers for a whole list at once
  (one query, whatever the number of ideas): a dict from idea id to its links.
- ``idea_staff_sections``: a section on the cockpit page of one idea (where staff set its
  status), ``render(request, idea)`` returns HTML, as the core's page sections do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from quartier.core.registry import PageSection, Registry

if TYPE_CHECKING:
    from quartier.participation.models import Idea


@dataclass(frozen=True)
class IdeaLink:
    """One link beside an idea: ``label`` names what it is ("Projekt"), ``text`` is the link text."""

    label: Any
    text: str
    url: str


@dataclass(frozen=True)
class IdeaLinkSource:
    """``links(ideas)`` returns {idea id: [IdeaLink, ...]} for the ideas given, in one query."""

    name: str
    links: Callable[[Sequence[Idea]], Mapping[int, Sequence[IdeaLink]]]
    order: int = 100


idea_links: Registry[IdeaLinkSource] = Registry("idea links")
idea_staff_sections: Registry[PageSection] = Registry("idea staff sections")


def attach_links(ideas: Sequence[Idea]) -> None:
    """Give each idea ``linked``: the links every registered source has for it, in order."""
    ideas = list(ideas)
    found: dict[int, list[IdeaLink]] = {idea.pk: [] for idea in ideas}
    if ideas:
        for source in idea_links:
            for idea_id, links in source.links(ideas).items():
                found.setdefault(idea_id, []).extend(links)
    for idea in ideas:
        idea.linked = found[idea.pk]  # type: ignore[attr-defined]


def render_staff_sections(request: Any, idea: Idea) -> list[SafeString]:
    rendered = []
    for section in idea_staff_sections:
        html = section.render(request, idea)
        if html:
            rendered.append(conditional_escape(html))
    return rendered
