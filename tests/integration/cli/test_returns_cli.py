"""The CLI round trip, and hostile workbooks that must change nothing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories.returns import befriending
from wellboard.core import clock
from wellboard.core.models import AuditEvent
from wellboard.indicators.models import Observation
from wellboard.partners.models import Partnership
from wellboard.returns.models import Collection, Figure, Measure, Reminder, Return

pytestmark = pytest.mark.django_db


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``wellboard ARGS`` in-process. (``call_command`` rather than ``main`` keeps the test's database
    connection open: a command run from argv closes every connection when it finishes.)"""
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
    except CommandError as exc:
        return 1, out.getvalue(), f"wellboard: error: {exc}\n"
    return 0, out.getvalue(), ""


def dump() -> str:
    """Every row the upload could touch, serialised: compared byte for byte before and after."""
    return serializers.serialize(
        "json",
        [
            *Collection.objects.order_by("pk"),
            *Measure.objects.order_by("pk"),
            *Return.objects.order_by("pk"),
            *Figure.objects.order_by("pk"),
            *Reminder.objects.order_by("pk"),
            *Observation.objects.order_by("pk"),
            *AuditEvent.objects.order_by("pk"),
        ],
    )


@pytest.fixture
def collection(partnership: Partnership, monkeypatch: pytest.MonkeyPatch) -> Collection:
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2020, 7, 1, 9, tzinfo=dt.UTC))
    return befriending(partnership)


@pytest.fixture
def template(collection: Collection, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    out = tmp_path / "charity.xlsx"
    code, stdout, err = run(
        capsys,
        "returns",
        "template",
        "test-town",
        "befriending",
        "Test Charity",
        "2020-06-08",
        "-o",
        str(out),
    )
    assert code == 0, err
    assert "Test Charity, 8 Jun to 21 Jun 2020" in stdout
    return out


def fill(path: Path, cells: dict[str, object], *, out: Path | None = None) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb["Return"]
    for ref, value in cells.items():
        ws[ref] = value
    target = out or path
    wb.save(target)
    return target


GOOD = {"G8": 120, "G9": 70, "G10": 50, "G11": 35}


def test_list_commands(collection: Collection, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "returns", "collections", "test-town")
    assert code == 0
    assert out.split()[0] == "befriending"
    code, out, _ = run(capsys, "returns", "periods", "test-town", "befriending")
    assert code == 0
    assert out.splitlines()[0].startswith("2020-03-30  2020-03-30/2W")
    assert "2020-06-08  2020-06-08/2W  8 Jun to 21 Jun 2020   due 2020-07-03  not due yet" in out
    code, _, err = run(capsys, "returns", "periods", "test-town", "nope")
    assert code == 1
    assert "collection" in err
    assert err.count("\n") == 1


def test_round_trip_dry_run_then_real_then_status(
    template: Path, capsys: pytest.CaptureFixture[str], collection: Collection
) -> None:
    fill(template, GOOD)
    before = dump()
    code, out, err = run(capsys, "returns", "upload", str(template), "--dry-run")
    assert code == 0, err
    assert "Dry run: nothing has been changed." in out
    assert "4 to create" in out
    assert dump() == before
    code, out, err = run(capsys, "returns", "upload", str(template), "--submit")
    assert code == 0, err
    assert "The return is now submitted." in out
    data_return = Return.objects.get()
    assert data_return.organisation.slug == "test-charity"
    assert data_return.status == "submitted"
    assert Figure.objects.get(measure__code="calls", breakdown="").value == 120
    before = dump()
    code, out, _ = run(capsys, "returns", "upload", str(template))  # the same file again changes nothing
    assert code == 0
    assert "0 to create, 0 to update" in out
    assert dump() == before
    code, out, _ = run(capsys, "returns", "status", "test-town", "befriending", "--last", "3")
    assert code == 0
    assert "Test Charity" in out
    assert "Submitted" in out


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 50_000_000)
    return buffer.getvalue()


def _tampered(path: Path, tmp: Path) -> Path:
    wb = openpyxl.load_workbook(path)
    wb["About"]["B4"] = "test-council"  # claim to be the council's return
    out = tmp / "tampered.xlsx"
    wb.save(out)
    return out


def _macro(path: Path, tmp: Path) -> Path:
    out = tmp / "macro.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"macro")
    return out


HOSTILE: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "text in a number cell": (
        lambda p, t: fill(p, {**GOOD, "G11": "lots"}, out=t / "text.xlsx"),
        "G11: Home visits must be a number, like 12",
    ),
    "negative count": (
        lambda p, t: fill(p, {**GOOD, "G11": -5}, out=t / "neg.xlsx"),
        "G11: Home visits must be 0 or more",
    ),
    "formula": (
        lambda p, t: fill(p, {**GOOD, "G11": "=G8/2"}, out=t / "formula.xlsx"),
        "Cell G11 holds a formula",
    ),
    "wrong organisation": (_tampered, "details have been changed"),
    "macros": (_macro, "contains macros"),
    "zip bomb": (lambda p, t: _write(t / "bomb.xlsx", _bomb()), "expands to far more data"),
    "renamed file": (
        lambda p, t: _write(t / "renamed.xlsx", b"organisation,period\nx,y\n"),
        "not an Excel .xlsx",
    ),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_workbooks_are_refused_and_change_nothing(
    case: str, template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, reason = HOSTILE[case]
    path = make(template, tmp_path)
    before = dump()
    code, out, err = run(capsys, "returns", "upload", str(path), "--submit")
    assert code == 1
    assert reason in out + err
    assert "Traceback" not in err
    assert dump() == before


def test_locked_period_is_refused_and_changes_nothing(
    template: Path, capsys: pytest.CaptureFixture[str], collection: Collection
) -> None:
    fill(template, GOOD)
    assert run(capsys, "returns", "upload", str(template), "--submit")[0] == 0
    from wellboard.core.access import Actor
    from wellboard.returns.services import return_approve

    return_approve(
        by=Actor.command_line(collection.partnership_id),
        data_return=Return.objects.get(),
        expected_version=None,
    )
    fill(template, {"G8": 999})
    before = dump()
    code, _, err = run(capsys, "returns", "upload", str(template))
    assert code == 1
    assert "approved, so it cannot be changed" in err
    assert dump() == before


def test_csv_upload_for_many_returns(
    collection: Collection, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "returns.csv"
    path.write_text(
        "organisation,period,measure,breakdown,category,value,denominator,comment\n"
        "Test Charity,2020-06-08,calls,,,10,,\n"
        "test-charity,2020-06-08,visits,,,3,,\n"
        "Test Council,2020-06-22/2W,visits,,,4,,\n"
        "Test Council,2020-06-22,less_lonely,,,5,10,\n"
    )
    code, out, err = run(
        capsys,
        "returns",
        "upload",
        str(path),
        "--partnership",
        "test-town",
        "--collection",
        "befriending",
        "--dry-run",
    )
    assert code == 0, err
    assert "return: 2 to create" in out
    assert not Return.objects.exists()
    code, out, _ = run(
        capsys, "returns", "upload", str(path), "--partnership", "test-town", "--collection", "befriending"
    )
    assert code == 0
    assert Return.objects.count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "organisation,period,measure,value\nNobody,2020-06-08,calls,1\nTest Charity,2019-01-01,calls,1\n"
        "Test Charity,2020-06-08,visits,-1\n"
    )
    before = dump()
    code, out, _ = run(
        capsys, "returns", "upload", str(bad), "--partnership", "test-town", "--collection", "befriending"
    )
    assert code == 1
    assert "'Nobody' is not an organisation" in out
    assert "'2019-01-01' is not a period" in out
    assert dump() == before
