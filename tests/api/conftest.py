"""A small public town for the API tests, with one hidden, unpublished or private record of each kind beside it."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from quartier.network.models import Organisation
from quartier.news.models import Post
from quartier.participation.models import Idea
from quartier.places.models import FieldOfAction
from quartier.resources.models import Booking, BookingStatus, Resource
from tests import factories


def add_public_records(district, field, number: int) -> None:
    """One public record of each kind (for lists that grow)."""
    project = factories.make_project(district, title=f"Spielplatz {number}", slug=f"spielplatz-{number}")
    project.fields_of_action.add(field)
    event = factories.make_event(
        district,
        title=f"Fest {number}",
        project=project,
        organiser_email="orga@example.org",
        organiser_name="Olga Orga",
    )
    event.fields_of_action.add(field)
    author = factories.make_user(f"author{number}@example.org", name=f"Ida Idee {number}")
    Idea.objects.create(
        title=f"Bank {number}", text="Eine Bank am Weiher.", district=district, field_of_action=field, author=author
    )
    organisation = Organisation.objects.create(
        name=f"Verein {number}",
        slug=f"verein-{number}",
        kind=Organisation.Kind.CLUB,
        email=f"info{number}@verein.example",
    )
    organisation.districts.add(district)
    organisation.fields_of_action.add(field)
    post = Post.objects.create(
        title=f"Meldung {number}",
        slug=f"meldung-{number}",
        teaser="Neu.",
        published_at=timezone.now() - timedelta(hours=1),
        organisation=organisation,
        project=project,
    )
    post.districts.add(district)
    post.fields_of_action.add(field)
    Resource.objects.create(
        district=district,
        name=f"Bierbank {number}",
        slug=f"bierbank-{number}",
        summary="Zum Ausleihen.",
        organisation=organisation,
    )
    call = factories.make_helper_call(district, shifts=2, contact_name="Frau Kontakt")
    call.fields_of_action.add(field)


@pytest.fixture
def public_town(db, district_a, district_b, resident):
    field = FieldOfAction.objects.order_by("pk").first() or FieldOfAction.objects.create(name="Spiel", slug="spiel")
    add_public_records(district_a, field, 1)
    # What no visitor sees: an unpublished event, a hidden idea, a draft post, an inactive
    # resource, an unpublished helper call.
    factories.make_event(district_a, title="Geheimes Treffen", is_published=False)
    Idea.objects.create(
        title="Ausgeblendete Idee",
        text="Spam.",
        district=district_a,
        field_of_action=field,
        author=resident,
        hidden_at=timezone.now(),
    )
    Post.objects.create(title="Entwurf", slug="entwurf", teaser="Noch nicht.")
    Post.objects.create(
        title="Später", slug="spaeter", teaser="Morgen.", published_at=timezone.now() + timedelta(days=1)
    )
    hidden = Resource.objects.create(
        district=district_a, name="Kaputter Grill", slug="kaputter-grill", summary="Defekt.", is_active=False
    )
    factories.make_helper_call(district_a, title="Interner Aufruf", is_published=False)
    room = Resource.objects.get(slug="bierbank-1")
    start = timezone.now() + timedelta(days=2)
    booking = Booking.objects.create(
        resource=room,
        person=resident,
        name="Rita Resident",
        email="resident@example.org",
        start=start,
        end=start + timedelta(hours=3),
        blocked_start=start,
        blocked_end=start + timedelta(hours=3),
        status=BookingStatus.CONFIRMED,
    )
    return SimpleNamespace(field=field, district=district_a, room=room, booking=booking, hidden_resource=hidden)
