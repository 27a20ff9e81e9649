"""`wellboard backup` and `wellboard restore`: a consistent archive of the whole deployment, checked
by its manifest; restore is all or nothing; backup, restore and backup again give the same bytes."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_person
from tests.factories.strategy import ProgressUpdateFactory, build_strategy_world
from wellboard.core.access import Role
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Partnership, User
from wellboard.strategy.models import Action, ProgressUpdate

pytestmark = pytest.mark.django_db(transaction=True)


def _world(partnership: Partnership) -> User:
    world = build_strategy_world(partnership)
    ProgressUpdateFactory(
        action=world.council_action, narrative="Twelve parks visited, café, «ok»", rag="green"
    )
    person = make_person(partnership, "lead", Role.COORDINATOR)
    TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    return person


def _rewrite(source_path: Path, target_path: Path, name: str, change: Callable[[bytes], bytes]) -> None:
    """A copy of an archive with one member changed, as damage or a foreign tool would leave it."""
    with zipfile.ZipFile(source_path) as source, zipfile.ZipFile(target_path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, change(data) if item.filename == name else data)


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_backup_restore_backup_is_identical(tmp_path: Path, partnership: Partnership) -> None:
    person = _world(partnership)
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    assert "Backed up" in _run("backup", str(first))
    counts = (Action.objects.count(), ProgressUpdate.objects.count(), User.objects.count())

    with zipfile.ZipFile(first) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "wellboard-backup"
    assert manifest["files"]["data/strategy.action.jsonl"]["rows"] == counts[0]
    assert "otp_totp" in manifest["schema"]

    assert "Restored" in _run("restore", str(first), "--replace")
    assert (Action.objects.count(), ProgressUpdate.objects.count(), User.objects.count()) == counts
    assert TOTPDevice.objects.get(user__email=person.email).confirmed
    assert ProgressUpdate.objects.filter(narrative__contains="«ok»").exists()

    _run("backup", str(second))
    assert first.read_bytes() == second.read_bytes()


def test_restore_refuses_a_database_that_holds_data(tmp_path: Path, partnership: Partnership) -> None:
    _world(partnership)
    archive = tmp_path / "b.zip"
    _run("backup", str(archive))
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="already holds partnerships or people"):
        _run("restore", str(archive))
    assert AuditEvent.objects.count() == before


def test_a_damaged_backup_is_refused_before_anything_changes(
    tmp_path: Path, partnership: Partnership
) -> None:
    _world(partnership)
    good, bad = tmp_path / "good.zip", tmp_path / "bad.zip"
    _run("backup", str(good))
    _rewrite(good, bad, "data/strategy.action.jsonl", lambda data: data.replace(b"parks", b"PARKS"))
    actions = Action.objects.count()
    with pytest.raises(CommandError, match="does not match its checksum"):
        _run("restore", str(bad), "--replace")
    assert Action.objects.count() == actions

    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("hello")
    with pytest.raises(CommandError, match="Cannot read"):
        _run("restore", str(not_zip), "--replace")
    with pytest.raises(CommandError, match="does not exist"):
        _run("restore", str(tmp_path / "missing.zip"))


def test_a_backup_from_another_schema_is_refused(tmp_path: Path, partnership: Partnership) -> None:
    _world(partnership)
    good, other = tmp_path / "good.zip", tmp_path / "other.zip"
    _run("backup", str(good))

    def future_schema(data: bytes) -> bytes:
        manifest = json.loads(data)
        manifest["schema"]["strategy"] = "9999_future"
        return json.dumps(manifest).encode()

    _rewrite(good, other, "manifest.json", future_schema)
    with pytest.raises(CommandError, match="different database schema"):
        _run("restore", str(other), "--replace")
    assert Partnership.objects.filter(pk=partnership.pk).exists()
