"""Saving observations from a table (``observations_import``), by the ORM's batches and, on
PostgreSQL, by COPY: the same checks, report, audit and idempotency either way."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.indicators import Places, make_places
from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.indicators.models import Indicator, Method, Observation, Polarity, ValueType
from wellboard.indicators.services import (
    ObservationInput,
    indicator_create,
    observations_import,
    observations_save,
)
from wellboard.indicators.services import observations as observations_module
from wellboard.indicators.services._observation_write import by_copy as observation_copy
from wellboard.partners.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["batched", "copy", "copy-row-by-row"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test by each way of writing (COPY only exists on PostgreSQL): batches, one binary
    block, and COPY row by row (a text column with too many distinct values for the block)."""
    if request.param.startswith("copy"):
        if connection.vendor != "postgresql":
            pytest.skip("COPY is PostgreSQL's")
        monkeypatch.setattr(observations_module, "COPY_FROM_ROWS", 0)
        if request.param == "copy-row-by-row":
            monkeypatch.setattr(observation_copy, "MAX_DISTINCT", 0)
    else:
        monkeypatch.setattr(observations_module, "COPY_FROM_ROWS", 10**12)
    return str(request.param)


@pytest.fixture
def places(partnership: Any) -> Places:
    return make_places(partnership)


@pytest.fixture
def indicators(cli_actor: Actor) -> dict[str, Indicator]:
    return {
        "smoking": indicator_create(
            by=cli_actor, name="Smoking", value_type=ValueType.PERCENTAGE, polarity=Polarity.LOW_IS_GOOD
        ),
        "falls": indicator_create(by=cli_actor, name="Falls", value_type=ValueType.CRUDE_RATE),
        "dsr": indicator_create(by=cli_actor, name="Deaths", slug="dsr", value_type=ValueType.DSR),
    }


def _table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame.from_records(rows)


GOOD = [
    {"indicator": "smoking", "area_code": "E07000243", "period": "2020", "count": 270, "denominator": 1000},
    {"indicator": "smoking", "area_code": "E07000243", "period": "2021", "count": 260, "denominator": 1000},
    {
        "indicator": "smoking",
        "area_code": "E92000001",
        "period": "2021",
        "count": 100,
        "denominator": 1000,
        "value": 10.5,
        "lower95": 9.0,
        "upper95": 12.0,
    },
    {"indicator": "falls", "area_code": "E07000243", "period": "2021", "count": 5, "denominator": 100_000},
    {
        "indicator": "dsr",
        "area_code": "E07000243",
        "period": "2021",
        "value": 512.3,
        "lower95": 480.0,
        "upper95": 545.0,
        "sex": "  Male ",
    },
]


def test_a_table_saves_several_indicators_and_a_second_import_changes_nothing(
    path: str, cli_actor: Actor, places: Places, indicators: dict[str, Indicator]
) -> None:
    report = observations_import(by=cli_actor, table=_table(GOOD), source="bulk")
    assert report.applied, report.rejections
    assert report.totals()["create"] == 5
    assert Observation.objects.count() == 5
    ours = Observation.objects.get(indicator=indicators["smoking"], area=places.stevenage, period="2020")
    assert ours.value == pytest.approx(27.0)
    assert (ours.value_computed, ours.limits_computed, ours.limits998_computed) == (True, True, True)
    published = Observation.objects.get(area=places.england)
    assert (published.value, published.lower95, published.upper95) == (10.5, 9.0, 12.0)
    assert not published.limits_computed
    assert published.limits998_computed
    assert published.lower998 is not None
    assert published.lower998 < 9.0
    assert Observation.objects.get(indicator=indicators["dsr"]).sex == "Male"
    assert AuditEvent.objects.filter(action="observation.save").count() == 3
    assert ours.partnership_id == cli_actor.partnership_id

    with CaptureQueriesContext(connection) as context:
        again = observations_import(by=cli_actor, table=_table(GOOD), source="bulk")
    assert not again.applied
    assert again.totals()["unchanged"] == 5
    writes = [
        q["sql"] for q in context.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    assert AuditEvent.objects.filter(action="observation.save").count() == 3


def test_changes_are_reported_by_field_and_audited(
    path: str, cli_actor: Actor, places: Places, indicators: dict[str, Indicator]
) -> None:
    observations_import(by=cli_actor, table=_table(GOOD), source="bulk")
    changed = [dict(row) for row in GOOD]
    changed[1]["count"] = 250
    changed[4]["note"] = "Provisional figure"
    report = observations_import(by=cli_actor, table=_table(changed), source="bulk")
    assert report.applied
    updates = {c.key: c.fields for c in report.changes if c.outcome == "update"}
    assert updates == {
        "E07000243 2021 Persons All ages": ("count", "value", "lower95", "upper95", "lower998", "upper998"),
        "E07000243 2021 Male All ages": ("note",),
    }
    row = Observation.objects.get(indicator=indicators["smoking"], area=places.stevenage, period="2021")
    assert row.count == 250
    assert row.value == pytest.approx(25.0)
    entries = AuditEvent.objects.filter(action="observation.update").order_by("pk")
    assert [e.after for e in entries][1] == {"note": "Provisional figure"}
    assert entries[0].before["count"] == 260
    summary = AuditEvent.objects.filter(action="observation.save").order_by("-pk").first()
    assert summary is not None
    assert summary.after == {"created": 0, "updated": 1, "source": "bulk"}


def test_every_row_is_checked_and_nothing_is_saved_if_any_fails(
    path: str, cli_actor: Actor, places: Places, indicators: dict[str, Indicator]
) -> None:
    bad = [
        *GOOD,
        {"indicator": "nothing", "area_code": "E07000243", "period": "2021", "row": 10},
        {"indicator": "smoking", "area_code": "E99999999", "period": "2021", "row": 11},
        {"indicator": "smoking", "area_code": "E07000243", "period": "not a year", "row": 12},
        {
            "indicator": "smoking",
            "area_code": "E07000243",
            "period": "2019",
            "count": 5,
            "denominator": 3,
            "row": 13,
        },
        {"indicator": "smoking", "area_code": "E07000243", "period": "2019", "count": "lots", "row": 14},
        {
            "indicator": "dsr",
            "area_code": "E07000243",
            "period": "2019",
            "count": 5,
            "denominator": 30,
            "row": 15,
        },
        {
            "indicator": "falls",
            "area_code": "E07000243",
            "period": "2021",
            "count": 6,
            "denominator": 1e5,
            "row": 16,
        },
        {
            "indicator": "falls",
            "area_code": "E07000243",
            "period": "2018",
            "lower95": 3.0,
            "upper95": 1.0,
            "row": 17,
        },
    ]
    table = _table(bad)
    report = observations_import(by=cli_actor, table=table, source="bulk")
    assert not report.applied
    assert [(r.row, r.column, r.reason) for r in report.rejections] == [
        (10, "indicator", "No indicator 'nothing' in this partnership"),
        (11, "area", "No area has the code 'E99999999'; load the area first"),
        (12, "period", report.rejections[2].reason),
        (13, "count", "The count cannot be more than the denominator for a percentage"),
        (14, "count", "Enter a number"),
        (15, "value", "Give the value: Dobson (directly standardised rates) figures need age-specific data"),
        (16, "", "This figure repeats another row (same area, period and breakdown)"),
        (17, "lower95", "The lower 95% limit is above the upper 95% limit"),
    ]
    assert not Observation.objects.exists()


def test_the_same_rows_give_the_same_report_through_observations_save(
    path: str, cli_actor: Actor, places: Places, indicators: dict[str, Indicator]
) -> None:
    rows = [
        ObservationInput(
            area_code="E07000243", period=str(year), count=200 + year % 7, denominator=1000, row=year
        )
        for year in range(2010, 2022)
    ]
    saved = observations_save(
        by=cli_actor, indicator=indicators["smoking"], rows=rows, source="s", dry_run=True
    )
    table = _table([{"indicator": "smoking", **vars(r)} for r in rows])
    imported = observations_import(by=cli_actor, table=table, source="s", dry_run=True)
    assert saved.changes == imported.changes
    assert not Observation.objects.exists(), "a dry run writes nothing"


def test_the_table_must_have_the_columns_and_only_analysts_import(
    cli_actor: Actor, viewer: User, actor_of: Any, indicators: dict[str, Indicator]
) -> None:
    with pytest.raises(InvalidInput):
        observations_import(by=cli_actor, table=pd.DataFrame({"area_code": ["E07000243"]}), source="x")
    with pytest.raises(InvalidInput):
        observations_import(by=cli_actor, table=_table([{**GOOD[0], "colour": "red"}]), source="x")
    with pytest.raises(PermissionDenied):
        observations_import(by=actor_of(viewer), table=_table(GOOD), source="x")


def test_a_method_without_limits_computes_the_value_only(path: str, cli_actor: Actor, places: Places) -> None:
    count = indicator_create(by=cli_actor, name="Visits", value_type=ValueType.PERCENTAGE, method=Method.NONE)
    report = observations_import(
        by=cli_actor,
        table=_table(
            [
                {
                    "indicator": count.slug,
                    "area_code": "E07000243",
                    "period": "2021",
                    "count": 42,
                    "denominator": 100,
                }
            ]
        ),
        source="x",
    )
    assert report.applied
    row = Observation.objects.get(indicator=count)
    assert (row.value, row.lower95, row.lower998, row.limits_computed, row.limits998_computed) == (
        42.0,
        None,
        None,
        False,
        False,
    )
