"""Dates read as each language writes them, from the named formats in quartier.formats."""

from __future__ import annotations

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from tests import factories

pytestmark = pytest.mark.django_db
MOMENT = timezone.make_aware(datetime.datetime(2026, 12, 1, 15, 0))
END = timezone.make_aware(datetime.datetime(2026, 12, 1, 17, 0))


def _text(response) -> str:
    return re.sub(r"<[^>]+>", "", response.content.decode())


def _render(text: str, language: str) -> str:
    with translation.override(language):
        return Template(text).render(Context({"moment": MOMENT}))


@pytest.mark.parametrize(
    ("name", "german", "english"),
    [
        ("DATETIME_FORMAT", "Di, 1. Dezember 2026, 15:00 Uhr", "Tue 1 December 2026, 15:00"),
        ("DATE_FORMAT", "1. Dezember 2026", "1 December 2026"),
        ("SHORT_DATE_FORMAT", "01.12.2026", "1 Dec 2026"),
    ],
)
def test_named_formats_per_language(name, german, english):
    template = f'{{{{ moment|date:"{name}" }}}}'
    assert _render(template, "de") == german
    assert _render(template, "en") == english


def test_english_event_page_shows_english_dates(client, district_a):
    event = factories.make_event(district_a, start=MOMENT, end=END)
    client.post("/sprache/", {"language": "en", "next": "/"})
    html = _text(client.get(event.dates.get().get_absolute_url()))
    assert "Tue 1 December 2026, 15:00 – 17:00" in html
    assert "Uhr" not in html
    german = factories.make_event(district_a, start=MOMENT, end=END)
    client.post("/sprache/", {"language": "de", "next": "/"})
    assert "Di, 1. Dezember 2026, 15:00 Uhr – 17:00 Uhr" in _text(client.get(german.dates.get().get_absolute_url()))


def test_the_printable_notice_writes_dates_in_the_active_language():
    from quartier.events.notice_pdf import _when

    with translation.override("en"):
        assert _when(MOMENT, END) == ["Tue 1 December 2026, 15:00 – 17:00"]
    with translation.override("de"):
        assert _when(MOMENT, END) == ["Di, 1. Dezember 2026, 15:00 Uhr – 17:00 Uhr"]
