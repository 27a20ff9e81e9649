from __future__ import annotations

from typing import Any

from django import forms

from wellboard.core.access import Role
from wellboard.core.forms import Form, VersionField, offer_choices
from wellboard.partners.inputs import (
    ApiTokenInput,
    AreaCode,
    InvitationInput,
    MembershipInput,
    OrganisationInput,
    PartnershipSettingsInput,
    PersonInput,
)
from wellboard.partners.models import DisclosureRule, Organisation, OrganisationType


class InviteForm(Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter their email address",
            "invalid": InvitationInput.email.message,
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
            offer_choices(self, "organisation", organisations)


class AcceptInvitationForm(Form):
    first_name = forms.CharField(
        label="First name",
        max_length=PersonInput.first_name.max_length,
        error_messages={"required": "Enter your first name"},
    )
    last_name = PersonInput.last_name.form_field("Last name")
    password = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. A few unrelated words work well.",
        error_messages={"required": "Choose a password"},
    )


class ApiTokenForm(Form):
    name = ApiTokenInput.name.form_field(
        "What will use this token?",
        help_text="For example 'Mind case management system'. You can have several tokens.",
    )


class OrganisationForm(Form):
    """An organisation and its membership of the partnership (its seat on the board)."""

    name = OrganisationInput.name.form_field("Name")
    kind = forms.ChoiceField(
        label="Type",
        choices=OrganisationType.choices,
        error_messages={"required": "Choose the type of organisation"},
    )
    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": OrganisationInput.website.message},
    )
    description = OrganisationInput.description.form_field("What it does", rows=3)
    board_seat = forms.BooleanField(label="It has a seat on the board", required=False)
    seat_title = MembershipInput.seat_title.form_field(
        "Seat", help_text="For example 'Voluntary sector representative'"
    )
    joined_on = forms.DateField(label="Member since", required=False)
    left_on = forms.DateField(label="Left on", required=False, help_text="Leave blank while it is a member")
    version = VersionField()
    membership_version = VersionField()


class TwoFactorCodeForm(Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows, or one of your recovery codes",
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class TwoFactorSetupForm(TwoFactorCodeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = "The 6-digit code your authenticator app shows for Wellboard"


class PartnershipSettingsForm(Form):
    name = PartnershipSettingsInput.name.form_field("Name")
    place_name = PartnershipSettingsInput.place_name.form_field("Place")
    description = PartnershipSettingsInput.description.form_field("Description", rows=4)
    area_code = forms.RegexField(
        label="ONS area code of the place",
        required=False,
        regex=AreaCode.pattern,
        help_text="For example E07000243 for Stevenage. Indicators are shown for this area first.",
        error_messages={"invalid": AreaCode.message},
    )
    fortnight_anchor = forms.DateField(
        label="Fortnights start on",
        help_text="The first day of any fortnight. Fortnightly returns are counted in 14-day steps from it.",
        error_messages={
            "required": PartnershipSettingsInput.fortnight_anchor.missing,
            "invalid": "Enter a real date",
        },
    )
    disclosure_rule = forms.ChoiceField(
        label="Small numbers in published figures", choices=DisclosureRule.choices, widget=forms.RadioSelect
    )
    is_public = forms.BooleanField(
        label="Publish live strategies and indicators to everyone",
        required=False,
        help_text=(
            "Anyone can then read, without signing in, the live strategies with their actions and "
            "progress, the indicators, the reach of initiatives from approved returns, and the same "
            "figures as open data. Drafts, internal notes and people's names are never published; "
            "small numbers follow the rule above."
        ),
    )
    two_factor_roles = forms.MultipleChoiceField(
        label="Roles that must sign in with a second factor",
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People in these roles give a code from an authenticator app each time they sign in.",
    )
    version = VersionField()
