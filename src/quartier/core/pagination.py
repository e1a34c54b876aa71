"""Lists with pages: one page parameter (`page`) and one template (`core/_pagination.html`).

Every list's query parameters are English identifiers (``q``, ``district`` as a slug,
``field``, ``status``, ``sort``, ``page``); the German ``seite`` of older links still works.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_PARAMETER = "page"
OLD_PAGE_PARAMETERS = ("seite",)


def page_number(request: HttpRequest) -> str | None:
    """The page asked for, by the page parameter or an old name of it."""
    for name in (PAGE_PARAMETER, *OLD_PAGE_PARAMETERS):
        if request.GET.get(name):
            return request.GET[name]
    return None


def paginate(request: HttpRequest, object_list: Any, per_page: int) -> tuple[Page[Any], str]:
    """The requested page (the last for a number past the end, the first for nonsense)
    and the list's other query parameters, for the links to the other pages."""
    page = Paginator(object_list, per_page).get_page(page_number(request))
    return page, other_parameters(request)


def other_parameters(request: HttpRequest) -> str:
    """The request's query string without the page parameter (for lists that page themselves)."""
    query = request.GET.copy()
    for name in (PAGE_PARAMETER, *OLD_PAGE_PARAMETERS):
        query.pop(name, None)
    return query.urlencode()
