"""GOV.UK form rendering: classes, hints, errors and their links, including fields added late and
errors added by services."""

from __future__ import annotations

from typing import Any

from django import forms

from wellboard.core.forms import DateInput, Form


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
