from __future__ import annotations

import pytest

from wellboard.core.access import Actor
from wellboard.core.audit import audit_events_for, audit_record, audit_snapshot
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Organisation, Partnership


@pytest.mark.django_db
def test_audit_rows_are_append_only(partnership: Partnership, council: Organisation) -> None:
    actor = Actor.command_line(partnership.pk)
    event = audit_record(
        by=actor,
        action="organisation.update",
        obj=council,
        before={"name": "Old"},
        after={"name": "Test Council"},
    )
    assert event.changes() == [("name", "Old", "Test Council")]
    assert list(audit_events_for(council)) == [event]
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(note="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_snapshot_names_related_objects(council: Organisation) -> None:
    snapshot = audit_snapshot(council)
    assert snapshot["partnership"] == "Test Town Partnership"
    assert "created_at" not in snapshot
    assert audit_snapshot(council, fields=["name"]) == {"name": "Test Council"}


@pytest.mark.django_db
def test_save_changes_bumps_audits_and_turns_duplicates_into_input_errors(
    partnership: Partnership, council: Organisation, charity: Organisation
) -> None:
    from wellboard.core.errors import InvalidInput
    from wellboard.core.versioning import save_changes

    actor = Actor.command_line(partnership.pk)
    save_changes(
        by=actor, record=council, fields={"website": "https://example.org"}, audit_action="org.update"
    )
    council.refresh_from_db()
    assert council.version == 2
    event = audit_events_for(council).get()
    assert ("website", "", "https://example.org") in event.changes()
    with pytest.raises(InvalidInput, match="taken"):
        save_changes(
            by=actor,
            record=charity,
            fields={"name": "Test Council"},
            audit_action="org.update",
            duplicate_errors={"name": ["That name is taken"]},
        )
    assert audit_events_for(charity).count() == 0
