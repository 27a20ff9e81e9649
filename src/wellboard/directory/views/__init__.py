"""The directory pages: every member reads; coordinators keep it."""

from wellboard.directory.views.imports import directory_import, directory_import_confirm
from wellboard.directory.views.organisations import directory_organisation_edit
from wellboard.directory.views.services import (
    directory_download,
    directory_list,
    directory_service,
    directory_service_create,
    directory_service_edit,
    directory_service_history,
    directory_service_verify,
    directory_settings,
)

__all__ = [
    "directory_download",
    "directory_import",
    "directory_import_confirm",
    "directory_list",
    "directory_organisation_edit",
    "directory_service",
    "directory_service_create",
    "directory_service_edit",
    "directory_service_history",
    "directory_service_verify",
    "directory_settings",
]
