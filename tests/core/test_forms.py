from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html

from quartier.core.forms import KernFormRenderer


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
