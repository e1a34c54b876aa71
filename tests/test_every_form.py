"""No value posted to any form of the site makes a server error (issue 8.13).

The URL configuration is walked; each page's URL arguments are filled from a small world
(a district with a project, an event with a date and a registration, an idea with a
comment, a survey, an inquiry); every page is fetched as a visitor, a resident and a staff
member, and every form found on it is sent back with odd values drawn by hypothesis.
A new page with a form is covered without touching this file.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from quartier.core.models import LegalPage
from quartier.events.services import register_for_event
from quartier.participation.services import post_comment
from tests import factories
from tests.conftest import signed_in
from tests.funding.conftest import add_plan, make_application
from tests.participation.conftest import field_of_action, make_idea
from tests.resources.conftest import at, book, make_resource
from tests.surveys.conftest import make_survey

# Pages not to send forms to: they end the session or the account the walk goes on with,
# or are the Django admin (its own forms, tested by Django).
SKIPPED_NAMES = {"account_logout", "accounts:delete", "mfa_deactivate_totp", "set_language"}
SKIPPED_PREFIXES = ("/verwaltung/", "/open311/", "/media/")
# Files and feeds carry no forms.
FILE_SUFFIX = re.compile(r"\.(ics|csv|pdf|json|xml|css|png|jpe?g)$")

ODD_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "2147483648",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "25:61",
    "\x00",
    "a\x08\x1bb",
    "\u202egnilrev",
    "Zeile\r\nZeile",
    "[x][1]\n\n[1]: http://spam.example",
    "<script>alert(1)</script>",
    "x" * 3000,
    "' OR '1'='1",
    "../../etc/passwd",
    "🙂" * 5,
]
odd_text = st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=40))


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, name: str, kind: str, value: str | None) -> None:
        entry = self.fields.setdefault(name, {"kind": kind, "values": []})
        if value is not None:
            entry["values"].append(value)


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            self._form = Form((attributes.get("method") or "get").lower(), attributes.get("action") or "")
        elif self._form is None:
            return
        elif tag == "input" and name:
            self._form.add(name, (attributes.get("type") or "text").lower(), attributes.get("value") or "")
        elif tag == "textarea" and name:
            self._form.add(name, "textarea", "")
        elif tag == "select" and name:
            self._select = name
            self._form.add(name, "select", None)
        elif tag == "option" and self._select:
            self._form.add(self._select, "select", attributes.get("value") or "")
        elif tag == "button" and name:
            self._form.add(name, "submit", attributes.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def _patterns(patterns: list, namespace: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((f"{namespace}{pattern.name}", pattern))
    return found


def _pages(candidates: dict[str, list[Any]]) -> list[list[str]]:
    """Every named URL of the site whose arguments can be filled, each as the list of ways to
    fill them (one of which names an object that exists)."""
    pages = []
    for name, pattern in _patterns(get_resolver().url_patterns):
        if name in SKIPPED_NAMES:
            continue
        keys = sorted(set(pattern.pattern.regex.groupindex))
        if any(key not in candidates for key in keys):
            continue
        ways = []
        for values in itertools.product(*(candidates[key] for key in keys)):
            try:
                url = reverse(name, kwargs=dict(zip(keys, values, strict=True)))
            except NoReverseMatch:
                continue
            if not url.startswith(SKIPPED_PREFIXES) and not FILE_SUFFIX.search(url):
                ways.append(url)
        if ways:
            pages.append(ways)
    return pages


def _sendable(page_url: str, form: Form) -> str | None:
    """The path the form sends to, unless it is one the walk must not use."""
    path = urlsplit(urljoin(page_url, form.action)).path
    if path.startswith(SKIPPED_PREFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return None if match.view_name in SKIPPED_NAMES else path


@pytest.fixture
def world(district_a, resident, staff_a) -> dict[str, list[Any]]:
    """One of each thing a URL names, and the values each URL argument can take."""
    project = factories.make_project(district_a)
    event = factories.make_event(district_a, registration_required=True, capacity=5, asks_participant_details=True)
    event_date = event.dates.get()
    registration = register_for_event(event_date=event_date, name="Vera", email="vera@example.org", user=None)
    idea = make_idea(district_a, resident)
    comment = post_comment(idea=idea, author=resident, text="Gute Idee")
    survey = make_survey(district_a, requires_account=False)
    inquiry = factories.make_inquiry(district_a)
    category = factories.make_category("Straßen", code="strasse")
    lendable = make_resource(district_a, kind="room", capacity=10, contents="Schlüssel\nBeamer")
    booking = book(lendable, at(2, 10), at(2, 12), status="requested", person=resident)
    application = make_application(district_a, status="approved")
    add_plan(application)
    objects = [project, event, event_date, registration, idea, comment, survey, inquiry, category, resident, booking]
    objects.append(application)
    return {
        "pk": sorted({obj.pk for obj in objects} | {district_a.contact_point_id}),
        "date_pk": [event_date.pk],
        "slug": [district_a.slug, project.slug, field_of_action().slug, lendable.slug],
        "kind": ["idee", "kommentar", *LegalPage.Kind.values],
        "token": [registration.token, inquiry.token],
        "number": [inquiry.number],
    }


def _forms(client: Client, pages: list[list[str]]) -> list[tuple[str, Form]]:
    """The forms this client finds on the site, each once."""
    found: dict[tuple[Any, ...], tuple[str, Form]] = {}
    for ways in pages:
        for url in ways:
            response = client.get(url)
            if response.status_code == 404:
                continue  # no such object: try the next way to fill the URL
            break
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue  # closed to this client (or no page): other objects would not open it
        parser = FormParser()
        parser.feed(response.content.decode())
        for form in parser.forms:
            path = _sendable(url, form)
            if path is not None:
                found.setdefault((form.method, path, tuple(sorted(form.fields))), (path, form))
    return list(found.values())


def _values(data: st.DataObject, form: Form) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, entry in form.fields.items():
        kind, known = entry["kind"], [value for value in entry["values"] if value is not None]
        if name == "csrfmiddlewaretoken" or kind == "file" or data.draw(st.integers(0, 9)) == 0:
            continue  # the test client skips CSRF checks; one field in ten is left out
        if kind in {"select", "radio", "checkbox", "submit"} and known:
            values[name] = data.draw(st.one_of(st.sampled_from(known), odd_text))
        else:
            values[name] = data.draw(st.one_of(st.sampled_from(known or [""]), odd_text))
    return values


@pytest.mark.parametrize("persona", ["visitor", "resident", "staff"])
def test_odd_values_in_every_form_make_no_server_error(persona, world, resident, staff_a):
    client = {
        "visitor": Client,
        "resident": lambda: signed_in(resident, second_factor=False),
        "staff": lambda: signed_in(staff_a),
    }[persona]()
    forms = _forms(client, _pages(world))
    assert len(forms) >= {"visitor": 5, "resident": 10, "staff": 20}[persona]

    @settings(
        max_examples=10,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: the failing values are printed
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def send_odd_values(data: st.DataObject) -> None:
        for path, form in forms:
            values = _values(data, form)
            send = client.post if form.method == "post" else client.get
            try:
                response = send(path, values)
            except Exception as error:
                raise AssertionError(f"{form.method} {path} {values!r}") from error
            assert response.status_code < 500, (path, values)

    send_odd_values()
