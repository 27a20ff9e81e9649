"""Forms for collections, measures, returns and uploads. Numbers are typed as text so that what
someone typed is kept and the service's rules produce the message beside the field."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms

from wellboard.core.forms import Form, VersionField, offer_choices
from wellboard.core.text import in_sentence
from wellboard.core.versioning import NOT_STARTED
from wellboard.indicators.models import Indicator, IndicatorKind
from wellboard.partners.models import Organisation
from wellboard.returns.inputs import CollectionInput, MeasureInput
from wellboard.returns.models import FREQUENCY_CHOICES, Collection, DueRule, Measure, MeasureValueType
from wellboard.returns.validation import RETURN_COMMENT, CleanFigure, Slot, slots_for
from wellboard.strategy.models import Initiative

BREAKDOWN_HELP = (
    "One breakdown per line: its name, a colon, then its categories separated by commas. "
    "For example: Sex: Female, Male"
)


class CollectionForm(Form):
    name = CollectionInput.name.form_field("Name")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    frequency = forms.ChoiceField(
        label="How often organisations return figures",
        choices=FREQUENCY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often organisations return their figures"},
    )
    first_period_start = forms.DateField(
        label="First period",
        help_text="Any day in the first period returns are due for",
        error_messages={"required": "Enter a day in the first period", "invalid": "Enter a real date"},
    )
    last_period_end = forms.DateField(
        label="Last period",
        required=False,
        help_text="Any day in the last period. Leave empty if the collection runs until it is closed.",
        error_messages={"invalid": "Enter a real date"},
    )
    due_days = forms.IntegerField(
        label="Due after the period ends (days)",
        min_value=0,
        max_value=120,
        initial=10,
        error_messages={"required": "Enter how many days after the period ends returns are due"},
    )
    due_rule = forms.ChoiceField(
        label="Count those days as",
        choices=DueRule.choices,
        initial=DueRule.WORKING_DAYS,
        widget=forms.RadioSelect,
        help_text="Working days leave out weekends and bank holidays in England and Wales",
    )
    reminder_days = forms.IntegerField(
        label="Remind contributors this many days before the due date",
        min_value=0,
        max_value=60,
        initial=3,
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations that return figures",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_open = forms.BooleanField(label="Open: reminders are sent", required=False, initial=True)
    version = VersionField()

    def __init__(self, *args: Any, organisations: Sequence[Organisation] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(
            self,
            "organisations",
            Organisation.objects.filter(pk__in=[o.pk for o in organisations]).order_by("name"),
        )

    def set_up_values(self) -> dict[str, Any]:
        """What ``collection_create`` takes: a new collection is open."""
        values = self.cleaned_values()
        values.pop("is_open", None)
        return values

    @staticmethod
    def initial_for(collection: Collection) -> dict[str, Any]:
        return {
            "name": collection.name,
            "description": collection.description,
            "frequency": collection.frequency,
            "first_period_start": collection.first_period_start,
            "last_period_end": collection.last_period_end,
            "due_days": collection.due_days,
            "due_rule": collection.due_rule,
            "reminder_days": collection.reminder_days,
            "organisations": list(collection.organisations.values_list("pk", flat=True)),
            "is_open": collection.is_open,
            "version": collection.version,
        }


def breakdowns_text(breakdowns: list[dict[str, Any]]) -> str:
    return "\n".join(f"{b['name']}: {', '.join(b['categories'])}" for b in breakdowns or [])


def parse_breakdowns(text: str) -> list[dict[str, Any]]:
    """'Sex: Female, Male' lines into the measure's breakdown list (the service checks them)."""
    result = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, _, rest = line.partition(":")
        result.append({"name": name.strip(), "categories": [c.strip() for c in rest.split(",") if c.strip()]})
    return result


class MeasureForm(Form):
    indicator = forms.ModelChoiceField(
        label="Use an existing indicator",
        queryset=Indicator.objects.none(),
        required=False,
        help_text="Leave empty to create a new performance measure for this figure",
    )
    indicator_kind = forms.ChoiceField(
        label="What kind of measure is it",
        choices=[c for c in IndicatorKind.choices if c[0] != IndicatorKind.POPULATION],
        initial=IndicatorKind.HOW_MUCH,
        widget=forms.RadioSelect,
        required=False,
    )
    initiative = forms.ModelChoiceField(
        label="Initiative it measures", queryset=Initiative.objects.none(), required=False
    )
    label = MeasureInput.label.form_field("What is counted", help_text="For example: Befriending calls made")
    code = forms.SlugField(
        label="Short name",
        max_length=60,
        required=False,
        help_text="Used in spreadsheets and CSV files. Leave empty to make one from the name.",
    )
    value_type = forms.ChoiceField(
        label="Type of figure",
        choices=MeasureValueType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of figure"},
    )
    unit = MeasureInput.unit.form_field("Unit", help_text="For example: calls, visits, %")
    multiplier = forms.IntegerField(
        min_value=1, required=False, help_text="For rates only: per 1,000 or per 100,000"
    )
    cumulative = forms.BooleanField(
        label="A running total since the collection started (not a figure for each period)", required=False
    )
    breakdowns = forms.CharField(
        label="Breakdowns", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=BREAKDOWN_HELP
    )
    required = forms.BooleanField(label="Required in every return", required=False, initial=True)
    comment_required = forms.BooleanField(label="A comment is always required", required=False)
    min_value = forms.DecimalField(label="Lowest allowed value", required=False, decimal_places=4)
    max_value = forms.DecimalField(label="Highest allowed value", required=False, decimal_places=4)
    change_threshold = forms.IntegerField(
        label="Needs a comment when it changes by more than (%)",
        min_value=1,
        max_value=10000,
        required=False,
        help_text="Compared with the organisation's previous period",
    )
    help_text = forms.CharField(
        label="Guidance for contributors", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = VersionField()

    def __init__(
        self,
        *args: Any,
        indicators: Sequence[Indicator] = (),
        initiatives: Sequence[Initiative] = (),
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "indicator", Indicator.objects.filter(pk__in=[i.pk for i in indicators]))
        offer_choices(self, "initiative", Initiative.objects.filter(pk__in=[i.pk for i in initiatives]))
        if editing:
            for name in ("indicator", "indicator_kind", "code", "value_type"):
                del self.fields[name]

    def measure_values(self) -> dict[str, Any]:
        """What ``measure_create`` and ``measure_update`` take: the form's fields, with the breakdowns
        read from their lines. An empty multiplier is left to the service: chosen for the type of
        figure when the measure is added, kept as it is when it is changed."""
        values = self.cleaned_values()
        values["breakdowns"] = parse_breakdowns(values["breakdowns"])
        if values.get("multiplier") is None:
            values.pop("multiplier", None)
        if "indicator_kind" in values:
            values["indicator_kind"] = values["indicator_kind"] or IndicatorKind.HOW_MUCH
        return values

    @staticmethod
    def initial_for(measure: Measure) -> dict[str, Any]:
        return {
            "initiative": measure.initiative_id,
            "label": measure.label,
            "unit": measure.unit,
            "multiplier": measure.multiplier,
            "cumulative": measure.cumulative,
            "breakdowns": breakdowns_text(measure.breakdowns),
            "required": measure.required,
            "comment_required": measure.comment_required,
            "min_value": measure.min_value,
            "max_value": measure.max_value,
            "change_threshold": measure.change_threshold,
            "help_text": measure.help_text,
            "version": measure.version,
        }


class FigureField(forms.CharField):
    """A figure, or the comment, a measure needs before its return can be submitted.

    It is not labelled "(optional)", yet an empty value is accepted: drafts may be incomplete, and
    the service says what is missing ("Enter home visits") when the return is submitted.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=True, **kwargs)

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            return
        super().validate(value)


def _text_field(*, needed: bool, **kwargs: Any) -> forms.CharField:
    """A ``FigureField`` for what submitting needs; otherwise an optional text field."""
    if needed:
        return FigureField(**kwargs)
    return forms.CharField(required=False, **kwargs)


def _number_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}"


class ReturnForm(Form):
    """One text field per figure (and denominator, and comment), named as ``validation.field_name``.

    The fields are added after ``Form.__init__`` (they depend on the collection's measures), so
    their GOV.UK classes and their links to hints and error messages are set here.
    """

    version = VersionField(min_value=NOT_STARTED)  # a return not yet started sends NOT_STARTED
    use_required_attribute = False  # a draft may leave required figures empty

    def __init__(
        self,
        *args: Any,
        measures: Sequence[Measure],
        saved: dict[tuple[str, str, str], CleanFigure],
        comments: dict[str, str],
        last: dict[tuple[str, str, str], CleanFigure],
        return_comment: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.groups: list[dict[str, Any]] = []
        for measure in measures:
            group: dict[str, Any] = {"measure": measure, "fields": [], "comment": None}
            for slot in slots_for(measure):
                key = (measure.code, slot.breakdown, slot.category)
                figure = saved.get(key, CleanFigure(None, None))
                before = last.get(key)
                names = [self._add_number(slot, "value", figure.value, before)]
                if measure.kind.has_denominator:
                    names.append(self._add_number(slot, "denominator", figure.denominator, before))
                group["fields"].extend(names)
            comment_name = slots_for(measure)[0].name("comment")
            self.fields[comment_name] = _text_field(
                needed=measure.comment_required,
                label=f"Comment on {in_sentence(measure.label)}",
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
            )
            self.initial[comment_name] = comments.get(measure.code, "")
            group["comment"] = comment_name
            self.groups.append(group)
        self.fields[RETURN_COMMENT] = forms.CharField(
            label="Anything the approver should know",
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
        )
        self.initial[RETURN_COMMENT] = return_comment

    def _add_number(self, slot: Slot, part: str, value: Decimal | None, before: CleanFigure | None) -> str:
        measure = slot.measure
        name = slot.name(part)
        label = measure.label if slot.is_total else f"{slot.breakdown}: {slot.category}"
        if measure.kind.has_denominator:
            label = f"{label}: {'numerator' if part == 'value' else 'denominator'}"
        hint_parts = []
        if measure.unit and part == "value" and not measure.kind.has_denominator:
            hint_parts.append(f"In {measure.unit}.")
        if before is not None:
            last = before.value if part == "value" else before.denominator
            if last is not None:
                hint_parts.append(f"Last period: {last.normalize():,f}.")
        if slot.is_total and part == "value" and measure.help_text:
            hint_parts.append(measure.help_text)
        attrs = {"inputmode": "decimal", "class": "govuk-input govuk-input--width-10", "spellcheck": "false"}
        # A measure's total (and its denominator) is needed to submit; breakdowns are optional.
        self.fields[name] = _text_field(
            needed=measure.required and slot.is_total,
            label=label,
            max_length=30,
            help_text=" ".join(hint_parts),
            widget=forms.TextInput(attrs=attrs),
        )
        self.initial[name] = _number_text(value)
        return name

    @property
    def field_groups(self) -> list[dict[str, Any]]:
        """Bound fields grouped by measure, for the template's fieldsets."""
        return [
            {"measure": g["measure"], "fields": [self[n] for n in g["fields"]], "comment": self[g["comment"]]}
            for g in self.groups
        ]

    @property
    def return_comment_field(self) -> forms.BoundField:
        return self[RETURN_COMMENT]

    def values(self) -> dict[str, str]:
        """What was typed, by field name (every figure field, so an emptied field blanks its figure)."""
        return {name: self.data.get(name, "") for name in self.fields if name != "version"}


class ReasonForm(Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter a reason"},
    )
    version = VersionField()

    def __init__(self, *args: Any, label: str, hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = hint


class UploadForm(Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="The filled-in template (.xlsx), or for many returns a CSV file",
        error_messages={"required": "Select a file to upload", "empty": "The selected file is empty"},
    )
    submit = forms.BooleanField(label="Submit the return(s) for approval once saved", required=False)
