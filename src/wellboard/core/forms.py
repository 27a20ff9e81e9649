"""GOV.UK Design System markup for Django forms.

Every form in Wellboard renders through these templates: label, hint, the error message beside
the field, and an error summary at the top of the page. Views keep working as plain POSTs; htmx
only enhances them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


_WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.Textarea, "govuk-textarea"),
    (forms.Select, "govuk-select"),
    (forms.ClearableFileInput, "govuk-file-upload"),
    (forms.FileInput, "govuk-file-upload"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.widgets.Input, "govuk-input"),
]
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def widget_kind(widget: forms.Widget) -> str:
    """What the field template needs to know to lay a widget out."""
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


class GovukFormMixin:
    """GOV.UK classes on every widget, error classes on fields with errors, and ``aria-describedby``
    linking each input to its hint and its error message.

    Done whenever a bound field is taken from the form (rendering always does), so fields a form adds
    after ``__init__`` and errors a service reports after validation are covered too.
    """

    fields: dict[str, forms.Field]
    _errors: Any

    def __getitem__(self, name: str) -> forms.BoundField:
        field = self.fields[name]
        if isinstance(field, forms.DateField) and not isinstance(field.widget, DateInput):
            field.widget = DateInput(
                attrs={"class": "govuk-input govuk-input--width-10", **field.widget.attrs}
            )
        bound: forms.BoundField = super().__getitem__(name)  # type: ignore[misc]
        _style_widget(field)
        _describe_widget(field, bound, (self._errors or {}).get(name))
        return bound

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """Show errors raised by a service (``InvalidInput``) on the right fields."""
        for field, messages in errors.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)  # type: ignore[attr-defined]


def _style_widget(field: forms.Field) -> None:
    widget = field.widget
    classes = widget.attrs.get("class", "").split()
    for widget_type, css in _WIDGET_CLASSES:
        if isinstance(widget, widget_type):
            if css not in classes:
                widget.attrs["class"] = " ".join([css, *classes])
            return


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
    pass


class ModelForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass


class VersionField(forms.IntegerField):
    """The version the editor started from, sent back with the form to detect lost updates."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)
