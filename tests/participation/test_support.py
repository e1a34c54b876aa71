from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.urls import reverse

from quartier.participation.models import Support
from quartier.participation.services import support_idea, withdraw_support
from tests import factories

pytestmark = pytest.mark.django_db


def test_supporting_twice_leaves_one_support(as_user, idea):
    client = as_user(factories.make_user())
    url = reverse("participation:idea_support", kwargs={"pk": idea.pk})
    client.post(url)
    client.post(url)
    idea.refresh_from_db()
    assert idea.support_count == 1
    assert Support.objects.count() == 1


def test_support_can_be_taken_back(as_user, idea):
    person = factories.make_user()
    client = as_user(person)
    url = reverse("participation:idea_support", kwargs={"pk": idea.pk})
    client.post(url)
    assert "Unterstützung zurücknehmen" in client.get(idea.get_absolute_url()).content.decode()
    client.post(url, {"action": "withdraw"})
    client.post(url, {"action": "withdraw"})
    idea.refresh_from_db()
    assert idea.support_count == 0
    assert not Support.objects.exists()


def test_visitor_cannot_support(client, idea):
    response = client.post(reverse("participation:idea_support", kwargs={"pk": idea.pk}))
    assert response.status_code == 302
    assert not Support.objects.exists()


def test_support_needs_post(as_user, idea):
    response = as_user(factories.make_user()).get(reverse("participation:idea_support", kwargs={"pk": idea.pk}))
    assert response.status_code == 405


def test_services_report_whether_anything_changed(idea):
    person = factories.make_user()
    assert support_idea(idea=idea, user=person) is True
    assert support_idea(idea=idea, user=person) is False
    assert withdraw_support(idea=idea, user=person) is True
    assert withdraw_support(idea=idea, user=person) is False


def test_database_refuses_a_second_support(idea):
    person = factories.make_user()
    Support.objects.create(idea=idea, user=person)
    with pytest.raises(IntegrityError):
        Support.objects.create(idea=idea, user=person)


def test_a_connection_lost_half_way_leaves_no_support_without_its_count(idea):
    from unittest import mock

    from django.db.utils import OperationalError

    person = factories.make_user()
    with (
        mock.patch("quartier.participation.services.follow_idea", side_effect=OperationalError("connection lost")),
        pytest.raises(OperationalError),
    ):
        support_idea(idea=idea, user=person)
    idea.refresh_from_db()
    assert idea.support_count == 0
    assert not Support.objects.exists()
