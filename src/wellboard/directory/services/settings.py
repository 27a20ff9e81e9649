"""The directory's settings: how long an entry stays up to date."""

from __future__ import annotations

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import Conflict
from wellboard.core.inputs import Errors, raise_if_any
from wellboard.core.locking import lock_if_exists
from wellboard.core.versioning import NOT_STARTED, save_changes, version_check
from wellboard.directory.inputs import DirectorySettingsInput
from wellboard.directory.models import DirectorySettings
from wellboard.directory.policy import CHANGE_DIRECTORY_SETTINGS


@transaction.atomic
def directory_settings_update(
    *, by: Actor, stale_after_days: int, expected_version: int | None
) -> DirectorySettings:
    """Set how many days an entry stays up to date. The settings are made the first time they are
    changed from the defaults; a form that found none sends version 0, so two first saves do not
    overwrite each other."""
    CHANGE_DIRECTORY_SETTINGS.require(by)
    errors: Errors = {}
    cleaned = DirectorySettingsInput.clean({"stale_after_days": stale_after_days}, errors, by=by)
    raise_if_any(errors)
    locked = lock_if_exists(DirectorySettings, partnership_id=by.partnership_id)
    if locked is None:
        if expected_version not in (None, NOT_STARTED):
            raise Conflict(
                what="directory settings", expected_version=expected_version or 0, current_version=0
            )
        defaults = DirectorySettings(partnership_id=by.partnership_id, version=NOT_STARTED)
        if cleaned["stale_after_days"] == defaults.stale_after_days:
            return defaults  # the defaults saved unchanged: nothing to write
        created = DirectorySettings.objects.create(partnership_id=by.partnership_id, **cleaned)
        audit_record(by=by, action="directory_settings.update", obj=created, after=audit_snapshot(created))
        return created
    version_check(locked, expected_version, what="directory settings")
    save_changes(by=by, record=locked, fields=cleaned, audit_action="directory_settings.update")
    return locked
