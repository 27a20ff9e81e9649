"""The forms of the hub pages, built from the hub app's input schemas."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from wellboard.core.forms import DateInput, Form, VersionField, offer_choices
from wellboard.hub.codes import EXERCISE_REASONS, LOCAL_ID_MAX, NEEDS
from wellboard.hub.inputs import OLDEST_AGE, HubInput, HubSessionInput, HubSiteInput
from wellboard.hub.models import Hub, HubKind, HubPartner, HubSite, Route, Sex, Weekday
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


class HubEditForm(HubForm):
    active = forms.BooleanField(
        label="The hub is open",
        required=False,
        help_text="Untick it when the hub closes: its visits and figures are kept",
    )
    version = VersionField()


class HubSiteForm(Form):
    name = HubSiteInput.name.form_field("Site name")
    lsoa = forms.CharField(
        label="LSOA code",
        required=False,
        max_length=9,
        help_text="For example, E01023720",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    version = VersionField()


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
        error_messages={
            "required": f"Enter {label.lower()}, like 09:30",
            "invalid": f"{label} must be a time like 09:30 or 17:00",
        },
        widget=forms.TimeInput(
            format="%H:%M", attrs={"type": "time", "class": "govuk-input--width-5", "step": "60"}
        ),
    )


class HubSessionForm(Form):
    weekday = forms.TypedChoiceField(
        label="Day",
        choices=Weekday.choices,
        coerce=int,
        error_messages={
            "required": "Choose the day of the week",
            "invalid_choice": "Choose the day of the week",
        },
    )
    opens = _time_field("Opening time")
    closes = _time_field("Closing time")
    note = HubSessionInput.note.form_field(
        "Note (optional)", help_text="For example: term time only, or drop-in, no appointment needed"
    )
    version = VersionField()


class HubPartnerForm(Form):
    organisation = forms.ModelChoiceField(
        label="A member of the partnership",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not a member: name it below",
    )
    name = forms.CharField(
        label="Or the name of an organisation outside the partnership",
        required=False,
        max_length=200,
        help_text="Such as the county's stop smoking service. Leave it blank for a member",
        error_messages={"max_length": "The organisation's name must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "organisation", organisations)


class RemoveForm(Form):
    """The confirmation of a removal, with the version of the record as it was shown."""

    version = VersionField()


class ContactsUploadForm(Form):
    file = forms.FileField(
        label="The CSV file of visits",
        error_messages={"required": "Choose the CSV file to import", "empty": "The chosen file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class ContactsConfirmForm(Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=1000)


def _blank_first(pairs: tuple[tuple[str, str], ...], blank: str) -> list[tuple[str, str]]:
    return [("", blank), *pairs]


class ContactForm(Form):
    """One visit, laid out for typing straight through: each field follows the last, the choices
    are radios and checkboxes a keyboard moves through, and the date and site stay as they were
    for the next visit."""

    date = forms.DateField(
        label="Date of the visit",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the visit",
            "invalid": "The date of the visit must be a real date",
        },
    )
    site = forms.ModelChoiceField(label="Site", queryset=HubSite.objects.none(), required=False)
    client_id = forms.CharField(
        label="The hub's identifier for the person",
        max_length=LOCAL_ID_MAX,
        help_text="Your membership or card number for them: it is turned into a code and never stored",
        error_messages={"required": "Enter the hub's identifier for the person"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autofocus": True}),
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the person's sex"},
    )
    age_band = forms.ChoiceField(
        label="Age band", choices=(), error_messages={"required": "Choose an age band"}
    )
    lsoa = forms.CharField(
        label="LSOA code",
        required=False,
        max_length=9,
        help_text="The area the person lives in, like E01023720: never their address or postcode",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    route = forms.ChoiceField(
        label="How they came",
        choices=Route.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the person came"},
    )
    needs = forms.MultipleChoiceField(
        label="Needs", choices=NEEDS, required=False, widget=forms.CheckboxSelectMultiple
    )
    exercise_reason = forms.ChoiceField(
        label="Reason for an exercise referral",
        choices=_blank_first(EXERCISE_REASONS, "Not an exercise referral"),
        required=False,
    )
    partner = forms.ModelChoiceField(
        label="Partner (for a partner appointment)", queryset=HubPartner.objects.none(), required=False
    )
    version = VersionField()

    def __init__(self, *args: Any, hub: Hub, age_bands: tuple[tuple[str, str], ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "site", hub.sites.all())
        offer_choices(self, "partner", hub.partners.select_related("organisation"))
        age_field = self.fields["age_band"]
        if isinstance(age_field, forms.ChoiceField):
            age_field.choices = _blank_first(age_bands, "Choose")
            if hub.kind == HubKind.YOUNG_PEOPLE:
                age_field.label = "Age"
        if not hub.sites.exists():
            del self.fields["site"]
        if not hub.partners.exists():
            del self.fields["partner"]
