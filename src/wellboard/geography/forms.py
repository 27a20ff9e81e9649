"""The coordinator's form for a custom area, built from ``CustomAreaInput``: its limits and messages
are the service's."""

from __future__ import annotations

from django import forms

from wellboard.core.forms import Form, VersionField
from wellboard.geography.inputs import CustomAreaInput


class CustomAreaForm(Form):
    name = CustomAreaInput.name.form_field(
        "Name", help_text="For example, Healthy Hub catchment or Bedwell and Shephall"
    )
    member_codes = forms.CharField(
        label="Areas it is made of",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="ONS codes of LSOAs (E01…), wards (E05…) or MSOAs (E02…), "
        "one per line or separated by commas",
        error_messages={"required": CustomAreaInput.member_codes.missing},
    )
    description = CustomAreaInput.description.form_field("What the area is for (optional)", rows=3)
    version = VersionField()

    def clean_member_codes(self) -> list[str]:
        rule = CustomAreaInput.member_codes
        codes = rule.parse(self.cleaned_data.get("member_codes", ""))
        if problem := rule.problem(codes):
            raise forms.ValidationError(problem)
        return codes
