from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory

from quartier.core.pagination import other_parameters, paginate


def test_the_page_parameter_picks_the_page_and_is_left_out_of_the_other_parameters():
    request = RequestFactory().get("/", {"district": "alchen", "page": "2", "q": "a b"})
    page, query = paginate(request, list(range(25)), 10)
    assert list(page) == list(range(10, 20))
    assert query == "district=alchen&q=a+b"
    assert other_parameters(request) == query


def test_nonsense_or_a_number_past_the_end_gives_a_page_not_an_error():
    assert paginate(RequestFactory().get("/", {"page": "x"}), list(range(25)), 10)[0].number == 1
    assert paginate(RequestFactory().get("/", {"page": "99"}), list(range(25)), 10)[0].number == 3


def test_the_partial_links_the_neighbours_and_keeps_the_filters():
    page, query = paginate(RequestFactory().get("/", {"q": "x", "page": "2"}), list(range(25)), 10)
    html = render_to_string("core/_pagination.html", {"page": page, "query": query})
    assert 'href="?q=x&amp;page=1" rel="prev"' in html
    assert 'href="?q=x&amp;page=3" rel="next"' in html
    assert "Seite 2 von 3" in html
    single, _ = paginate(RequestFactory().get("/"), [1], 10)
    assert "pagination" not in render_to_string("core/_pagination.html", {"page": single, "query": ""})


def test_links_with_the_old_german_page_parameter_still_work():
    request = RequestFactory().get("/", {"q": "x", "seite": "3"})
    page, query = paginate(request, list(range(25)), 10)
    assert page.number == 3
    assert query == "q=x"


# Keyset paging: any model will do; districts are the simplest.
import datetime as dt  # noqa: E402

import pytest  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.utils import timezone  # noqa: E402

from quartier.core.pagination import capped_count, keyset_paginate  # noqa: E402
from quartier.places.models import District  # noqa: E402

ORDER = ("-updated_at", "-pk")


def _districts(count: int) -> list[District]:
    made = [
        District.objects.create(name=f"Ort {n:02}", slug=f"ort-{n:02}", latitude=50, longitude=7) for n in range(count)
    ]
    # Ties on the first column: the pk decides within them.
    moment = timezone.now()
    for n, district in enumerate(made):
        District.objects.filter(pk=district.pk).update(updated_at=moment - dt.timedelta(minutes=n // 3))
    return list(District.objects.order_by(*ORDER))


def _follow(query: str | None) -> dict[str, str]:
    assert query is not None
    return QueryDict(query).dict()


@pytest.mark.django_db
def test_keyset_pages_walk_forward_and_back_through_every_row_once(django_assert_num_queries):
    expected = _districts(11)
    request = RequestFactory().get("/", {"q": "x"})
    seen, pages = [], []
    while True:
        with django_assert_num_queries(1):
            page, query = keyset_paginate(request, District.objects.all(), 4, ORDER)
        assert query == "q=x"
        pages.append(list(page))
        seen += list(page)
        if not page.has_next:
            break
        assert _follow(page.next_query)["q"] == "x"
        request = RequestFactory().get("/", _follow(page.next_query))
    assert seen == expected
    assert [len(p) for p in pages] == [4, 4, 3]
    # And back: "vor" gives the page before, the first one has no previous page.
    back = []
    while page.has_previous:
        request = RequestFactory().get("/", _follow(page.previous_query))
        page, _query = keyset_paginate(request, District.objects.all(), 4, ORDER)
        back.append(list(page))
    assert back == pages[-2::-1]
    assert page.has_next


@pytest.mark.django_db
def test_a_broken_cursor_gives_the_first_page():
    expected = _districts(5)
    for cursor in ("x", "W10", "WyJ4IiwgMV0", "!!"):
        page, _query = keyset_paginate(RequestFactory().get("/", {"after": cursor}), District.objects.all(), 3, ORDER)
        assert list(page) == expected[:3]
        assert not page.has_previous


def test_keyset_sorts_must_end_unique_and_have_no_nulls():
    with pytest.raises(ValueError, match="unique"):
        keyset_paginate(RequestFactory().get("/"), District.objects.all(), 3, ("-updated_at",))
    with pytest.raises(ValueError, match="NULL"):
        keyset_paginate(RequestFactory().get("/"), District.objects.all(), 3, ("population", "pk"))


@pytest.mark.django_db
def test_the_partial_links_keyset_pages_without_page_numbers():
    _districts(5)
    page, query = keyset_paginate(RequestFactory().get("/", {"q": "x"}), District.objects.all(), 3, ORDER)
    html = render_to_string("core/_pagination.html", {"page": page, "query": query})
    assert 'href="?q=x&amp;after=' in html
    assert 'rel="prev"' not in html
    assert " von " not in html


@pytest.mark.django_db
def test_a_capped_count_stops_counting_at_the_cap(django_assert_num_queries):
    _districts(5)
    with django_assert_num_queries(1):
        counted = capped_count(District.objects.all(), cap=3)
    assert (counted.value, counted.more) == (3, True)
    assert capped_count(District.objects.all(), cap=5).value == 5
    assert not capped_count(District.objects.all(), cap=5).more
