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
