"""A CSV file of returns over the limits is refused with a clear message, on the web and the command
line, and refused early: a file with too many rows is not checked row by row first."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from wellboard.partners.models import User
from wellboard.returns import importers
from wellboard.returns.models import Collection, Return

pytestmark = pytest.mark.django_db
UPLOAD = "/p/test-town/returns/befriending/upload/"
HEADER = "organisation,period,measure,value,comment\n"
LONG_COMMENT = "x" * 131_073  # one more than the csv module reads in a cell


def long_cell_csv() -> str:
    return (
        HEADER + "Test Charity,2020-06-08,calls,12,\n" + f"Test Charity,2020-06-08,visits,3,{LONG_COMMENT}\n"
    )


def too_many_rows_csv() -> str:
    """100,000 rows (about 4 MB, under the size limit), then a row that could not be read at all."""
    rows = "".join(f"Test Charity,2020-06-08,calls,{i % 90},\n" for i in range(100_000))
    return HEADER + rows + f"Test Charity,2020-06-08,visits,3,{LONG_COMMENT}\n"


def upload(client: Client, text: str) -> str:
    file = io.BytesIO(text.encode())
    file.name = "returns.csv"
    response = client.post(UPLOAD, {"file": file})
    assert response.status_code == 400
    return response.content.decode()


@pytest.fixture
def rows_checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every row the importer starts to check looks up its period first: count those look-ups."""
    checked: list[str] = []
    look_up = importers.period_get

    def counting(**kwargs: object) -> object:
        checked.append(str(kwargs.get("text")))
        return look_up(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importers, "period_get", counting)
    return checked


def run_cli(path: Path) -> tuple[int, str, str]:
    out = io.StringIO()
    args = ["returns", "upload", str(path), "--partnership", "test-town", "--collection", "befriending"]
    try:
        call_command(*args, stdout=out)
    except CommandError as exc:
        return 1, out.getvalue(), str(exc)
    return 0, out.getvalue(), ""


def test_a_cell_over_the_csv_limit_is_a_clear_rejection_on_the_web(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User
) -> None:
    body = upload(client_for(charity_contributor), long_cell_csv())
    assert "The file cannot be saved" in body
    assert "row 3: a cell is longer than 131,072 characters, so the file was refused" in body
    assert not Return.objects.exists()


def test_a_cell_over_the_csv_limit_is_a_clear_rejection_on_the_command_line(
    collection: Collection, tmp_path: Path
) -> None:
    path = tmp_path / "returns.csv"
    path.write_text(long_cell_csv())
    code, out, err = run_cli(path)
    assert code == 1
    assert "row 3: a cell is longer than 131,072 characters, so the file was refused" in out
    assert "returns.csv was rejected; nothing was changed" in err
    assert not Return.objects.exists()


def test_too_many_rows_are_refused_before_any_row_is_checked_on_the_web(
    client_for: Callable[[User], Client],
    collection: Collection,
    charity_contributor: User,
    rows_checked: list[str],
) -> None:
    body = upload(client_for(charity_contributor), too_many_rows_csv())
    assert "The file has more than 50,000 rows; it was refused" in body
    assert "longer than" not in body, "reading stopped at the row limit, before the unreadable last row"
    assert rows_checked == []
    assert not Return.objects.exists()


def test_too_many_rows_are_refused_before_any_row_is_checked_on_the_command_line(
    collection: Collection, tmp_path: Path, rows_checked: list[str]
) -> None:
    path = tmp_path / "returns.csv"
    path.write_text(too_many_rows_csv())
    code, out, _err = run_cli(path)
    assert code == 1
    assert "The file has more than 50,000 rows; it was refused" in out
    assert rows_checked == []
    assert not Return.objects.exists()
