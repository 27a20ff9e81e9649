"""Importing a CSV file of observations a chunk at a time (``observations_file_import``): the same
checks, idempotency and all-or-nothing as one table, with counts instead of a line per row."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories.indicators import Places, make_places
from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.indicators.importers import observations as importer
from wellboard.indicators.importers.observations import observations_file_import
from wellboard.indicators.models import Indicator, Observation, ValueType
from wellboard.indicators.services import indicator_create
from wellboard.indicators.services import observations as observations_module

pytestmark = pytest.mark.django_db

HEADER = "indicator,area_code,period,sex,count,denominator,value,lower95,upper95,note\n"
ROWS = [
    "smoking,E07000243,2020,,270,1000,,,,\n",
    "smoking,E07000243,2021,,260,1000,,,,\n",
    "smoking,E92000001,2021,,100,1000,10.5,9.0,12.0,\n",
    "falls,E07000243,2021,Male,5,100000,,,,Provisional\n",
    "falls,E07000243,2022,Female,6,100000,,,,\n",
]


@pytest.fixture
def places(partnership: Any) -> Places:
    return make_places(partnership)


@pytest.fixture
def indicators(cli_actor: Actor) -> dict[str, Indicator]:
    return {
        "smoking": indicator_create(
            by=cli_actor, name="Smoking", slug="smoking", value_type=ValueType.PERCENTAGE
        ),
        "falls": indicator_create(by=cli_actor, name="Falls", slug="falls", value_type=ValueType.CRUDE_RATE),
    }


@pytest.fixture(params=[100_000, 2])
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Whole files in one chunk, and in chunks of two rows (one table and the file in pieces must
    agree); the service's own tables split at the same size."""
    monkeypatch.setattr(importer, "CHUNK", request.param)
    monkeypatch.setattr(observations_module, "CHUNK", request.param)
    return int(request.param)


def _file(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode()


def test_a_file_is_imported_once_and_a_second_import_changes_nothing(
    chunk: int, cli_actor: Actor, places: Places, indicators: dict[str, Indicator]
) -> None:
    dry = observations_file_import(by=cli_actor, data=_file(*ROWS), filename="figures.csv", dry_run=True)
    assert dry.ok
    assert not dry.applied
    assert dry.totals()["create"] == 5
    assert not Observation.objects.exists(), "a dry run writes nothing"

    report = observations_file_import(by=cli_actor, data=_file(*ROWS), filename="figures.csv", dry_run=False)
    assert report.applied, report.rejections
    assert report.rows_read == 5
    assert report.counts() == {"observation": {"create": 5}}
    assert Observation.objects.count() == 5
    smoking = Observation.objects.get(indicator=indicators["smoking"], area=places.stevenage, period="2020")
    assert smoking.value == pytest.approx(27.0)
    assert smoking.sex == "Persons", "a blank cell keeps the default"
    assert smoking.source == "figures.csv"
    assert Observation.objects.get(sex="Male").note == "Provisional"
    assert AuditEvent.objects.filter(action="observation.save").count() == 2

    again = observations_file_import(by=cli_actor, data=_file(*ROWS), filename="figures.csv", dry_run=False)
    assert not again.applied
    assert again.totals()["unchanged"] == 5
    assert AuditEvent.objects.filter(action="observation.save").count() == 2


def test_updates_are_counted_and_audited(
    chunk: int, cli_actor: Actor, places: Places, indicators: dict[str, Indicator]
) -> None:
    observations_file_import(by=cli_actor, data=_file(*ROWS), filename="f.csv", dry_run=False)
    revised = [*ROWS]
    revised[1] = "smoking,E07000243,2021,,250,1000,,,,\n"
    report = observations_file_import(by=cli_actor, data=_file(*revised), filename="f.csv", dry_run=False)
    assert report.applied
    assert report.counts() == {"observation": {"update": 1, "unchanged": 4}}
    assert (
        Observation.objects.get(indicator=indicators["smoking"], period="2021", area=places.stevenage).count
        == 250
    )
    [entry] = AuditEvent.objects.filter(action="observation.update")
    assert entry.before is not None
    assert entry.after is not None
    assert entry.before["count"] == 260
    assert entry.after["count"] == 250


def test_a_rejected_row_anywhere_saves_nothing_and_names_its_row(
    chunk: int, cli_actor: Actor, places: Places, indicators: dict[str, Indicator]
) -> None:
    data = _file(
        *ROWS,
        "smoking,E99999999,2021,,1,10,,,,\n",  # row 7: no such area
        "smoking,E07000243,2020,,270,1000,,,,\n",  # row 8: repeats row 2, in another chunk of two
    )
    report = observations_file_import(by=cli_actor, data=data, filename="f.csv", dry_run=False)
    assert not report.applied
    assert [(r.row, r.reason) for r in report.rejections] == [
        (7, "No area has the code 'E99999999'; load the area first"),
        (8, "This figure repeats row 2 (same area, period and breakdown)"),
    ]
    assert report.totals()["rejected"] == 2
    assert not Observation.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="observation.").exists()


def test_the_header_must_name_known_columns(cli_actor: Actor, indicators: dict[str, Indicator]) -> None:
    report = observations_file_import(
        by=cli_actor, data=b"indicator,area,colour\nsmoking,E07000243,red\n", filename="f.csv", dry_run=False
    )
    assert {(r.column, r.row) for r in report.rejections} == {
        ("area", 1),
        ("colour", 1),
        ("area_code", 1),
        ("period", 1),
    }
    refused = observations_file_import(by=cli_actor, data=b"PK\x03\x04rest", filename="f.csv", dry_run=False)
    assert not refused.ok
    assert "not a CSV file" in refused.rejections[0].reason


def test_the_command_line_imports_a_file(
    cli_actor: Actor, places: Places, indicators: dict[str, Indicator], tmp_path: Any, capsys: Any
) -> None:
    path = tmp_path / "figures.csv"
    path.write_bytes(_file(*ROWS))
    slug = "test-town"
    call_command("indicators", "import-observations", str(path), "--partnership", slug, "--source", "ONS")
    assert "observation: 5 to create" in capsys.readouterr().out
    assert set(Observation.objects.values_list("source", flat=True)) == {"ONS"}
    path.write_bytes(_file(*ROWS, "nothing,E07000243,2021,,1,2,,,,\n"))
    with pytest.raises(CommandError, match="rejected"):
        call_command("indicators", "import-observations", str(path), "--partnership", slug)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's statistics are PostgreSQL's")
def test_a_large_import_refreshes_the_planners_statistics(
    cli_actor: Actor, places: Places, indicators: dict[str, Indicator], monkeypatch: pytest.MonkeyPatch
) -> None:
    def estimated_rows() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Observation._meta.db_table])
            return float(cursor.fetchone()[0])

    monkeypatch.setattr(observations_module, "ANALYZE_AFTER", 6)
    small = observations_file_import(by=cli_actor, data=_file(*ROWS), filename="a.csv", dry_run=False)
    assert small.applied
    before = estimated_rows()
    assert before != 5, "five rows are below the threshold: the statistics are left to autovacuum"
    more = [f"smoking,E07000243,{year},,{year - 1900},1000,,,,\n" for year in range(2000, 2010)]
    large = observations_file_import(by=cli_actor, data=_file(*more), filename="b.csv", dry_run=False)
    assert large.applied
    assert estimated_rows() == Observation.objects.count() == 15
