"""The helper call page's extension point: apps above volunteering (network: the organisation
in whose name a call was proposed) show what they know of a call without volunteering naming
them.

``call_sections`` takes ``core.registry.PageSection`` entries whose ``render(request, call)``
returns HTML or nothing; they are rendered below the call's facts on its public page and on
its roster in the cockpit. Each costs a constant number of queries."""

from __future__ import annotations

from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from quartier.core.registry import PageSection, Registry

call_sections: Registry[PageSection] = Registry("helper call sections")


def render_call_sections(request: Any, call: Any) -> list[SafeString]:
    """The registered sections for ``call``, in their order; empty ones left out."""
    rendered = []
    for section in call_sections:
        html = section.render(request, call)
        if html:
            rendered.append(conditional_escape(html))
    return rendered
