"""GOV.UK Design System markup for Django forms.

Every form in Wellboard renders through these templates: label, hint, the error message beside
the field, and an error summary at the top of the page. Views keep working as plain POSTs; htmx
only enhances them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import QuerySet
from django.forms.renderers import TemplatesSetting

from wellboard.core.numbers import NOT_ASCII_DIGITS, NotANumber, number_text
from wellboard.core.versioning import VERSION_MISSING


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


# The GOV.UK class of each kind of widget (see ``widget_kind``). Radios and checkboxes are laid out by
# the field template, which gives each input its class.
_KIND_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
    "checkbox": "govuk-checkboxes__input",
    "input": "govuk-input",
}
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class DateInput(forms.DateInput):
    """A date picker, as wide as a date (GOV.UK's fixed-width input), wherever a form puts it."""

    input_type = "date"
    WIDTH = "govuk-input--width-10"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        attrs = dict(attrs or {})
        classes = attrs.get("class", "").split()
        if not any(c.startswith("govuk-input--width-") for c in classes):
            attrs["class"] = " ".join([*classes, self.WIDTH])
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def normalise_line_breaks(text: str) -> str:
    """``text`` with every line break a line feed alone. Browsers send each line break in a form as a
    carriage return and a line feed, while text that came through the API, a workbook or the demo has
    line feeds: without this, a form saved unchanged would rewrite every paragraph it holds."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def widget_kind(widget: forms.Widget) -> str:
    """What the field template needs to know to lay a widget out: ``radios`` or ``checkboxes`` (a
    group of choices, one input each), ``checkbox``, ``hidden``, ``select``, ``textarea``, ``file``
    or ``input``.

    A group of choices is told apart by whether it takes several values, not by its class: Django's
    ``CheckboxSelectMultiple`` is a subclass of ``RadioSelect``, and a many-valued field laid out as
    radio buttons lets a browser send back only one of its values.
    """
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple included
        return "checkboxes" if widget.allow_multiple_selected else "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.HiddenInput | forms.MultipleHiddenInput):
        return "hidden"
    if isinstance(widget, forms.Select):  # SelectMultiple included
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):  # ClearableFileInput included
        return "file"
    return "input"


class GovukFormMixin:
    """GOV.UK classes on every widget, error classes on fields with errors, and ``aria-describedby``
    linking each input to its hint and its error message.

    Done whenever a bound field is taken from the form (rendering always does), so fields a form adds
    after ``__init__`` and errors a service reports after validation are covered too. Cleaned text
    has its line breaks as stored (``normalise_line_breaks``).
    """

    fields: dict[str, forms.Field]
    _errors: Any

    def __getitem__(self, name: str) -> forms.BoundField:
        field = self.fields[name]
        if isinstance(field, forms.DateField) and not isinstance(field.widget, DateInput):
            field.widget = DateInput(attrs={"class": "govuk-input", **field.widget.attrs})
        bound: forms.BoundField = super().__getitem__(name)  # type: ignore[misc]
        _style_widget(field)
        _describe_widget(field, bound, (self._errors or {}).get(name))
        return bound

    def _clean_fields(self) -> None:
        super()._clean_fields()  # type: ignore[misc]
        cleaned: dict[str, Any] = getattr(self, "cleaned_data", {})
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = normalise_line_breaks(value)
        self._refuse_other_digits()

    def _refuse_other_digits(self) -> None:
        """Django's number fields read any script's digits ("٣٦" is 36), as Python does: numbers are
        written with the digits 0 to 9 everywhere in Wellboard (see ``core.numbers``)."""
        for name, field in self.fields.items():
            if not isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
                continue
            raw = self[name].data
            if not isinstance(raw, str) or not raw.strip() or name in (self._errors or {}):
                continue
            try:
                number_text(raw)
            except NotANumber as exc:
                if exc.reason == NOT_ASCII_DIGITS:
                    self.add_error(name, "Write the number with the digits 0 to 9, like 12")  # type: ignore[attr-defined]

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """Show errors raised by a service (``InvalidInput``) on the right fields."""
        for field, messages in errors.items():
            target = field if field in self.fields else None
            shown = self._errors.get(target or NON_FIELD_ERRORS, []) if self._errors else []
            for message in messages:
                if message not in shown:  # the form may have found it already
                    self.add_error(target, message)  # type: ignore[attr-defined]


def _style_widget(field: forms.Field) -> None:
    widget = field.widget
    css = _KIND_CLASSES.get(widget_kind(widget))
    classes = widget.attrs.get("class", "").split()
    if css is not None and css not in classes:
        widget.attrs["class"] = " ".join([css, *classes])


def _describe_widget(field: forms.Field, bound: forms.BoundField, errors: Any) -> None:
    attrs = field.widget.attrs
    classes = [c for c in attrs.get("class", "").split() if c not in _ERROR_CLASSES.values()]
    if errors:
        classes += [_ERROR_CLASSES[c] for c in classes if c in _ERROR_CLASSES]
    if classes:
        attrs["class"] = " ".join(dict.fromkeys(classes))
    described = []
    if field.help_text:
        described.append(f"{bound.auto_id}-hint")
    if errors:
        described.append(f"{bound.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    else:
        attrs.pop("aria-describedby", None)


class Form(GovukFormMixin, forms.Form):
    def __init__(self, *args: Any, new: bool = False, **kwargs: Any) -> None:
        """``new=True`` for a page that creates the record: there is no version to send back yet."""
        super().__init__(*args, **kwargs)
        if new:
            for name in [name for name, field in self.fields.items() if isinstance(field, VersionField)]:
                del self.fields[name]

    def cleaned_values(self, names: Iterable[str] | None = None) -> dict[str, Any]:
        """The cleaned values of the fields ``names`` that the form has (by default every field but
        the version), as a service takes them."""
        chosen = [name for name in self.fields if name != "version"] if names is None else names
        return {name: self.cleaned_data[name] for name in chosen if name in self.fields}


def offer_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Let the model choice field ``name`` offer ``queryset``. Such fields are declared with no
    choices, so a form never lists records the view has not chosen for this actor."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    field.queryset = queryset


class ModelForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass


class VersionField(forms.IntegerField):
    """The version the editor started from, sent back with the form to detect lost updates.

    Required: a form posted without it (a stale page, a hand-made request) is refused, nothing saved,
    rather than overwriting whatever was saved since. A page that creates a record leaves it out
    (``Form(new=True)``).
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("required", True)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault(
            "error_messages",
            {"required": VERSION_MISSING, "invalid": VERSION_MISSING, "min_value": VERSION_MISSING},
        )
        super().__init__(**kwargs)
