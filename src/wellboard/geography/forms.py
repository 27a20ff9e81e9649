"""The coordinator's form for a custom area."""

from __future__ import annotations

import re

from django import forms

from wellboard.core.forms import Form, VersionField


def split_codes(text: str) -> list[str]:
    """Codes typed or pasted one per line, or separated by commas, semicolons or spaces."""
    return [code for code in re.split(r"[\s,;]+", text or "") if code]


class CustomAreaForm(Form):
    name = forms.CharField(
        label="Name", max_length=200, help_text="For example, Healthy Hub catchment or Bedwell and Shephall"
    )
    member_codes = forms.CharField(
        label="Areas it is made of",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="ONS codes of LSOAs (E01…), wards (E05…) or MSOAs (E02…), "
        "one per line or separated by commas",
    )
    description = forms.CharField(
        label="What the area is for (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()

    def clean_member_codes(self) -> list[str]:
        codes = split_codes(self.cleaned_data.get("member_codes", ""))
        if not codes:
            raise forms.ValidationError("Enter the codes of the LSOAs, wards or MSOAs in the area")
        return codes
