from __future__ import annotations

import pytest

from quartier.core.text import german_slug, slug_shadowed, unique_slug
from quartier.places.models import District


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Büschergrund", "bueschergrund"), ("Straße am Öhlbach", "strasse-am-oehlbach"), ("Ärztehaus", "aerztehaus")],
)
def test_german_slugs_transliterate_umlauts_and_sharp_s(text, slug):
    assert german_slug(text) == slug


def test_unique_slug_counts_up_past_taken_ones(district_a):
    District.objects.filter(pk=district_a.pk).update(slug="bueschergrund")
    assert unique_slug(District.objects.all(), "Büschergrund", max_length=120, fallback="ortsteil") == "bueschergrund-2"
    assert unique_slug(District.objects.all(), "!!!", max_length=120, fallback="ortsteil") == "ortsteil"


def test_the_admin_makes_an_empty_district_slug_from_the_name(client, administrator, as_user):
    admin = as_user(administrator)
    response = admin.post(
        "/verwaltung/places/district/add/",
        {"name": "Büschergrund", "slug": "", "latitude": "50.9", "longitude": "7.9", "staff": []},
    )
    assert response.status_code == 302, [line for line in response.content.decode().splitlines() if "error" in line][
        :10
    ]
    assert District.objects.get(name="Büschergrund").slug == "bueschergrund"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "title", "model_path"),
    [
        ("news:detail", "Newsletter", "quartier.news.models.Post"),
        ("news:detail", "Feed", "quartier.news.models.Post"),
        ("resources:detail", "Meine Buchungen", "quartier.resources.models.Resource"),
        ("network:round_table", "Meine Aufgaben", "quartier.network.models.RoundTable"),
    ],
)
def test_a_generated_slug_never_lands_on_an_address_another_page_answers(url_name, title, model_path):
    from django.urls import resolve, reverse
    from django.utils.module_loading import import_string

    model = import_string(model_path)
    slug = unique_slug(model.objects.all(), title, max_length=120, fallback="x", url_name=url_name)
    assert slug.endswith("-2")
    assert resolve(reverse(url_name, kwargs={"slug": slug})).view_name == url_name


def test_slug_shadowed_tells_a_free_address_from_a_taken_one():
    assert slug_shadowed("feed", "news:detail")
    assert not slug_shadowed("sommerfest", "news:detail")
    assert slug_shadowed("meine-buchungen", "resources:detail")
