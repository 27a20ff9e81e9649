"""The forms of the hub pages, built from the hub app's input schemas."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from wellboard.core.forms import DateInput, Form, VersionField, offer_choices
from wellboard.directory.models import Service
from wellboard.hub.codes import EXERCISE_REASONS, LOCAL_ID_MAX, NEEDS
from wellboard.hub.inputs import OLDEST_AGE, HubInput, HubSessionInput, HubSiteInput
from wellboard.hub.models import Hub, HubKind, HubPartner, HubSite, ReferralStatus, Route, Sex, Weekday
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


def _services_field(*, required: bool) -> forms.ModelMultipleChoiceField[Service]:
    return forms.ModelMultipleChoiceField(
        label="Refer them on to",
        queryset=Service.objects.none(),
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text="Services from the directory. Each gets only a reference, never anything about the person",
        error_messages={
            "required": "Choose at least one service to refer the person to",
            "invalid_choice": "Choose services from the list",
            "invalid_pk_value": "Choose services from the list",
        },
    )


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
    services = _services_field(required=False)
    version = VersionField()

    def __init__(
        self,
        *args: Any,
        hub: Hub,
        age_bands: tuple[tuple[str, str], ...],
        services: QuerySet[Service] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Onward referrals are made when a visit is recorded (or added to it afterwards on its own
        # form), never changed by correcting the visit.
        if services is not None and services.exists():
            offer_choices(self, "services", services)
        else:
            del self.fields["services"]
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


class ReferralAddForm(Form):
    """Referrals added to a visit after it was recorded."""

    services = _services_field(required=True)

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "services", services)


class ReferralStatusForm(Form):
    """What happened to a referral: the statuses it may move to from where it is, and the day."""

    status = forms.ChoiceField(
        label="What happened",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened to the referral"},
    )
    on = forms.DateField(
        label="On",
        widget=DateInput(),
        help_text="The day it happened: not in the future, nor before the referral was sent",
        error_messages={"required": "Enter the date it happened", "invalid": "The date must be a real date"},
    )
    version = VersionField()

    def __init__(self, *args: Any, statuses: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ReferralStatus.choices)
        status_field = self.fields["status"]
        if isinstance(status_field, forms.ChoiceField):
            status_field.choices = [(status, labels[status]) for status in statuses]


class HubMonthForm(Form):
    """A month's money and room figures. The numbers are read by the service's strict rules
    (``HubMonthInput``), so the fields take text: '1,250.50' and '£1250.50' are both pounds."""

    room_bookings = forms.CharField(label="Room bookings", help_text="How many times rooms were hired")
    room_hire_income = forms.CharField(label="Room hire income (£)")
    memberships = forms.CharField(label="Memberships sold", help_text="Exercise-on-referral memberships")
    membership_income = forms.CharField(label="Membership income (£)")
    other_income = forms.CharField(label="Other income (£)", help_text="Grants, sessions, anything else")
    running_cost = forms.CharField(label="Running cost (£)", help_text="Staff, building, equipment")
    version = VersionField(min_value=0)

    FIELDS = (
        "room_bookings",
        "room_hire_income",
        "memberships",
        "membership_income",
        "other_income",
        "running_cost",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.FIELDS:
            field = self.fields[name]
            label = str(field.label or name).lower().replace(" (£)", "")
            field.error_messages["required"] = f"Enter the {label} (0 if none)"
            field.widget.attrs.update({"inputmode": "decimal", "class": "govuk-input--width-10"})
