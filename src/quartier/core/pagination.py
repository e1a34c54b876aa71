"""Lists with pages: one page parameter (`seite`) and one template (`core/_pagination.html`)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_PARAMETER = "seite"


def paginate(request: HttpRequest, object_list: Any, per_page: int) -> tuple[Page[Any], str]:
    """The requested page (the last for a number past the end, the first for nonsense)
    and the list's other query parameters, for the links to the other pages."""
    page = Paginator(object_list, per_page).get_page(request.GET.get(PAGE_PARAMETER))
    return page, other_parameters(request)


def other_parameters(request: HttpRequest) -> str:
    """The request's query string without the page parameter (for lists that page themselves)."""
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return query.urlencode()
