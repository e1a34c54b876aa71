"""The demo town as people meet it right after `quartier demo`."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from quartier.accounts.models import User
from quartier.participation.models import Idea
from quartier.participation.moderation import IDEAS_PER_HOUR, check_contribution

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_town(settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_demo_data_never_counts_against_the_demo_residents_limits(demo_town):
    resident = User.objects.get(email="bewohnerin@example.org")
    assert Idea.objects.filter(author=resident).count() > IDEAS_PER_HOUR  # the loader's ideas are hers
    check_contribution(user=resident, text="Ein Trinkbrunnen am Marktplatz.", kind="idea")
    check_contribution(user=resident, text="Gute Idee, ich helfe mit.", kind="comment")
