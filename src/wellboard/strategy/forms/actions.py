"""Forms for actions, their milestones and progress updates, and the filters for lists of actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from wellboard.core import clock
from wellboard.core.errors import InvalidInput
from wellboard.core.forms import Form, VersionField, offer_choices
from wellboard.core.periods import Period, PeriodKind, period_containing, period_range
from wellboard.partners.models import Organisation
from wellboard.strategy.forms.fields import (
    RAG_FILTER_CHOICES,
    NodeChoiceField,
    date_field,
    rag_field,
    status_field,
)
from wellboard.strategy.inputs import ActionInput, MilestoneInput, ProgressUpdateInput
from wellboard.strategy.models import ActionStatus, Node, ProgressUpdate, Strategy
from wellboard.strategy.selectors.ordering import nodes_in_tree_order
from wellboard.strategy.services.progress import ADD, REPLACE, progress_period


class ActionContributorForm(Form):
    """What a contributor of the lead organisation may change."""

    status = status_field()
    rag = rag_field()
    start_date = date_field("Start date")
    due_date = date_field("Due date")
    smart_target = ActionInput.smart_target.form_field(
        "SMART target", rows=3, help_text="Specific, measurable, achievable, realistic and time-bound"
    )
    description = ActionInput.description.form_field("Description", rows=4)
    version = VersionField()

    FIELDS: tuple[str, ...] = ("status", "rag", "start_date", "due_date", "smart_target", "description")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("strategy", None)
        kwargs.pop("organisations", None)
        super().__init__(*args, **kwargs)


class ActionForm(ActionContributorForm):
    """Everything about an action, for coordinators."""

    title = ActionInput.title.form_field("Title")
    ref = ActionInput.ref.form_field(
        "Reference",
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
    title = MilestoneInput.title.form_field("Milestone")
    due_date = date_field("Due date", required=True, missing="Enter the date the milestone is due")
    completed_on = date_field("Date it was done", help_text="Leave blank until it is done")
    version = VersionField()


# ---------------------------------------------------------------- progress updates


def quarter_choices(*, strategy: Strategy, today: dt.date | None = None) -> list[Period]:
    """Every financial quarter of the strategy that has started, newest first."""
    today = today or clock.today()
    if today < strategy.start_date:
        return []
    first = period_containing(PeriodKind.QUARTER, strategy.start_date)
    last = period_containing(PeriodKind.QUARTER, min(today, strategy.end_date))
    return list(reversed(list(period_range(first, last))))


def _excerpt(text: str, length: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


class ProgressUpdateForm(Form):
    """The period, the action to date and its RAG. When the chosen period already has an update, the
    form also asks whether to replace that update or add another, naming the one it would replace."""

    period = forms.CharField(
        label="Period",
        help_text="The financial quarter this update covers",
        widget=forms.Select,
        error_messages={"required": "Choose the period this update covers"},
    )
    narrative = ProgressUpdateInput.narrative.form_field(
        "Action to date",
        rows=5,
        help_text="What has been done since the last update, what it achieved and what happens next",
    )
    rag = rag_field("RAG rating for this period")

    def __init__(
        self,
        *args: Any,
        strategy: Strategy,
        existing: Mapping[str, ProgressUpdate] | None = None,
        today: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        """``existing`` holds the action's latest update for each period code it has one for."""
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        self.today = today
        self.periods = quarter_choices(strategy=strategy, today=today)
        period_field = self.fields["period"]
        if not isinstance(period_field.widget, forms.Select):
            raise TypeError("The period is chosen from a list of quarters")
        period_field.widget.choices = [(p.code, p.label) for p in self.periods]
        if self.periods:
            period_field.initial = self.periods[0].code
        self.replacing: ProgressUpdate | None = None
        chosen = (existing or {}).get(str(self.data.get("period", ""))) if self.is_bound else None
        if chosen is not None:
            self._ask_replace_or_add(chosen)

    def clean_period(self) -> str:
        try:
            return progress_period(self.cleaned_data["period"], strategy=self.strategy, today=self.today).code
        except InvalidInput as exc:
            raise ValidationError(exc.errors["period"]) from exc

    def _ask_replace_or_add(self, update: ProgressUpdate) -> None:
        """Add the question, shown only when the chosen period already has an update.

        ``replaces`` carries the update the person was shown (its id and version). If they have not
        seen this one yet (they chose the period just now, or someone posted another since), the
        question is asked afresh; if it changed after they saw it, replacing it is a conflict.
        """
        self.replacing = update
        label = next((p.label for p in self.periods if p.code == update.period), update.period)
        posted = update.posted_at.astimezone(clock.LONDON)
        self.fields["mode"] = forms.ChoiceField(
            label=f"There is already an update for {label}",
            help_text=(
                f"Posted by {update.author_label} on {posted.day} {posted:%B %Y}, rated "
                f"{update.get_rag_display().lower()}: “{_excerpt(update.narrative)}”"
            ),
            choices=[
                (REPLACE, "Replace that update with this one"),
                (ADD, f"Add this as another update for {label}"),
            ],
            widget=forms.RadioSelect,
            error_messages={"required": f"Choose whether to replace the update for {label} or add another"},
        )
        self.fields["replaces"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.order_fields(["period", "mode", "replaces", "narrative", "rag"])
        seen_pk = str(self.data.get("replaces", "")).partition(".")[0]
        if seen_pk != str(update.pk):
            data: dict[str, Any] = {key: self.data.get(key) for key in self.data if key != "mode"}
            data["replaces"] = f"{update.pk}.{update.version}"
            self.data = data

    def service_arguments(self) -> dict[str, Any]:
        """What the form holds, as ``progress_update_post`` takes it."""
        data = self.cleaned_data
        arguments: dict[str, Any] = {
            "period": data["period"],
            "narrative": data["narrative"],
            "rag": data["rag"],
        }
        if self.replacing is not None:
            _, _, version = str(data.get("replaces", "")).partition(".")
            arguments["mode"] = data["mode"]
            arguments["replaces"] = self.replacing.pk
            arguments["expected_version"] = int(version) if version.isdigit() else None
        return arguments


class NodeProgressUpdateForm(ProgressUpdateForm):
    """A progress update on a part of the tree: the same period, replace-or-add question and RAG,
    with the narrative asked as the progress and impact of everything beneath it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        narrative = self.fields["narrative"]
        narrative.label = "Progress and impact to date"
        narrative.help_text = (
            "What the actions and partners under it have achieved since the last update, the difference "
            "it has made and what happens next"
        )


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
