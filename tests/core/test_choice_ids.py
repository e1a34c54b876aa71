"""Every form's multiple choice of objects refuses ids beyond 64 bits with a message:
SQLite raises OverflowError for them in the query Django builds, a server error otherwise."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from django import forms

import quartier
from quartier.core.forms import ModelMultipleChoiceField


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.walk_packages(quartier.__path__, "quartier."):
        if ".migrations" in module_info.name or ".management" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                found.append(obj)
    return found


def test_every_multiple_choice_of_objects_is_cores() -> None:
    forms_found = _form_classes()
    assert len(forms_found) > 50  # the walk found the site's forms
    unguarded = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in forms_found
        for name, field in getattr(form, "base_fields", {}).items()
        if isinstance(field, forms.ModelMultipleChoiceField) and not isinstance(field, ModelMultipleChoiceField)
    ]
    assert unguarded == []
