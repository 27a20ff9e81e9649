"""Forms for reports: starting one, writing its narrative and confirming a publication."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from wellboard.core.forms import Form, VersionField, offer_choices
from wellboard.reports.calculations import narratives_for
from wellboard.reports.inputs import ReportInput
from wellboard.reports.models import Report, ReportKind
from wellboard.strategy.models import Strategy

NARRATIVE_LABELS = {
    "foreword": ("Foreword", "Opens the report: a word from the chair or the partnership."),
    "highlights": ("Highlights", "What went well, in a few short paragraphs or a list."),
    "lessons": ("Lessons learnt", "What the partnership would do differently."),
    "next_steps": ("What comes next", "The plans for the next period."),
}
RICH_TEXT_HELP = (
    "Separate paragraphs with a blank line. You can also use simple HTML: paragraphs, bold, italics, "
    "lists, links and tables; anything else is removed."
)


class StrategyChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        if not isinstance(obj, Strategy):
            raise TypeError(f"Expected a strategy, not {type(obj).__name__}")
        return obj.title


class ReportCreateForm(Form):
    strategy = StrategyChoiceField(
        label="Strategy",
        queryset=Strategy.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a strategy", "invalid_choice": "Choose a strategy"},
    )
    kind = forms.ChoiceField(
        label="Kind of report",
        choices=ReportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a kind of report"},
    )
    period = ReportInput.period.form_field(
        "Period",
        help_text="A financial quarter such as 2024/25 Q3 for a quarterly report, a financial year "
        "such as 2024/25 for the others. Leave it blank for the latest complete one.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

    def __init__(self, *args: Any, strategies: QuerySet[Strategy], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "strategy", strategies)


class NarrativeForm(Form):
    """The narrative sections of one kind of report, each a text area of rich text."""

    version = VersionField()

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in narratives_for(report.kind):
            label, hint = NARRATIVE_LABELS[name]
            rule = ReportInput.rules[name]
            if not isinstance(rule, type(ReportInput.foreword)):
                raise TypeError(f"{name} is not rich text")
            self.fields[name] = rule.form_field(label, rows=8, help_text=f"{hint} {RICH_TEXT_HELP}")
        # The version goes last, after the fields the person fills in.
        self.fields["version"] = self.fields.pop("version")

    @staticmethod
    def initial_for(report: Report) -> dict[str, Any]:
        return {
            **{name: getattr(report, name) for name in narratives_for(report.kind)},
            "version": report.version,
        }


class PublishForm(Form):
    version = VersionField()
