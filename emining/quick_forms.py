"""Filter forms written in Python, with the markup of `templates/forms/field.html` and Django's
widget templates.

A list page computed afresh renders its whole filter form; through the template engine (a
field template, a widget template and one template per option) that was a good part of such
a page. The project list and the firm directory write theirs here; forms shown less often
keep the templates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape  # the standard library's: this module marks its output safe once

from django import forms
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    """A select written in Python. `options` are (value, label) pairs, or (group label, pairs)
    for an `<optgroup>`."""

    def __init__(self, attrs=None, options=()):
        super().__init__(attrs)
        self.options = options

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        parts = [f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>']
        for option_value, label in self.options:
            if isinstance(label, list | tuple):
                parts.append(f'<optgroup label="{escape(str(option_value))}">')
                parts.extend(_option(value, text, chosen) for value, text in label)
                parts.append("</optgroup>")
            else:
                parts.append(_option(option_value, label, chosen))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value and label escaped)


def _option(value, label, chosen: set[str]) -> str:
    value = "" if value is None else str(value)
    selected = " selected" if value in chosen else ""
    return f'<option value="{escape(value)}"{selected}>{escape(str(label))}</option>'


class QuickInput(Input):
    """An `<input>` written in Python, as Django's input template writes it."""

    def __init__(self, attrs=None, input_type: str = "text"):
        super().__init__(attrs)
        self.input_type = input_type

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = "" if value is None else f' value="{escape(str(value))}"'
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        html = f'<input type="{escape(self.input_type)}" name="{escape(name)}"{shown}{attributes}>'
        return mark_safe(html)  # noqa: S308 (every value escaped)


def quick_select(field: forms.Field, choices: Iterable, empty_label: str | None = None) -> None:
    """The field's select written in Python, offering `choices` after the empty option (its
    own empty label unless one is given). Validation is the field's, unchanged."""
    empty = empty_label or getattr(field, "empty_label", None) or "---------"
    field.widget = QuickSelect(attrs=field.widget.attrs, options=[("", empty), *choices])


def quick_inputs(form: forms.Form, names: Sequence[str]) -> None:
    for name in names:
        widget = form.fields[name].widget
        form.fields[name].widget = QuickInput(attrs=widget.attrs, input_type=widget.input_type)


def fields_html(form: forms.Form, names: Sequence[str]) -> SafeString:
    """These fields as `templates/forms/field.html` writes each one."""
    parts = []
    for name in names:
        field = form[name]
        auto_id = escape(field.auto_id)
        help_text = (
            f'<div class="form-text" id="{auto_id}_helptext">{field.help_text}</div>'
            if field.help_text
            else ""
        )
        errors = "".join(
            f'<div class="invalid-feedback d-block" id="{auto_id}_error">{escape(str(error))}</div>'
            for error in field.errors
        )
        label = escape(str(field.label))
        parts.append(
            f'<div class="mb-3">\n  <label class="form-label" for="{auto_id}">{label}</label>'
            f"\n  {field.as_widget()}\n  {help_text}{errors}\n</div>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308 (labels and errors escaped; help text is ours)
