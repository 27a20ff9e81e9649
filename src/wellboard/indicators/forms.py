"""Forms for the indicator pages: list filters, page options and the Fingertips upload."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from wellboard.core.forms import Form
from wellboard.core.importing.pending import MAX_TOKEN_LENGTH
from wellboard.indicators.importers.fingertips import MAX_BYTES
from wellboard.indicators.models import IndicatorKind, Polarity, ValueType

ANY = [("", "Any")]


def upload_limit() -> int:
    """The largest Fingertips file the web upload accepts, in bytes."""
    return int(min(MAX_BYTES, getattr(settings, "WELLBOARD_MAX_UPLOAD_BYTES", MAX_BYTES)))


def upload_limit_text() -> str:
    """The limit as people read it: '20 MB' (or '900 KB' for a small test limit)."""
    size = upload_limit()
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{max(1, size // 1024)} KB"


class IndicatorFilterForm(Form):
    """Filters for the indicator list. Every field is optional; a bad value answers 400."""

    q = forms.CharField(label="Name contains", required=False, max_length=100)
    kind = forms.ChoiceField(label="Kind", required=False, choices=ANY + list(IndicatorKind.choices))
    value_type = forms.ChoiceField(label="Value type", required=False, choices=ANY + list(ValueType.choices))
    node = forms.TypedChoiceField(
        label="Strategy theme or priority", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, nodes: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        node_field = cast(forms.TypedChoiceField, self.fields["node"])  # declared above
        node_field.choices = [("", "Any"), *((str(pk), label) for pk, label in nodes)]
        self.fields["kind"].error_messages["invalid_choice"] = "Choose a kind from the list"
        self.fields["value_type"].error_messages["invalid_choice"] = "Choose a value type from the list"
        node_field.error_messages["invalid_choice"] = "Choose a theme or priority from the list"

    def value(self, name: str) -> Any:
        """The cleaned value of a field that passed validation, or None."""
        if not hasattr(self, "cleaned_data") or name in self.errors:
            return None
        return self.cleaned_data.get(name) or None


class ChoiceOptionsForm(Form):
    """Page options chosen from lists the view supplies (area, comparator, period...)."""

    def __init__(
        self,
        *args: Any,
        options: dict[str, tuple[str, Sequence[tuple[str, str]]]],
        messages: dict[str, str] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        for name, (label, choices) in options.items():
            field = forms.ChoiceField(label=label, required=False, choices=list(choices))
            field.error_messages["invalid_choice"] = (messages or {}).get(
                name, f"Choose a {label.lower()} from the list"
            )
            self.fields[name] = field
            self.fields[name].widget.attrs["class"] = "govuk-select"

    def value(self, name: str) -> str:
        if not hasattr(self, "cleaned_data") or name in self.errors:
            return ""
        return str(self.cleaned_data.get(name) or "")


POLARITY_CHOICES = [("", "Work it out from the file"), *Polarity.choices]


class FingertipsUploadForm(Form):
    file = forms.FileField(
        label="Fingertips data file (CSV)",
        help_text="The CSV you downloaded from Fingertips with 'Export data'",
        error_messages={"required": "Select a Fingertips CSV file"},
    )
    polarity = forms.ChoiceField(
        label="Polarity",
        required=False,
        choices=POLARITY_CHOICES,
        help_text=(
            "Whether higher values are better. Left as 'work it out', a new indicator's polarity comes "
            "from Fingertips' own Better and Worse labels, and an existing indicator keeps its polarity."
        ),
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        limit = upload_limit()
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(f"The file must be smaller than {upload_limit_text()}")
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".txt")):
            raise forms.ValidationError("The selected file must be a CSV")
        return upload


class FingertipsConfirmForm(Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=MAX_TOKEN_LENGTH)
    polarity = forms.ChoiceField(widget=forms.HiddenInput, required=False, choices=POLARITY_CHOICES)
