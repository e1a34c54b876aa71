"""The organisation page's extension point: apps above network (resources) show what they
hold of an organisation there without network naming them.

``organisation_sections`` takes ``core.registry.PageSection`` entries whose
``render(request, organisation)`` returns HTML (``render_to_string`` of the app's template,
a ``<section>`` with its own ``<h2>``) or nothing. The page caches the sections for every
visitor alike for up to ``FRAGMENT_SECONDS``: render nothing personal, and keep to a fixed
number of queries whatever the size of the lists."""

from __future__ import annotations

from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from quartier.core.registry import PageSection, Registry

organisation_sections: Registry[PageSection] = Registry("organisation sections")


def render_organisation_sections(request: Any, organisation: Any) -> list[SafeString]:
    """The registered sections for ``organisation``, in their order; empty ones left out."""
    rendered = []
    for section in organisation_sections:
        html = section.render(request, organisation)
        if html:
            rendered.append(conditional_escape(html))
    return rendered
