from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html

from quartier.accounts.models import User
from quartier.core.forms import FilterForm, KernFormRenderer, SlugChoiceField
from quartier.places.models import District


class ChoiceForm(forms.Form):
    plain = forms.ChoiceField(choices=[("", "alle"), ("a", "A & B"), ("b", "<b>")], required=False)
    grouped = forms.ChoiceField(choices=[("Dörfer", [("x", "Alchen"), ("y", "Bühl")]), ("z", "Stadt")])


def test_python_select_renders_like_djangos_own():
    form = ChoiceForm({"plain": "a", "grouped": "y"})
    for name in ("plain", "grouped"):
        widget = form.fields[name].widget
        ours = widget.render(name, form[name].value(), {"id": f"id_{name}", "class": "x"}, renderer=KernFormRenderer())
        django = widget.render(name, form[name].value(), {"id": f"id_{name}", "class": "x"}, renderer=DjangoTemplates())
        assert parse_html(ours) == parse_html(django)


def test_select_escapes_labels_and_marks_the_choice():
    html = str(ChoiceForm({"plain": "b"})["plain"])
    assert "&lt;b&gt;" in html
    assert '<option value="b" selected>' in html


class RequiredChoicesForm(forms.Form):
    size = forms.TypedChoiceField(choices=[("", "---------"), ("s", "S")], required=True)
    colour = forms.ChoiceField(choices=[("r", "Rot"), ("g", "Grün")], widget=forms.RadioSelect)
    tags = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple)
    agree = forms.BooleanField(help_text="Ein ganzer Satz als Hinweis.")


class Filters(FilterForm):
    size = forms.ChoiceField(choices=[("", "---------"), ("s", "S")], required=False)
    who = forms.ModelChoiceField(queryset=User.objects.none(), required=False)


def test_empty_choice_asks_for_a_choice_instead_of_dashes():
    html = str(RequiredChoicesForm()["size"])
    assert "---------" not in html
    assert '<option value="" selected>Bitte wählen</option>' in html


def test_filter_forms_offer_all_as_the_empty_choice():
    form = Filters()
    for name in ("size", "who"):
        html = str(form[name])
        assert "---------" not in html
        assert '<option value="" selected>alle</option>' in html


def test_radios_and_checkboxes_of_a_choice_group_carry_kerns_classes():
    form = RequiredChoicesForm({})
    html = form.render()
    assert html.count('class="kern-form-check__radio kern-form-check__radio--error"') == 2
    assert html.count('class="kern-form-check__checkbox kern-form-check__checkbox--error"') == 3
    assert 'id="id_colour_0"' in html
    assert 'for="id_colour_0"' in html


class _DistrictFilter(FilterForm):
    district = SlugChoiceField(label="Ortsteil", queryset=District.objects.as_choices(), required=False)
    status = forms.ChoiceField(label="Stand", required=False, choices=[("", "---------"), ("open", "offen")])


@pytest.mark.django_db
def test_filter_forms_render_once_and_show_a_change_of_their_choices_at_once(district_a, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    fresh = str(_DistrictFilter({"district": "alchen"}))
    calls: list[str] = []
    original = KernFormRenderer.render

    def counting(self: KernFormRenderer, template_name: str, *args: object, **kwargs: object) -> str:
        calls.append(template_name)
        return original(self, template_name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(KernFormRenderer, "render", counting)
    assert str(_DistrictFilter({"district": "alchen"})) == fresh
    assert calls == []  # from the cache
    assert 'value="alchen" selected' in fresh
    assert 'value="alchen" selected' not in str(_DistrictFilter({"status": "open"}))
    # A district added or renamed is in the very next rendering, in every process (the key holds the choices).
    District.objects.filter(pk=district_a.pk).update(name="Alchen-Nord")
    assert "Alchen-Nord" in str(_DistrictFilter({"district": "alchen"}))
    cache.clear()
    assert str(_DistrictFilter({"district": "alchen"})) == str(_DistrictFilter({"district": "alchen"}))


class TypedInputs(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    count = forms.IntegerField()


def test_typed_inputs_do_not_echo_values_html_forbids_there():
    form = TypedInputs({"day": "kaputt", "moment": "gestern", "count": "viele"})
    assert not form.is_valid()
    html = form.render()
    for bad in ("kaputt", "gestern", "viele"):
        assert f'value="{bad}"' not in html
    assert "gültig" in html  # the errors still say what went wrong


def test_typed_inputs_keep_valid_values():
    form = TypedInputs({"day": "2026-12-05", "moment": "2026-12-05T15:00", "count": "-3"})
    html = form.render()
    for good in ("2026-12-05", "2026-12-05T15:00", "-3"):
        assert f'value="{good}"' in html


@pytest.mark.django_db
def test_a_slug_choice_of_odd_digits_is_an_invalid_choice_not_an_error(district_a):
    for value in ("²", "١٢", "9" * 30):
        form = _DistrictFilter({"district": value})
        assert not form.is_valid()
        assert "district" in form.errors
    assert _DistrictFilter({"district": str(district_a.pk)}).is_valid()
