"""The site search: German words, visibility per provider, staff-only inquiries, freshness,
the results page and its query count, and input that must never break it. Runs on SQLite
(FTS5) and on PostgreSQL (German full-text search) alike."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from quartier.core import registry
from quartier.core.models import LegalPage, SearchEntry
from quartier.core.search import reindex, search, terms
from quartier.events.services import publish_proposal
from quartier.participation.moderation import block, hide, restore
from tests.factories import make_district, make_event, make_helper_call, make_inquiry, make_project
from tests.network.conftest import make_organisation
from tests.news.conftest import make_post
from tests.participation.conftest import make_idea
from tests.resources.conftest import make_resource

SEARCH_URL = "/suche/"


def titles(query: str, user, kind: str | None = None) -> list[str]:
    groups = search(query, user, kinds=[kind] if kind else None, limit=50)
    return [hit.title for group in groups for hit in group.hits]


def kinds_found(query: str, user) -> list[str]:
    return [group.provider.name for group in search(query, user)]


# German words -----------------------------------------------------------------------------


def test_whole_word_finds_the_record(district_a, resident):
    make_project(district_a, title="Die Spielekiste", summary="Spiele zum Ausleihen")
    assert titles("Spielekiste", resident) == ["Die Spielekiste"]
    assert titles("spielekiste", resident) == ["Die Spielekiste"]


def test_the_start_of_a_word_finds_the_longer_word(district_a, resident):
    make_project(district_a, title="Ferienspiele 2026", summary="Drei Wochen Programm")
    assert titles("Ferienspiel", resident) == ["Ferienspiele 2026"]
    assert titles("ferien", resident) == ["Ferienspiele 2026"]


def test_umlauts_as_typed_and_written_out(district_a, resident):
    make_project(district_a, title="Bürgertreff am Markt", summary="Offener Treff")
    make_project(district_a, title="Spielplatz Buergerpark", summary="Geschrieben ohne Umlaut")
    assert titles("Bürgertreff", resident) == ["Bürgertreff am Markt"]
    assert titles("Buergertreff", resident) == ["Bürgertreff am Markt"]
    # written out in the text, typed with the umlaut
    assert titles("Bürgerpark", resident) == ["Spielplatz Buergerpark"]


def test_every_word_must_match(district_a, resident):
    make_project(district_a, title="Spielekiste Alchen", summary="Kurz.")
    make_project(district_a, title="Spielekiste Oberfischbach", summary="Kurz.")
    assert titles("Spielekiste Alchen", resident) == ["Spielekiste Alchen"]


def test_a_title_match_ranks_before_a_match_in_the_text(district_a, resident):
    make_project(district_a, title="Sommerfest im Park", summary="Kurz.", description="Es gibt auch Kuchen.")
    make_project(district_a, title="Kuchenbasar", summary="Kuchen, Kuchen und Kaffee")
    assert titles("Kuchen", resident)[0] == "Kuchenbasar"


def test_the_snippet_marks_the_word_found_and_escapes_the_rest(district_a, resident):
    make_project(district_a, title="Werkstatt", summary="Kurz.", description="<b>Reparatur</b> von Fahrrädern im Hof")
    [group] = search("Fahrrad", resident)
    snippet = str(group.hits[0].snippet)
    assert "<mark>" in snippet
    assert "<b>" not in snippet
    assert "&lt;b&gt;" in snippet or "Reparatur" in snippet


# Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!",
        '"',
        '"Spiel',
        "*",
        "Spiel*",
        "NEAR(a b)",
        "a NEAR b",
        "-Spiel",
        "Spiel -kiste",
        "AND OR NOT",
        "title:Spiel",
        "spiel:* & !kiste | (x",
        "'; DROP TABLE core_searchentry; --",
        "\\",
        "%_",
        "😀",
        "x" * 5000,
        " ".join(["Spiel"] * 500),
        "der die das",
    ],
)
def test_no_input_breaks_the_search(client, district_a, query):
    make_project(district_a, title="Spielekiste", summary="Kurz.")
    response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200


def test_terms_keep_only_letters_and_digits():
    assert terms('"NEAR* -Spiel:kiste') == [["near"], ["spiel"], ["kiste"]]
    assert terms("Grüße") == [["grüße", "gruesse", "grüsse"]]
    assert len(terms(" ".join(f"w{n}" for n in range(100)))) == 8
    assert terms("") == []


def test_fts_syntax_is_searched_as_words(district_a, resident):
    make_project(district_a, title="Near und Far", summary="Kurz.")
    assert titles("NEAR", resident) == ["Near und Far"]
    assert titles('"near"*', resident) == ["Near und Far"]


def test_bad_page_and_kind_are_ignored(client, district_a):
    make_project(district_a, title="Spielekiste", summary="Kurz.")
    for params in ({"page": "x"}, {"page": "-3"}, {"page": "99999999999999"}, {"kind": "nope"}, {"kind": "projects"}):
        response = client.get(SEARCH_URL, {"q": "Spielekiste", **params})
        assert response.status_code == 200
        assert "Spielekiste" in response.content.decode()


# Visibility per provider ----------------------------------------------------------------------


def test_districts_are_found(district_a, resident):
    make_district("Oberholzklau", portrait="Ein Dorf mit Backhaus.")
    assert titles("Backhaus", resident) == ["Oberholzklau"]


def test_legal_pages_are_found(db, resident):
    LegalPage.objects.update_or_create(
        kind=LegalPage.Kind.IMPRINT,
        defaults={"title": "Impressum", "body": "Verantwortlich: Stadtverwaltung Quartierhausen"},
    )
    assert "Impressum" in titles("Quartierhausen", resident)


def test_unpublished_events_are_not_found_until_published(district_a, resident):
    make_event(district_a, title="Laternenumzug öffentlich")
    proposal = make_event(district_a, title="Laternenumzug Vorschlag", is_published=False)
    assert titles("Laternenumzug", resident, "events") == ["Laternenumzug öffentlich"]
    publish_proposal(event=proposal)
    assert sorted(titles("Laternenumzug", resident, "events")) == [
        "Laternenumzug Vorschlag",
        "Laternenumzug öffentlich",
    ]


def test_hidden_ideas_are_not_found(district_a, resident, coordinator):
    idea = make_idea(district_a, resident, title="Trinkbrunnen am Markt")
    assert titles("Trinkbrunnen", resident, "ideas") == ["Trinkbrunnen am Markt"]
    hide(moderator=coordinator, reason="Beleidigend", idea=idea)
    assert titles("Trinkbrunnen", resident, "ideas") == []
    restore(moderator=coordinator, idea=idea)
    assert titles("Trinkbrunnen", resident, "ideas") == ["Trinkbrunnen am Markt"]


def test_ideas_of_a_blocked_person_leave_the_index(district_a, resident, coordinator):
    make_idea(district_a, resident, title="Trinkbrunnen am Markt")
    block(moderator=coordinator, person=resident, reason="Wiederholt beleidigend")
    assert titles("Trinkbrunnen", resident, "ideas") == []


def test_news_are_found_only_once_published(district_a, resident):
    make_post(district_a, title="Baustelle Hauptstraße", slug="baustelle-1", days=-1)
    make_post(district_a, title="Baustelle Schulweg", slug="baustelle-2", days=2)
    make_post(district_a, title="Baustelle Vorschlag", slug="baustelle-3", published_at=None)
    assert titles("Baustelle", resident, "news") == ["Baustelle Hauptstraße"]


def test_unpublished_helper_calls_are_not_found(district_a, resident):
    make_helper_call(district_a, title="Helfer für das Dorffest")
    make_helper_call(district_a, title="Helfer für die Dorfkirmes", is_published=False)
    assert titles("Helfer", resident, "helper_calls") == ["Helfer für das Dorffest"]


def test_inactive_resources_are_not_found(district_a, resident):
    make_resource(district_a, name="Lastenrad Blau", slug="lastenrad-blau")
    make_resource(district_a, name="Lastenrad Rot", slug="lastenrad-rot", is_active=False)
    assert titles("Lastenrad", resident, "resources") == ["Lastenrad Blau"]


def test_projects_and_organisations_are_found(district_a, resident):
    make_project(district_a, title="Dorfladen", summary="Kurz.")
    make_organisation(district_a, name="Förderverein Dorfladen", description="Trägt den Laden.")
    assert kinds_found("Dorfladen", resident) == ["projects", "organisations"]


# Inquiries: staff of the district only -------------------------------------------------------


def test_inquiries_only_for_staff_of_their_district(district_a, resident, staff_a, staff_b, coordinator):
    inquiry = make_inquiry(district_a, text="Die Straßenlaterne am Kirchweg flackert.")
    assert titles("Straßenlaterne", resident) == []
    assert titles("Straßenlaterne", staff_b) == []
    assert titles("Straßenlaterne", staff_a) == [f"{inquiry.number}: Die Straßenlaterne am Kirchweg flackert."]
    assert len(titles("Straßenlaterne", coordinator)) == 1
    assert "Paula" not in SearchEntry.objects.get(kind="inquiries").body  # the sender's name stays out


def test_inquiries_need_the_second_factor(district_a, staff_a):
    from quartier.core.permissions import SECOND_FACTOR_ATTRIBUTE

    make_inquiry(district_a, text="Die Straßenlaterne flackert.")
    setattr(staff_a, SECOND_FACTOR_ATTRIBUTE, False)
    assert titles("Straßenlaterne", staff_a) == []


def test_inquiry_pages_through_the_url_stay_closed(as_user, district_a, staff_b, resident):
    make_inquiry(district_a, text="Die Straßenlaterne flackert.")
    for user in (staff_b, resident):
        page = as_user(user).get(SEARCH_URL, {"q": "Straßenlaterne", "kind": "inquiries"}).content.decode()
        assert "flackert" not in page
    assert "flackert" not in Client().get(SEARCH_URL, {"q": "Straßenlaterne"}).content.decode()


def test_staff_see_their_inquiries_on_the_page(as_user, district_a, staff_a):
    make_inquiry(district_a, text="Die Straßenlaterne flackert.")
    page = as_user(staff_a).get(SEARCH_URL, {"q": "Straßenlaterne"}).content.decode()
    assert "flackert" in page


# Freshness -----------------------------------------------------------------------------------


def test_an_edit_shows_at_once_and_a_deletion_removes(district_a, resident):
    project = make_project(district_a, title="Bolzplatz", summary="Kurz.")
    project.title = "Mehrgenerationenplatz"
    project.save()
    assert titles("Bolzplatz", resident) == []
    assert titles("Mehrgenerationenplatz", resident) == ["Mehrgenerationenplatz"]
    project.delete()
    assert titles("Mehrgenerationenplatz", resident) == []
    assert not SearchEntry.objects.filter(kind="projects").exists()


def test_reindex_rebuilds_everything(district_a, resident):
    make_project(district_a, title="Spielekiste", summary="Kurz.")
    make_event(district_a, title="Spieletreff")
    SearchEntry.objects.all().delete()
    assert titles("Spiel", resident) == []
    out = StringIO()
    call_command("reindex", stdout=out)
    assert "projects: 1" in out.getvalue()
    assert sorted(titles("Spiel", resident)) == ["Spielekiste", "Spieletreff"]


def test_reindex_of_one_kind_and_unknown_kinds(district_a, resident):
    make_project(district_a, title="Spielekiste", summary="Kurz.")
    SearchEntry.objects.all().delete()
    assert reindex(["projects"]) == {"projects": 1}
    assert titles("Spielekiste", resident) == ["Spielekiste"]
    with pytest.raises(CommandError):
        call_command("reindex", "nope")


def test_every_provider_is_registered():
    names = {provider.name for provider in registry.search_providers}
    assert {
        "districts",
        "projects",
        "events",
        "ideas",
        "news",
        "organisations",
        "helper_calls",
        "resources",
        "inquiries",
        "pages",
    } <= names


# The page ---------------------------------------------------------------------------------


def test_the_header_has_the_search_box(client, town):
    page = client.get("/").content.decode()
    assert 'role="search"' in page
    assert f'action="{SEARCH_URL}"' in page


def test_results_are_grouped_with_a_link_to_more(client, district_a):
    for number in range(7):
        make_project(district_a, title=f"Spielekiste {number}", summary="Kurz.")
    make_event(district_a, title="Spieletreff")
    page = client.get(SEARCH_URL, {"q": "Spiel"}).content.decode()
    assert page.index('id="search-events"') < page.index('id="search-projects"')  # in the providers' order
    assert page.count("Spielekiste ") == 5
    assert "Alle 7 Treffer" in page
    more = client.get(SEARCH_URL, {"q": "Spiel", "kind": "projects"}).content.decode()
    assert more.count("Spielekiste ") == 7
    assert "Spieletreff" not in more


def test_kind_pages_page_through(client, district_a):
    for number in range(23):
        make_project(district_a, title=f"Spielekiste {number}", summary="Kurz.")
    first = client.get(SEARCH_URL, {"q": "Spielekiste", "kind": "projects"}).content.decode()
    second = client.get(SEARCH_URL, {"q": "Spielekiste", "kind": "projects", "page": "2"}).content.decode()
    assert first.count('class="kern-link" href="/projekte/') == 20
    assert second.count('class="kern-link" href="/projekte/') == 3
    assert 'rel="next"' in first
    assert 'rel="prev"' in second


def test_nothing_found_says_so(client, town):
    page = client.get(SEARCH_URL, {"q": "Zwetschgenkuchen"}).content.decode()
    assert "nichts gefunden" in page


def _fill(district, other_district, user, count: int) -> None:
    for number in range(count):
        make_project(district, title=f"Spielekiste {number}", summary="Spiele")
        make_event(district, title=f"Spieletreff {number}")
        make_organisation(district, name=f"Spieleverein {number}", description="Spiele")
        make_idea(district, user, title=f"Spielplatz {number}")
        make_inquiry(district, text=f"Spielgerät {number} kaputt")
        make_inquiry(other_district, text=f"Spielgerät {number} woanders kaputt")


def test_query_count_stays_constant(as_user, district_a, district_b, staff_a, resident, django_assert_max_num_queries):
    client = as_user(staff_a)
    _fill(district_a, district_b, resident, 2)
    cache.clear()
    with django_assert_max_num_queries(30) as few:
        assert client.get(SEARCH_URL, {"q": "Spiel"}).status_code == 200
    _fill(district_a, district_b, resident, 12)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(SEARCH_URL, {"q": "Spiel"})
    assert response.status_code == 200
    assert "woanders" not in response.content.decode()


def test_search_itself_costs_three_queries(district_a, resident, no_page_cache, django_assert_num_queries):
    _fill(district_a, make_district("Anderswo"), resident, 3)
    # the person's districts (for staff-only records), the hits of every kind, their snippets
    with django_assert_num_queries(3):
        assert len(search("Spiel", resident)) == 4


def test_news_published_later_are_found_from_then_on_without_a_save(district_a, resident):
    make_post(district_a, title="Sperrmüll", slug="sperrmuell", days=1)
    assert titles("Sperrmüll", resident, "news") == []
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert titles("Sperrmüll", resident, "news") == ["Sperrmüll"]


def test_the_demo_town_is_indexed(db):
    from quartier.demo.loader import load_demo_town

    load_demo_town()
    entries = SearchEntry.objects.count()
    assert {"districts", "projects", "events", "ideas", "organisations", "pages"} <= set(
        SearchEntry.objects.values_list("kind", flat=True)
    )
    load_demo_town()  # idempotent: the same entries again
    assert SearchEntry.objects.count() == entries
