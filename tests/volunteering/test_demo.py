from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import F

from quartier.volunteering.models import ConductInspection, HelperCall, OtherHours, Shift, SignUp, SignUpStatus
from quartier.volunteering.services import card_progress

pytestmark = pytest.mark.django_db


def test_the_demo_town_has_helper_calls_with_full_shifts_and_a_provisional_sign_up(settings):
    settings.DEBUG = True
    call_command("load_demo")
    titles = set(HelperCall.objects.values_list("title", flat=True))
    assert {
        "Frühlingsmarkt: Kuchenstand",
        "Ferienspiele: Betreuerinnen und Betreuer",
        "Herbstmarkt: Kuchenstand",
    } <= titles
    assert Shift.objects.filter(places_taken=F("people_needed")).exists()
    assert Shift.objects.filter(places_taken__lt=F("people_needed")).exists()
    assert SignUp.objects.filter(status=SignUpStatus.PENDING, shift__call__title__startswith="Ferienspiele").exists()
    assert ConductInspection.objects.count() == 1
    from quartier.accounts.models import User
    from quartier.volunteering.services import confirmed_hours_per_year

    # One volunteer qualifies for the Ehrenamtskarte (the demo resident does not).
    assert card_progress(User.objects.get(email="lesepatin@example.org")).qualifies
    assert not card_progress(User.objects.get(email="bewohnerin@example.org")).qualifies

    assert len(confirmed_hours_per_year(User.objects.get(email="bewohnerin@example.org"))) == 2
    counts = (HelperCall.objects.count(), Shift.objects.count(), SignUp.objects.count(), OtherHours.objects.count())
    call_command("load_demo")
    assert (
        HelperCall.objects.count(),
        Shift.objects.count(),
        SignUp.objects.count(),
        OtherHours.objects.count(),
    ) == counts
