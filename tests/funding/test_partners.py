"""Partners see the applications their organisation makes; nobody else does, by URL guessing either."""

from __future__ import annotations

import pytest
from django.utils import timezone

from quartier.network.models import Partnership
from tests import factories
from tests.conftest import signed_in
from tests.funding.conftest import make_application
from tests.network.conftest import make_organisation

pytestmark = pytest.mark.django_db


def _partner(organisation, *, accepted: bool = True):
    user = factories.make_user()
    Partnership.objects.create(
        organisation=organisation, email=user.email, user=user, accepted_at=timezone.now() if accepted else None
    )
    return user


def test_partners_see_their_organisations_applications_only(district_a):
    ours = make_organisation(district_a, name="TV Alchen")
    theirs = make_organisation(district_a, name="SV Büschergrund")
    mine = make_application(district_a, title="Neue Trikots", organisation=ours)
    other = make_application(district_a, title="Flutlicht", organisation=theirs)
    office = make_application(district_a, title="Bürgertreff")
    client = signed_in(_partner(ours))
    content = client.get("/foerdermittel/meine-antraege/").content.decode()
    assert "Neue Trikots" in content
    assert "Flutlicht" not in content
    assert "Bürgertreff" not in content
    assert client.get(f"/foerdermittel/meine-antraege/{mine.pk}/").status_code == 200
    for application in (other, office):
        assert client.get(f"/foerdermittel/meine-antraege/{application.pk}/").status_code == 404
    assert client.get(mine.get_absolute_url()).status_code in (302, 403)


def test_an_invitation_not_yet_accepted_shows_nothing(district_a):
    ours = make_organisation(district_a)
    mine = make_application(district_a, organisation=ours)
    client = signed_in(_partner(ours, accepted=False))
    assert client.get(f"/foerdermittel/meine-antraege/{mine.pk}/").status_code == 404


def test_residents_and_visitors_get_nothing(client, resident, district_a):
    mine = make_application(district_a, organisation=make_organisation(district_a))
    assert signed_in(resident).get(f"/foerdermittel/meine-antraege/{mine.pk}/").status_code == 404
    assert client.get("/foerdermittel/meine-antraege/").status_code == 302


def test_the_permission_names_the_partner(district_a):
    ours = make_organisation(district_a)
    partner = _partner(ours)
    assert partner.has_perm("funding.view_application", make_application(district_a, organisation=ours))
    assert not partner.has_perm("funding.view_application", make_application(district_a))
    assert not partner.has_perm("funding.change_application", make_application(district_a, organisation=ours))
