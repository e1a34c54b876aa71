"""Every Django form renders with KERN's field markup and an error summary on top; date
fields that keep to the years a town plans in."""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any, cast

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.http import HttpRequest, QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

SELECT_TEMPLATE = "django/forms/widgets/select.html"
# The label Django gives the empty choice of a select (BLANK_CHOICE_DASH, ModelChoiceField.empty_label).
DJANGO_EMPTY_LABEL = "---------"


def _option_label(option: dict[str, Any]) -> Any:
    # Nobody reads dashes aloud well: the empty choice of a form asks for a choice.
    if option["value"] in ("", None) and option["label"] == DJANGO_EMPTY_LABEL:
        return gettext("Bitte wählen")
    return option["label"]


def render_select(widget: dict[str, Any]) -> SafeString:
    """Django's select widget, written in Python: a template per option made a select of
    sixty districts cost more than the rest of its page."""
    parts = []
    for group_name, options, _index in widget["optgroups"]:
        rendered = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((o["value"], flatatt(o["attrs"]), _option_label(o)) for o in options),
        )
        parts.append(
            format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered) if group_name else rendered
        )
    return format_html(
        '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), SafeString("".join(parts))
    )


# The values HTML allows in typed inputs. Whatever else someone typed or put into the URL
# the browser throws away anyway; echoing it back made the page invalid HTML.
TYPED_INPUT_VALUES = {
    "date": re.compile(r"\d{4,}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "month": re.compile(r"\d{4,}-\d{2}"),
    "number": re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?"),
}


class KernFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        if template_name == SELECT_TEMPLATE:
            return render_select(context["widget"])
        widget = context.get("widget")
        if isinstance(widget, dict) and widget.get("type") in TYPED_INPUT_VALUES:
            value = widget.get("value")
            if isinstance(value, str) and not TYPED_INPUT_VALUES[widget["type"]].fullmatch(value):
                context = {**context, "widget": {**widget, "value": None}}
        return super().render(template_name, context, request)


FORM_HTML_SECONDS = 3600


class FilterForm(forms.Form):
    """A GET form of filters: each select's empty choice means "alle" (any), never Django's dashes.

    Its HTML is cached: rendering some thirty fields and options cost a list page more than its
    rows. The key holds all the HTML depends on: the form's class, its data, the language and
    every select's choices as they are now (read once, then rendered from), so a renamed or
    added district shows at once in every process.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
                field.empty_label = _("alle")
            elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
                field.choices = [
                    ("", _("alle")) if value == "" and label == DJANGO_EMPTY_LABEL else (value, label)
                    for value, label in cast("list[tuple[Any, Any]]", field.choices)
                ]

    def render(self, template_name: str | None = None, context: Any = None, renderer: Any = None) -> SafeString:
        if template_name is not None or context is not None or renderer is not None:
            return super().render(template_name, context, renderer)
        parts: list[Any] = [
            type(self).__module__,
            type(self).__qualname__,
            self.prefix,
            get_language(),
            sorted(self.data.lists()) if self.is_bound and hasattr(self.data, "lists") else self.data,
            sorted((name, repr(value)) for name, value in self.initial.items()),
        ]
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.widgets.ChoiceWidget):
                # Model choices are a query per iteration: read them once and render from the list
                # (through iter(): list() would ask their len(), a COUNT query of its own).
                choices = list(iter(widget.choices))
                widget.choices = choices
                parts.append((name, [(str(value), str(label)) for value, label in choices]))
        key = "filter-form:" + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
        html = cache.get(key)
        if html is None:
            html = super().render()
            cache.set(key, html, FORM_HTML_SECONDS)
        return SafeString(html)

    # Django binds these to its own render(); {{ form }} calls __html__.
    __str__ = render
    __html__ = render


def posted(request: HttpRequest) -> QueryDict | None:
    """Form data for a POST (even an empty one, so it is validated), None otherwise."""
    return request.POST if request.method == "POST" else None


# Year 1 or 9999 in a form would overflow when converted to UTC or moved by a day (a
# series' horizon, a deadline); no date the town plans lies outside these years.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2999


def check_year(value: datetime.date | None) -> None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            _("Bitte geben Sie ein Datum zwischen den Jahren %(first)d und %(last)d an."),
            code="year_range",
            params={"first": EARLIEST_YEAR, "last": LATEST_YEAR},
        )


class DateTimeField(forms.DateTimeField):
    """Django's, for years EARLIEST_YEAR to LATEST_YEAR only."""

    def to_python(self, value: Any) -> datetime.datetime | None:
        result = super().to_python(value)
        check_year(result)
        return result


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing ids beyond 64 bits before they reach the database (SQLite raises
    OverflowError for them in the `IN (…)` query Django builds)."""

    def _check_values(self, value: Any) -> Any:
        for pk in value or ():
            text = str(pk).strip().removeprefix("-")
            if text.isdecimal() and int(text) >= 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)  # type: ignore[misc]  # Django's, missing from the stubs


class DateField(forms.DateField):
    """Django's, for years EARLIEST_YEAR to LATEST_YEAR only."""

    def to_python(self, value: Any) -> datetime.date | None:
        result = super().to_python(value)
        check_year(result)
        return result


class SlugChoiceField(forms.ModelChoiceField):
    """A list filter's choice of an object by its slug (``?district=alchen``), the one
    convention of every list; an object's number, from older links, still finds it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        # ASCII digits only ("²" is a digit to str.isdigit) and within a 64-bit id.
        if (
            isinstance(value, str)
            and value.isascii()
            and value.isdigit()
            and len(value) < 19
            and self.queryset is not None
        ):
            found = self.queryset.filter(pk=value).first()
            if found is not None:
                return found
        return super().to_python(value)
