from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html

from quartier.accounts.models import User
from quartier.core.forms import FilterForm, KernFormRenderer


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
