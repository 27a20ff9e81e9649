"""The forms of the hub pages, built from the hub app's input schemas."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from wellboard.core.forms import Form, offer_choices
from wellboard.hub.inputs import OLDEST_AGE, HubInput
from wellboard.hub.models import HubKind
from wellboard.partners.models import Organisation, User


def _age_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=OLDEST_AGE,
        error_messages={
            "invalid": f"{label} must be a whole number of years",
            "min_value": f"{label} must be 0 or more",
            "max_value": f"{label} must be {OLDEST_AGE} or less",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )


class HubForm(Form):
    name = HubInput.name.form_field("Name")
    organisation = forms.ModelChoiceField(
        label="Organisation that runs it",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the organisation that runs the hub"},
    )
    kind = forms.ChoiceField(
        label="What kind of hub it is",
        choices=HubKind.choices,
        initial=HubKind.MAIN,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of hub it is"},
    )
    age_from = _age_field("Youngest age served")
    age_to = _age_field("Oldest age served")

    FIELDS = ("name", "organisation", "kind", "age_from", "age_to")

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "organisation", organisations)


class HubWorkerForm(Form):
    user = forms.ModelChoiceField(
        label="Person",
        queryset=User.objects.none(),
        error_messages={"required": "Choose the person who works at the hub"},
        help_text="They can then record and see this hub's contacts, and no other hub's",
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "user", people)


class HubSiteForm(Form):
    name = forms.CharField(
        label="Site name", max_length=200, error_messages={"required": "Enter the site's name"}
    )
    lsoa = forms.CharField(
        label="LSOA code (optional)",
        required=False,
        max_length=9,
        help_text="For example, E01023720",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
