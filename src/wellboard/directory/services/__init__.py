"""The directory's writers: services and their parts, the organisations that run them, taxonomy
terms, and the directory's settings."""

from wellboard.directory.services.entries import (
    LocationValues,
    PhoneValues,
    service_create,
    service_update,
    service_verify,
)
from wellboard.directory.services.parts import (
    service_organisation_create,
    service_organisation_update,
    taxonomy_term_create,
    taxonomy_term_update,
)
from wellboard.directory.services.settings import directory_settings_update

__all__ = [
    "LocationValues",
    "PhoneValues",
    "directory_settings_update",
    "service_create",
    "service_organisation_create",
    "service_organisation_update",
    "service_update",
    "service_verify",
    "taxonomy_term_create",
    "taxonomy_term_update",
]
