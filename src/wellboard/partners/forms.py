from __future__ import annotations

from typing import Any

from django import forms

from wellboard.core.access import Role
from wellboard.core.forms import Form, VersionField
from wellboard.partners.models import DisclosureRule, Organisation, OrganisationType


class InviteForm(Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address, like name@example.org",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Contributors update actions and submit returns for this organisation",
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class AcceptInvitationForm(Form):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter your first name"}
    )
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    password = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. A few unrelated words work well.",
        error_messages={"required": "Choose a password"},
    )


class ApiTokenForm(Form):
    name = forms.CharField(
        label="What will use this token?",
        max_length=100,
        help_text="For example 'Mind case management system'. You can have several tokens.",
        error_messages={"required": "Say what will use this token"},
    )


class OrganisationForm(Form):
    """An organisation and its membership of the partnership (its seat on the board)."""

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the organisation's name"}
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=OrganisationType.choices,
        error_messages={"required": "Choose the type of organisation"},
    )
    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://example.org"},
    )
    description = forms.CharField(
        label="What it does", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    board_seat = forms.BooleanField(label="It has a seat on the board", required=False)
    seat_title = forms.CharField(
        label="Seat",
        required=False,
        max_length=200,
        help_text="For example 'Voluntary sector representative'",
    )
    joined_on = forms.DateField(label="Member since", required=False)
    left_on = forms.DateField(label="Left on", required=False, help_text="Leave blank while it is a member")
    version = VersionField()
    membership_version = VersionField()


class PartnershipSettingsForm(Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the partnership's name"}
    )
    place_name = forms.CharField(
        label="Place", max_length=200, error_messages={"required": "Enter the place it serves"}
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    area_code = forms.RegexField(
        label="ONS area code of the place",
        required=False,
        regex=r"^[EWSNK]\d{8}$",
        help_text="For example E07000243 for Stevenage. Indicators are shown for this area first.",
        error_messages={"invalid": "Enter an ONS code: a letter and 8 digits, like E07000243"},
    )
    fortnight_anchor = forms.DateField(
        label="Fortnights start on",
        help_text="The first day of any fortnight. Fortnightly returns are counted in 14-day steps from it.",
        error_messages={"required": "Enter the first day of a fortnight", "invalid": "Enter a real date"},
    )
    disclosure_rule = forms.ChoiceField(
        label="Small numbers in published figures", choices=DisclosureRule.choices, widget=forms.RadioSelect
    )
    is_public = forms.BooleanField(label="Publish live strategies and indicators to everyone", required=False)
    version = VersionField()
