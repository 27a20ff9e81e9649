"""Forms for a strategy and the parts of its tree."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from wellboard.core.forms import Form, VersionField, offer_choices
from wellboard.strategy.forms.fields import NodeChoiceField, TagChoiceField, date_field
from wellboard.strategy.inputs import LevelNames, NodeInput, StrategyInput
from wellboard.strategy.models import Node, Strategy, StrategyStatus, Tag
from wellboard.strategy.selectors.ordering import nodes_in_tree_order


class StrategyForm(Form):
    title = StrategyInput.title.form_field("Title")
    vision = StrategyInput.vision.form_field("Vision", rows=3)
    summary = StrategyInput.summary.form_field("Summary", rows=5)
    start_date = date_field("Start date", required=True)
    end_date = date_field("End date", required=True)
    level_names = forms.CharField(
        label="Names of the levels of its tree",
        help_text="From the top, separated by > or a comma, for example: Theme > Priority",
        max_length=LevelNames.max_typed,
        error_messages={"required": LevelNames.missing},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=StrategyStatus.choices,
        widget=forms.RadioSelect,
        initial=StrategyStatus.DRAFT,
        error_messages={"required": "Choose a status"},
    )
    version = VersionField()

    @classmethod
    def initial_for(cls, strategy: Strategy) -> dict[str, Any]:
        return {
            "title": strategy.title,
            "vision": strategy.vision,
            "summary": strategy.summary,
            "start_date": strategy.start_date,
            "end_date": strategy.end_date,
            "level_names": " > ".join(strategy.level_names or []),
            "status": strategy.status,
            "version": strategy.version,
        }


# ---------------------------------------------------------------- nodes


class NodeForm(Form):
    title = NodeInput.title.form_field("Title")
    ref = NodeInput.ref.form_field(
        "Reference",
        help_text="A short number such as 2.1. Leave it blank to number it automatically.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    description = NodeInput.description.form_field("Description", rows=4)
    parent = NodeChoiceField(
        label="Where it sits in the tree",
        queryset=Node.objects.none(),
        required=False,
        empty_label="At the top of the tree",
    )
    tags = TagChoiceField(
        label="Tags",
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Link it to the external models the partnership uses",
    )
    version = VersionField()

    def __init__(
        self, *args: Any, strategy: Strategy, tags: QuerySet[Tag], exclude: Node | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        levels = len(strategy.level_names or []) or 1
        parents = nodes_in_tree_order(Node.objects.filter(strategy=strategy, depth__lt=levels - 1))
        if exclude is not None:
            parents = parents.exclude(pk=exclude.pk)
        offer_choices(self, "parent", parents)
        offer_choices(self, "tags", tags)
        if levels == 1:
            del self.fields["parent"]
