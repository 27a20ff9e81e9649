"""Forms for actions, their milestones and progress updates, and the filters for lists of actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from wellboard.core import clock
from wellboard.core.forms import Form, VersionField
from wellboard.core.periods import Period, PeriodKind, period_containing
from wellboard.partners.models import Organisation
from wellboard.strategy.forms.fields import (
    RAG_FILTER_CHOICES,
    NodeChoiceField,
    date_field,
    offer_choices,
    rag_field,
    status_field,
)
from wellboard.strategy.models import ActionStatus, Node, Strategy
from wellboard.strategy.selectors.ordering import nodes_in_tree_order


class ActionContributorForm(Form):
    """What a contributor of the lead organisation may change."""

    status = status_field()
    rag = rag_field()
    start_date = date_field("Start date")
    due_date = date_field("Due date")
    smart_target = forms.CharField(
        label="SMART target",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Specific, measurable, achievable, realistic and time-bound",
    )
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    version = VersionField()

    FIELDS: tuple[str, ...] = ("status", "rag", "start_date", "due_date", "smart_target", "description")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("strategy", None)
        kwargs.pop("organisations", None)
        super().__init__(*args, **kwargs)


class ActionForm(ActionContributorForm):
    """Everything about an action, for coordinators."""

    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the action's title"}
    )
    ref = forms.CharField(
        label="Reference",
        max_length=30,
        required=False,
        help_text="Such as A12. Leave it blank to number it automatically.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    node = NodeChoiceField(
        label="Part of the strategy",
        queryset=Node.objects.none(),
        error_messages={"required": "Choose where the action sits in the strategy"},
    )
    lead_organisation = forms.ModelChoiceField(
        label="Lead organisation",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the lead organisation"},
    )
    supporting_organisations = forms.ModelMultipleChoiceField(
        label="Supporting organisations",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    FIELDS: tuple[str, ...] = (
        "title",
        "ref",
        "node",
        "lead_organisation",
        "supporting_organisations",
        *ActionContributorForm.FIELDS,
    )
    field_order = [
        "title",
        "ref",
        "node",
        "lead_organisation",
        "supporting_organisations",
        "smart_target",
        "description",
        "start_date",
        "due_date",
        "status",
        "rag",
    ]

    def __init__(
        self,
        *args: Any,
        strategy: Strategy,
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "node", nodes_in_tree_order(Node.objects.filter(strategy=strategy)))
        for name in ("lead_organisation", "supporting_organisations"):
            offer_choices(self, name, organisations)


class MilestoneForm(Form):
    title = forms.CharField(
        label="Milestone", max_length=300, error_messages={"required": "Enter the milestone"}
    )
    due_date = date_field("Due date", required=True, missing="Enter the date the milestone is due")
    completed_on = date_field("Date it was done", help_text="Leave blank until it is done")
    version = VersionField()


# ---------------------------------------------------------------- progress updates


def quarter_choices(*, today: dt.date | None = None, count: int = 8) -> list[Period]:
    """The current financial quarter and the ones before it, newest first."""
    current = period_containing(PeriodKind.QUARTER, today or clock.today())
    periods = [current]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods


class ProgressUpdateForm(Form):
    period = forms.ChoiceField(
        label="Period",
        help_text="The financial quarter this update covers",
        error_messages={
            "required": "Choose the period this update covers",
            "invalid_choice": "Choose one of the periods in the list",
        },
    )
    narrative = forms.CharField(
        label="Action to date",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What has been done since the last update, what it achieved and what happens next",
        error_messages={"required": "Describe the action to date"},
    )
    rag = rag_field("RAG rating for this period")

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        periods = quarter_choices(today=today)
        period_field = self.fields["period"]
        assert isinstance(period_field, forms.ChoiceField)
        period_field.choices = [(p.code, p.label) for p in periods]
        period_field.initial = periods[0].code


# ---------------------------------------------------------------- filters (GET)


class ActionFilterForm(forms.Form):
    """Filters for lists of actions. Unknown values are ignored rather than refused."""

    rag = forms.ChoiceField(label="RAG rating", choices=RAG_FILTER_CHOICES, required=False)
    lead = forms.ModelChoiceField(
        label="Lead organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Any organisation",
        to_field_name="slug",
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *ActionStatus.choices], required=False
    )
    overdue = forms.BooleanField(label="Only overdue actions", required=False)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "lead", organisations)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "govuk-select"
            elif isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "govuk-checkboxes__input"

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "rag": data.get("rag") or "",
            "lead_organisation_id": data["lead"].pk if data.get("lead") else None,
            "status": data.get("status") or "",
            "overdue": True if data.get("overdue") else None,
        }
