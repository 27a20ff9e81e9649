"""The forms of the directory pages, built from the directory's input schemas.

A service's places and phone numbers are edited as lines of text, one per line with their parts
separated by semicolons, and shown the same way, so a form opened and saved unchanged changes
nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

from wellboard.core.forms import Form, VersionField, offer_choices
from wellboard.core.importing.pending import MAX_TOKEN_LENGTH
from wellboard.core.importing.reading import size_text
from wellboard.core.versioning import VERSION_MISSING
from wellboard.directory.importers.structure import MAX_BYTES
from wellboard.directory.inputs import (
    OLDEST_AGE,
    STALE_DAYS_MAX,
    STALE_DAYS_MIN,
    ServiceInput,
    ServiceOrganisationInput,
)
from wellboard.directory.models import Service, ServiceOrganisation, ServiceStatus, TaxonomyTerm
from wellboard.directory.services import LocationValues, PhoneValues
from wellboard.directory.services.entries import service_location_values, service_phone_values
from wellboard.partners.models import Organisation

FREE_CHOICES = [("yes", "Yes, it is free"), ("no", "No, there is a charge"), ("", "Not known")]
PLACE_PARTS = 4


def upload_limit() -> int:
    """The largest feed the web upload takes, in bytes."""
    return int(min(MAX_BYTES, getattr(settings, "WELLBOARD_MAX_UPLOAD_BYTES", MAX_BYTES)))


def upload_limit_text() -> str:
    return size_text(upload_limit())


def _age(label: str) -> forms.IntegerField:
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


def places_text(places: list[LocationValues]) -> str:
    return "\n".join("; ".join((p.name, p.address_1, p.city, p.postcode)) for p in places)


def phones_text(phones: list[PhoneValues]) -> str:
    return "\n".join(f"{p.number}; {p.description}" if p.description else p.number for p in phones)


class ServiceForm(Form):
    name = ServiceInput.name.form_field("Name")
    organisation = forms.ModelChoiceField(
        label="Organisation that runs it",
        queryset=ServiceOrganisation.objects.none(),
        required=False,
        help_text="Or name a new one below",
    )
    new_organisation = forms.CharField(
        label="Or add an organisation", required=False, max_length=300, help_text="Its name"
    )
    description = ServiceInput.description.form_field("Description", rows=4)
    status = forms.ChoiceField(
        label="Status",
        choices=ServiceStatus.choices,
        initial=ServiceStatus.ACTIVE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the service's status"},
    )
    url = forms.CharField(label="Website", required=False, max_length=500)
    email = forms.CharField(label="Public email", required=False, max_length=254)
    phones = forms.CharField(
        label="Phone numbers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line: the number, then a semicolon and what it is for (01438 000 123; Reception)",
    )
    locations = forms.CharField(
        label="Places",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line: name; address; town; postcode (Healthy Hub; Town Square; Stevenage; SG1 1AA)",
    )
    eligibility_description = ServiceInput.eligibility_description.form_field("Who it is for", rows=3)
    minimum_age = _age("Youngest age")
    maximum_age = _age("Oldest age")
    application_process = ServiceInput.application_process.form_field("How to get it", rows=3)
    free = forms.ChoiceField(
        label="Is it free?", choices=FREE_CHOICES, required=False, widget=forms.RadioSelect, initial=""
    )
    cost_description = ServiceInput.cost_description.form_field("Cost", rows=2)
    taxonomy_terms = forms.ModelMultipleChoiceField(
        label="Taxonomy terms",
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    last_verified = forms.DateField(
        label="Last verified",
        required=False,
        help_text="When someone last checked the entry is right",
        error_messages={"invalid": "Last verified must be a real date"},
    )
    referral_email = forms.CharField(
        label="Referral email",
        required=False,
        max_length=254,
        help_text="Where referrals to this service are sent. Never published",
    )
    published = forms.BooleanField(
        label="Show it in the public directory and feed", required=False, initial=True
    )
    version = VersionField()

    SERVICE_FIELDS = (
        "name",
        "description",
        "status",
        "url",
        "email",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "application_process",
        "free",
        "cost_description",
        "last_verified",
        "referral_email",
        "published",
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[ServiceOrganisation],
        terms: QuerySet[TaxonomyTerm],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "organisation", organisations)
        offer_choices(self, "taxonomy_terms", terms)
        if not terms.exists():
            del self.fields["taxonomy_terms"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("organisation") and not (cleaned.get("new_organisation") or "").strip():
            self.add_error("organisation", "Choose the organisation that runs the service, or add one")
        return cleaned

    def clean_phones(self) -> list[PhoneValues]:
        phones = []
        for line in str(self.cleaned_data.get("phones") or "").splitlines():
            if not line.strip():
                continue
            number, _, description = line.partition(";")
            phones.append(PhoneValues(number=number.strip(), description=description.strip()))
        return phones

    def clean_locations(self) -> list[LocationValues]:
        places = []
        for line in str(self.cleaned_data.get("locations") or "").splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            if len(parts) > PLACE_PARTS:
                raise forms.ValidationError(
                    f"'{line.strip()}' has more than four parts: give name; address; town; postcode"
                )
            parts += [""] * (PLACE_PARTS - len(parts))
            places.append(
                LocationValues(name=parts[0], address_1=parts[1], city=parts[2], postcode=parts[3].upper())
            )
        return places

    def service_values(self) -> dict[str, Any]:
        """What the service takes, from the cleaned form."""
        values = {name: self.cleaned_data[name] for name in self.SERVICE_FIELDS if name in self.fields}
        values["free"] = {"yes": True, "no": False}.get(values.get("free") or "")
        values["phones"] = self.cleaned_data["phones"]
        values["locations"] = self.cleaned_data["locations"]
        if "taxonomy_terms" in self.fields:
            values["taxonomy_terms"] = list(self.cleaned_data["taxonomy_terms"])
        return values


def service_initial(service: Service) -> dict[str, Any]:
    return {
        "name": service.name,
        "organisation": service.organisation_id,
        "description": service.description,
        "status": service.status,
        "url": service.url,
        "email": service.email,
        "phones": phones_text(service_phone_values(service)),
        "locations": places_text(service_location_values(service)),
        "eligibility_description": service.eligibility_description,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "application_process": service.application_process,
        "free": "" if service.free is None else ("yes" if service.free else "no"),
        "cost_description": service.cost_description,
        "taxonomy_terms": list(service.taxonomy_terms.all()),
        "last_verified": service.last_verified,
        "referral_email": service.referral_email,
        "published": service.published,
        "version": service.version,
    }


class VerifyForm(Form):
    version = VersionField()


class DirectorySettingsForm(Form):
    stale_after_days = forms.IntegerField(
        label="Days an entry stays up to date",
        min_value=STALE_DAYS_MIN,
        max_value=STALE_DAYS_MAX,
        help_text="A service not verified for longer than this is shown as out of date",
        error_messages={
            "required": "Enter how many days an entry stays up to date",
            "invalid": "Enter a whole number of days",
            "min_value": f"Enter at least {STALE_DAYS_MIN} day",
            "max_value": f"Enter at most {STALE_DAYS_MAX:,} days",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
    )
    # Version 0 says the settings were never saved: the first save makes them.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": VERSION_MISSING,
            "invalid": VERSION_MISSING,
            "min_value": VERSION_MISSING,
        },
    )


class OrukUploadForm(Form):
    file = forms.FileField(
        label="Open Referral UK file (JSON)",
        help_text="A page of /services, a list of services or one service, as ORUK 3.0 JSON",
        error_messages={"required": "Select an Open Referral UK JSON file"},
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if upload.size is not None and upload.size > upload_limit():
            raise forms.ValidationError(f"The file must be smaller than {upload_limit_text()}")
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        if not (upload.name or "").lower().endswith(".json"):
            raise forms.ValidationError("The selected file must be a JSON file (ending .json)")
        return upload


class OrukConfirmForm(Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=MAX_TOKEN_LENGTH)


class ServiceOrganisationForm(Form):
    """The body that runs services: its name, what it does, how to reach it, and whether it is one of
    the partnership's members. Email and website are checked by the service's rules."""

    name = ServiceOrganisationInput.name.form_field("Name")
    description = ServiceOrganisationInput.description.form_field("What it does", rows=4)
    email = forms.CharField(label="Public email", required=False, max_length=254)
    website = forms.CharField(label="Website", required=False, max_length=500)
    member = forms.ModelChoiceField(
        label="A member of the partnership?",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="No, it is not a member",
        help_text="Choose the member organisation it is, so the directory links to it",
    )
    version = VersionField()

    def __init__(self, *args: Any, members: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "member", members)


def service_organisation_initial(organisation: ServiceOrganisation) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "description": organisation.description,
        "email": organisation.email,
        "website": organisation.website,
        "member": organisation.member_id,
        "version": organisation.version,
    }
