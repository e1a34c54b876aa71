from __future__ import annotations

import base64
import re
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from quartier.events.models import EventStatus
from quartier.events.notice_pdf import markdown_to_text
from tests import factories

_STREAM = re.compile(rb"/Filter \[ /ASCII85Decode /FlateDecode \] /Length \d+\s*>>\s*stream\r?\n(.*?)endstream", re.S)
_SHOWN = re.compile(rb"\(((?:[^\\)]|\\.)*)\) Tj")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)


def _unescape(match: re.Match[bytes]) -> bytes:
    code = match.group(1)
    if code[:1].isdigit():
        return bytes([int(code, 8)])
    return {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(code, code)


def page_text(pdf: bytes) -> str:
    """The text drawn on the pages (content streams inflated, string operands decoded), one line each."""
    lines = []
    for match in _STREAM.finditer(pdf):
        stream = zlib.decompress(base64.a85decode(b"<~" + match.group(1).strip(), adobe=True))
        for shown in _SHOWN.finditer(stream):
            # reportlab's WinAnsiEncoding puts the bullet at 0x7F (PDF spec, Annex D)
            lines.append(_ESCAPE.sub(_unescape, shown.group(1)).decode("cp1252").replace("\x7f", "•"))
    return "\n".join(lines)


def notice_url(event) -> str:
    return f"/termine/{event.pk}/{event.dates.get().pk}/aushang.pdf"


def test_notice_pdf_has_title_place_text_and_address(client, district_a, town):
    event = factories.make_event(
        district_a,
        title="Herbstmarkt",
        summary="Stände, Kuchen, Musik.",
        venue="Marktplatz",
        address="Hauptstraße 1",
        description="Wir **freuen** uns.\n\n- Flohmarkt\n- Kinderschminken\n\n<script>alert(1)</script>",
    )
    response = client.get(notice_url(event))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="aushang-{event.pk}-{event.dates.get().pk}.pdf"'
    assert response.content.startswith(b"%PDF")
    assert response.content.count(b"/Type /Page\n") == 1  # one A4 page
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in response.content
    text = page_text(response.content)
    for expected in ("Herbstmarkt", "Marktplatz", "Hauptstraße 1", district_a.name, "Stände, Kuchen, Musik."):
        assert expected in text
    assert "Wir freuen uns." in text
    assert "• Flohmarkt" in text
    assert "<script>" not in text
    assert f"http://testserver/termine/{event.pk}/{event.dates.get().pk}/" in text.replace("\n", "")
    assert town.name.upper() in text


def test_cancelled_event_shows_the_cancellation_and_reason(client, district_a):
    event = factories.make_event(district_a, status=EventStatus.CANCELLED, status_reason="Sturmwarnung")
    text = page_text(client.get(notice_url(event)).content)
    assert "ABGESAGT: Sturmwarnung" in text


def test_cancelled_single_date_shows_the_cancellation(client, district_a):
    event = factories.make_event(district_a)
    event.dates.update(status=EventStatus.POSTPONED, status_reason="Neuer Termin folgt")
    text = page_text(client.get(notice_url(event)).content)
    assert "VERSCHOBEN: Neuer Termin folgt" in text


def test_scheduled_event_shows_no_status(client, district_a):
    text = page_text(client.get(notice_url(factories.make_event(district_a))).content)
    assert "ABGESAGT" not in text
    assert "VERSCHOBEN" not in text


def test_unpublished_event_is_404_for_visitors_and_shown_to_its_staff(client, district_a, staff_a, as_user):
    event = factories.make_event(district_a, is_published=False)
    assert client.get(notice_url(event)).status_code == 404
    assert as_user(staff_a).get(notice_url(event)).status_code == 200


def test_date_of_another_event_is_404(client, district_a):
    event = factories.make_event(district_a)
    other = factories.make_event(district_a)
    assert client.get(f"/termine/{event.pk}/{other.dates.get().pk}/aushang.pdf").status_code == 404


def test_umlauts_and_sharp_s_are_printed(client, district_a):
    event = factories.make_event(district_a, title="Straßenfest an der Mühle – „Größer“", venue="Bürgerhaus")
    text = page_text(client.get(notice_url(event)).content).replace("\n", " ")
    assert "Straßenfest an der Mühle – „Größer“" in text
    assert "Bürgerhaus" in text


def test_characters_helvetica_cannot_print_do_not_break_the_file(client, district_a):
    event = factories.make_event(district_a, title="Nowruz 🎉 Ñandú ĳ")
    response = client.get(notice_url(event))
    assert response.status_code == 200
    assert "Nowruz ? Ñandú ?" in page_text(response.content)


def test_image_is_included_and_scaled(client, district_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    Image.new("RGB", (3000, 400), "darkgreen").save(buffer, format="PNG")
    event = factories.make_event(district_a, image=SimpleUploadedFile("bild.png", buffer.getvalue()))
    pdf = client.get(notice_url(event)).content
    assert b"/Subtype /Image" in pdf
    # drawn no wider than the 180 mm between the margins (510 pt), kept in proportion
    scale = re.search(rb"q\n([\d.]+) 0 0 ([\d.]+) [\d.]+ [\d.]+ cm\n/FormXob", _inflated(pdf))
    assert scale is not None
    width, height = float(scale.group(1)), float(scale.group(2))
    assert width <= 510.3
    assert abs(width / height - 3000 / 400) < 0.01


def test_missing_image_file_still_gives_a_notice(client, district_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = factories.make_event(district_a, title="Ohne Bild", image="events/gibt-es-nicht.png")
    response = client.get(notice_url(event))
    assert response.status_code == 200
    assert "Ohne Bild" in page_text(response.content)


def test_series_lists_its_next_dates(client, district_a):
    event = factories.make_event(district_a, title="Spieletreff", rrule="FREQ=WEEKLY;COUNT=10")
    first = event.dates.first()
    text = page_text(client.get(f"/termine/{event.pk}/{first.pk}/aushang.pdf").content)
    assert "Weitere Termine:" in text


def test_notice_pages_link_the_pdf(client, district_a):
    event = factories.make_event(district_a)
    event_date = event.dates.get()
    pdf = f'href="/termine/{event.pk}/{event_date.pk}/aushang.pdf"'
    assert pdf in client.get(f"/termine/{event.pk}/{event_date.pk}/aushang/").content.decode()
    assert pdf in client.get(event.get_absolute_url()).content.decode()


def test_query_count_does_not_grow_with_the_series(client, district_a, django_assert_num_queries):
    event = factories.make_event(district_a, rrule="FREQ=WEEKLY;COUNT=3")
    url = f"/termine/{event.pk}/{event.dates.first().pk}/aushang.pdf"
    client.get(url)  # warm the per-process caches (town)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    assert len(few.captured_queries) <= 3  # event with district, date, the series' next dates
    long_series = factories.make_event(district_a, rrule="FREQ=WEEKLY;COUNT=50")
    long_url = f"/termine/{long_series.pk}/{long_series.dates.first().pk}/aushang.pdf"
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(long_url).status_code == 200


def test_markdown_becomes_plain_paragraphs():
    assert markdown_to_text("# Titel\n\nEin *kurzer* Text mit [Link](https://example.org) &amp; <b>HTML</b>.") == [
        "Titel",
        "Ein kurzer Text mit Link & HTML.",
    ]


def _inflated(pdf: bytes) -> bytes:
    return b"".join(
        zlib.decompress(base64.a85decode(b"<~" + m.group(1).strip(), adobe=True)) for m in _STREAM.finditer(pdf)
    )


def test_long_description_is_cut_with_a_pointer_to_the_page(client, district_a):
    paragraphs = "\n\n".join(f"Absatz {number}: " + "Wort " * 30 for number in range(40))
    event = factories.make_event(district_a, title="Lange Beschreibung", description=paragraphs)
    response = client.get(notice_url(event))
    assert response.content.count(b"/Type /Page\n") == 1
    text = page_text(response.content)
    assert "Lange Beschreibung" in text
    assert "Absatz 0:" in text
    assert "Absatz 39:" not in text
    assert "weiter auf der Seite der Veranstaltung" in text.replace("\n", " ")
