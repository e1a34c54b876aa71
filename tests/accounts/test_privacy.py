from __future__ import annotations

import json

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.urls import reverse

from quartier.accounts.models import User
from tests.conftest import signed_in


def test_data_export_contains_what_we_hold(resident, district_a):
    client = signed_in(resident)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == "resident@example.org"
    assert data["account"]["name"] == "Rita Resident"
    assert data["account"]["email_addresses"][0]["verified"] is True


def test_data_export_needs_a_login(client):
    assert client.get(reverse("accounts:export")).status_code == 302


def test_export_and_deletion_ask_for_the_password_again_after_a_while(resident):
    client = signed_in(resident, recently=False)
    for url in (reverse("accounts:export"), reverse("accounts:delete")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_export_of_staff_lists_their_districts_but_no_secrets(staff_a):
    data = json.loads(signed_in(staff_a).get(reverse("accounts:export")).content)
    assert data["account"]["staff_of_districts"] == ["Alchen"]
    assert "secret" not in json.dumps(data)


def test_deleting_the_account_anonymises_and_signs_out(staff_a, district_a):
    client = signed_in(staff_a)
    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 302
    user = User.objects.get(pk=staff_a.pk)
    assert user.email != "staff-a@example.org"
    assert user.name == ""
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.public_name == "Gelöschtes Konto"
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not district_a.staff.exists()
    assert "_auth_user_id" not in client.session


def test_deleting_needs_the_confirmation_box(resident):
    response = signed_in(resident).post(reverse("accounts:delete"), {})
    assert response.status_code == 200
    assert "Bitte bestätigen Sie" in response.content.decode()
    assert User.objects.get(pk=resident.pk).is_active


def test_profile_saves_the_name(resident):
    client = signed_in(resident)
    assert client.post(reverse("accounts:profile"), {"name": "Rita R."}).status_code == 302
    resident.refresh_from_db()
    assert resident.name == "Rita R."
