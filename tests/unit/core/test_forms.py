"""GOV.UK form rendering: classes, hints, errors and their links, including fields added late and
errors added by services."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.http import QueryDict

from wellboard.core.forms import DateInput, Form, offer_choices, widget_kind
from wellboard.partners.models import Organisation


class Example(Form):
    name = forms.CharField(label="Name", help_text="As it appears on the board papers")
    due = forms.DateField(label="Due date", required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["late"] = forms.CharField(label="Added late", required=False)


def test_classes_and_hints_on_every_field() -> None:
    form = Example()
    html = str(form)
    assert 'class="govuk-input" ' in html or 'class="govuk-input"' in html
    assert 'id="id_name-hint"' in html
    assert 'aria-describedby="id_name-hint"' in html
    assert isinstance(form.fields["due"].widget, DateInput)
    late = str(form["late"])
    assert "govuk-input" in late
    assert "aria-describedby" not in late


class WithPicker(Form):
    when = forms.DateField(label="When", widget=DateInput())
    wide = forms.DateField(label="Wide", widget=DateInput(attrs={"class": "govuk-input--width-20"}))


def test_a_date_is_as_wide_as_a_date_whether_the_form_names_its_widget_or_not() -> None:
    picked, plain, wide = str(WithPicker()["when"]), str(Example()["due"]), str(WithPicker()["wide"])
    for html in (picked, plain):
        assert 'type="date"' in html
        assert re.search(r'class="govuk-input govuk-input--width-10"', html), html
    assert "govuk-input--width-20" in wide
    assert "govuk-input--width-10" not in wide


def test_errors_mark_the_field_and_link_to_the_message() -> None:
    form = Example(data={"name": "", "kind": "zzz"})
    assert not form.is_valid()
    html = str(form)
    assert 'id="id_name-error"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert "govuk-input--error" in html
    assert html.count('id="id_kind-error"') == 1


def test_service_errors_after_validation_are_shown_like_any_other() -> None:
    form = Example(data={"name": "Board", "kind": "a"})
    assert form.is_valid()
    str(form)  # rendered once before the service complains, as a view might
    form.add_service_errors({"late": ["That name is taken"], "": ["Something went wrong"]})
    late = str(form["late"])
    assert "govuk-input--error" in late
    assert 'aria-describedby="id_late-error"' in late
    assert "That name is taken" in str(form)
    assert form.non_field_errors() == ["Something went wrong"]


def test_fixing_an_error_removes_the_error_class() -> None:
    form = Example(data={"name": "", "kind": "a"})
    form.is_valid()
    str(form)
    fixed = Example(data={"name": "Board", "kind": "a"})
    fixed.is_valid()
    assert "govuk-input--error" not in str(fixed["name"])


@pytest.mark.parametrize(
    ("widget", "kind"),
    [
        (forms.RadioSelect(), "radios"),
        (forms.CheckboxSelectMultiple(), "checkboxes"),  # a subclass of RadioSelect in Django
        (forms.CheckboxInput(), "checkbox"),
        (forms.HiddenInput(), "hidden"),
        (forms.MultipleHiddenInput(), "hidden"),
        (forms.Select(), "select"),
        (forms.SelectMultiple(), "select"),
        (forms.Textarea(), "textarea"),
        (forms.ClearableFileInput(), "file"),
        (forms.TextInput(), "input"),
        (DateInput(), "input"),
    ],
)
def test_widget_kind(widget: forms.Widget, kind: str) -> None:
    assert widget_kind(widget) == kind


class Partners(Form):
    partners = forms.MultipleChoiceField(
        label="Partners",
        required=False,
        choices=[("1", "Council"), ("2", "Charity"), ("3", "NHS trust"), ("4", "Police")],
        widget=forms.CheckboxSelectMultiple,
    )
    lead = forms.ChoiceField(
        label="Lead", choices=[("1", "Council"), ("2", "Charity")], widget=forms.RadioSelect
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


def _inputs(html: str, name: str) -> list[dict[str, str]]:
    return [
        dict(re.findall(r'([a-z-]+)(?:="([^"]*)")?', tag))
        for tag in re.findall(r"<input ([^>]*)>", html)
        if f'name="{name}"' in tag
    ]


def test_a_many_valued_field_renders_as_checkboxes_with_every_chosen_value_checked() -> None:
    html = str(Partners(initial={"partners": ["1", "3", "4"], "lead": "2", "version": 3}))
    partners = _inputs(html, "partners")
    assert [i["type"] for i in partners] == ["checkbox"] * 4
    assert [i["value"] for i in partners if "checked" in i] == ["1", "3", "4"]
    assert all(i["class"] == "govuk-checkboxes__input" for i in partners)
    assert 'class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes"' in html
    lead = _inputs(html, "lead")
    assert [i["type"] for i in lead] == ["radio"] * 2
    assert [i["value"] for i in lead if "checked" in i] == ["2"]
    (version,) = _inputs(html, "version")
    assert version["type"] == "hidden"
    assert "class" not in version


def test_a_many_valued_field_posted_back_keeps_every_value() -> None:
    form = Partners(data=QueryDict("partners=1&partners=3&partners=4&lead=2&version=3"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["partners"] == ["1", "3", "4"]


class Note(Form):
    text = forms.CharField(label="Note", widget=forms.Textarea)


def test_line_breaks_a_browser_sends_are_cleaned_to_those_stored() -> None:
    form = Note(data={"text": "First paragraph.\r\n\r\nSecond.\rThird."})
    assert form.is_valid()
    assert form.cleaned_data["text"] == "First paragraph.\n\nSecond.\nThird."


@pytest.mark.django_db
def test_offered_choices_are_those_the_view_chose_and_only_model_choice_fields_take_them() -> None:
    class Pick(Form):
        organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)
        note = forms.CharField(required=False)

    form = Pick()
    chosen = Organisation.objects.filter(pk=-1)
    offer_choices(form, "organisation", chosen)
    field = form.fields["organisation"]
    assert isinstance(field, forms.ModelChoiceField)
    assert str(field.queryset.query) == str(chosen.query)
    with pytest.raises(TypeError, match=r"Pick\.note is not a model choice field"):
        offer_choices(form, "note", chosen)
