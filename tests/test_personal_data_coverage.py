"""Every model that holds something about a person is covered by an exporter (GDPR Art. 15/20)
and an eraser (Art. 17). The models are found through the app registry, not a kept list, so a
new model with a link to the user model fails here until its app registers it."""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.conf import settings
from django.db import models
from django.test.utils import isolate_apps

from quartier.core.privacy import covered_models

# Models found below that hold nothing about a person, each with the reason.
NOT_PERSONAL = {
    # An e-mail address, but the town's official one (imprint, footer), not a person's.
    "places.Town": "the town's own contact address",
    # An e-mail address, but the contact point's office address, not a person's.
    "places.ContactPoint": "the office's contact address",
    # An e-mail address, but a department's office address (Bauhof, Ordnungsamt), not a person's.
    "inquiries.Department": "the department's office address",
    # An e-mail address, but an organisation's public office address (info@…) in the directory.
    "network.Organisation": "the organisation's public office address",
}


def _label(model: Any) -> str:
    return model if isinstance(model, str) else model._meta.label


def links_to_a_person(model: type[models.Model]) -> bool:
    """A foreign key, one-to-one or many-to-many field to the user model, or an e-mail field."""
    user_model = settings.AUTH_USER_MODEL.lower()
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # the reverse side of someone else's relation
        if field.is_relation and field.related_model and _label(field.related_model).lower() == user_model:
            return True
        if isinstance(field, models.EmailField):
            return True
    return False


def personal_models(registry: Any = global_apps) -> set[str]:
    return {model._meta.label for model in registry.get_models() if links_to_a_person(model)} - set(NOT_PERSONAL)


def test_the_search_finds_the_models_we_know_hold_people():
    found = personal_models()
    assert {
        "accounts.User",
        "account.EmailAddress",
        "mfa.Authenticator",
        "admin.LogEntry",
        "places.District",
        "events.Registration",
        "inquiries.Inquiry",
        "participation.Support",
        "projects.Project",
    } <= found


def test_every_model_that_links_to_a_person_has_an_exporter():
    assert personal_models() - covered_models("export") == set()


def test_every_model_that_links_to_a_person_has_an_eraser():
    assert personal_models() - covered_models("erase") == set()


def test_the_exclusions_are_still_needed():
    for label in NOT_PERSONAL:
        assert links_to_a_person(global_apps.get_model(label)), label


def test_a_new_model_with_a_link_to_the_user_model_is_found_and_not_covered():
    with isolate_apps("quartier.core") as registry:

        class Bookmark(models.Model):  # noqa: DJ008
            user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

            class Meta:
                app_label = "core"

        class Subscription(models.Model):  # noqa: DJ008
            email = models.EmailField()

            class Meta:
                app_label = "core"

        found = personal_models(registry)
    assert found == {"core.Bookmark", "core.Subscription"}
    assert found - covered_models("export") == found
    assert found - covered_models("erase") == found
