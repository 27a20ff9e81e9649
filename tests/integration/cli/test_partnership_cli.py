from __future__ import annotations

import pytest

from wellboard.cli.main import main
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Partnership

pytestmark = pytest.mark.django_db


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["wellboard", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_create_then_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "partnership", "list")
    assert code == 1
    code, out, err = run(
        capsys,
        "partnership",
        "create",
        "healthy-hitchin",
        "--name",
        "Healthy Hitchin",
        "--place",
        "Hitchin",
        "--area-code",
        "E07000099",
        "--fortnight-anchor",
        "2024-04-01",
    )
    assert code == 0, err
    assert "createuser" in out
    partnership = Partnership.objects.get(slug="healthy-hitchin")
    assert partnership.fortnight_anchor.isoformat() == "2024-04-01"
    assert AuditEvent.objects.filter(action="partnership.create", object_id=str(partnership.pk)).exists()
    code, out, _ = run(capsys, "partnership", "list")
    assert out == "healthy-hitchin\tHealthy Hitchin\n"


def test_bad_input_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "partnership", "create", "Bad Slug", "--name", "X", "--place", "Y")
    assert code == 1
    assert err.count("\n") == 1
    assert "lower-case letters" in err
    code, _, err = run(
        capsys, "partnership", "create", "ok", "--name", "X", "--place", "Y", "--fortnight-anchor", "soon"
    )
    assert code != 0
    assert "is not a date" in err
    assert not Partnership.objects.exists()
