"""`wellboard directory import-oruk|export-oruk|list`: a dry run, the import, a second import that
changes nothing, refused files, an export that imports back, and the out-of-date list."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.integration.directory.conftest import DEMO_FEED
from wellboard.cli.main import main
from wellboard.core import clock
from wellboard.core.models import AuditEvent
from wellboard.directory.models import Service
from wellboard.partners.models import Partnership

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 23, 10, tzinfo=clock.LONDON)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with clock.frozen_at(NOW):
        code = main(["wellboard", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_dry_run_then_import_then_again(capsys: pytest.CaptureFixture[str], partnership: Partnership) -> None:
    code, out, err = run(capsys, "directory", "import-oruk", "test-town", str(DEMO_FEED), "--dry-run")
    assert code == 0, err
    assert "Dry run: nothing has been changed." in out
    assert "service: 30 to create, 0 to update, 0 unchanged" in out
    assert not Service.objects.exists()
    code, out, err = run(capsys, "directory", "import-oruk", "test-town", str(DEMO_FEED))
    assert code == 0, err
    assert "Applied." in out
    assert Service.objects.filter(partnership=partnership).count() == 30
    events = AuditEvent.objects.count()
    code, out, _ = run(capsys, "directory", "import-oruk", "test-town", str(DEMO_FEED))
    assert code == 0
    assert "service: 0 to create, 0 to update, 30 unchanged" in out
    assert AuditEvent.objects.count() == events


def test_a_bad_file_is_refused_with_reasons(
    capsys: pytest.CaptureFixture[str], partnership: Partnership, tmp_path: Path
) -> None:
    feed = json.loads(DEMO_FEED.read_text(encoding="utf-8"))
    feed["contents"][0]["status"] = "open"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(feed), encoding="utf-8")
    code, out, err = run(capsys, "directory", "import-oruk", "test-town", str(bad))
    assert code == 1
    assert "service 1, field 'status': must be one of: active, inactive" in out
    assert "bad.json was rejected; nothing was changed" in err
    assert not Service.objects.exists()
    code, _, err = run(capsys, "directory", "import-oruk", "test-town", str(tmp_path / "missing.json"))
    assert code == 1
    assert "There is no file at" in err
    code, _, err = run(capsys, "directory", "import-oruk", "test-town", "ftp://example.org/feed")
    assert code == 1
    assert "There is no file at" in err
    code, _, err = run(capsys, "directory", "import-oruk", "nowhere", str(DEMO_FEED))
    assert code == 1


def test_export_imports_back_and_the_list_says_what_is_out_of_date(
    capsys: pytest.CaptureFixture[str],
    partnership: Partnership,
    other_partnership: Partnership,
    tmp_path: Path,
) -> None:
    assert run(capsys, "directory", "import-oruk", "test-town", str(DEMO_FEED))[0] == 0
    out_file = tmp_path / "export.json"
    code, out, err = run(capsys, "directory", "export-oruk", "test-town", "-o", str(out_file))
    assert code == 0, err
    assert out == f"Wrote 30 services to {out_file}\n"
    assert "referral_email" not in out_file.read_text(encoding="utf-8")
    code, out, err = run(capsys, "directory", "import-oruk", other_partnership.slug, str(out_file))
    assert code == 0, err
    assert Service.objects.filter(partnership=other_partnership).count() == 30
    code, out, _ = run(capsys, "directory", "list", "test-town")
    assert code == 0
    lines = dict(line.split("\t", 1) for line in out.splitlines())
    assert lines["debt-and-money-advice"].startswith("2024-03-18\tOut of date")
    assert lines["stop-smoking-service"].startswith("2026-11-02\tUp to date")
    assert lines["digital-skills-drop-in"].startswith("never\tNever verified")
