"""The form for an initiative."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from wellboard.core.forms import Form, VersionField, offer_choices
from wellboard.partners.models import Organisation
from wellboard.strategy.forms.fields import ListField, NodeMultipleChoiceField, date_field
from wellboard.strategy.inputs import InitiativeInput
from wellboard.strategy.models import InitiativeKind, Node


class InitiativeForm(Form):
    name = InitiativeInput.name.form_field("Name")
    kind = forms.ChoiceField(
        label="What kind of initiative it is",
        choices=InitiativeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of initiative it is"},
    )
    description = InitiativeInput.description.form_field("Description", rows=4)
    start_date = date_field("Start date")
    end_date = date_field("End date")
    lead_organisation = forms.ModelChoiceField(
        label="Lead organisation", queryset=Organisation.objects.none(), required=False
    )
    partners = forms.ModelMultipleChoiceField(
        label="Partners",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = ListField(label="Target groups", required=False, help_text="One group per line")
    places = ListField(label="Places", required=False, help_text="One place per line, such as a park or ward")
    funding = InitiativeInput.funding.form_field("Funding", rows=2, help_text="Who funds it and how much")
    nodes = NodeMultipleChoiceField(
        label="Parts of the strategy it serves",
        queryset=Node.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = VersionField()

    FIELDS = (
        "name",
        "kind",
        "description",
        "start_date",
        "end_date",
        "lead_organisation",
        "partners",
        "target_groups",
        "places",
        "funding",
        "nodes",
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        nodes: QuerySet[Node],
        can_change_lead: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lead_organisation", "partners"):
            offer_choices(self, name, organisations)
        offer_choices(self, "nodes", nodes)
        if not can_change_lead:
            del self.fields["lead_organisation"]
