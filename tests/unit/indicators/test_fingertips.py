"""The Fingertips importer on the real campylobacter export, and on hostile files."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wellboard.core.access import Actor
from wellboard.core.errors import PermissionDenied
from wellboard.core.importing import ImportReport
from wellboard.geography.models import Area, AreaLink
from wellboard.indicators.calculations import observation_figures, relative_difference, significance
from wellboard.indicators.importers.fingertips import fingertips_import
from wellboard.indicators.importers.fingertips import reader as reader_module
from wellboard.indicators.importers.fingertips.inference import area_type_for, short_name
from wellboard.indicators.importers.fingertips.reader import COLUMNS
from wellboard.indicators.models import Indicator, Method, Observation, Polarity, ValueType
from wellboard.partners.models import User

pytestmark = pytest.mark.django_db

CAMPYLOBACTER = "fingertips/fingertips_export_campylobacter_93356.csv"


@pytest.fixture
def export(shared_data: Path) -> bytes:
    return (shared_data / CAMPYLOBACTER).read_bytes()


def _run(actor: Actor, data: bytes, *, dry_run: bool = False, polarity: str | None = None) -> ImportReport:
    return fingertips_import(by=actor, data=data, filename="export.csv", dry_run=dry_run, polarity=polarity)


def _note(report: ImportReport, text: str) -> str:
    return next(n for n in report.notes if text in n)


def test_dry_run_reports_all_852_rows_and_changes_nothing(cli_actor: Actor, export: bytes) -> None:
    report = _run(cli_actor, export, dry_run=True)
    assert report.ok, report.rejections[:3]
    assert report.rows_read == 852
    counts = report.counts()
    assert counts["observation"]["create"] == 852
    assert counts["indicator"]["create"] == 1
    assert counts["area"]["create"] == 162
    assert not report.applied
    assert "852 read" in report.notes[0]
    assert not Indicator.objects.exists()
    assert not Area.objects.exists()
    assert not Observation.objects.exists()


def test_import_reproduces_the_published_limits_and_england_comparisons(
    cli_actor: Actor, export: bytes
) -> None:
    report = _run(cli_actor, export)
    assert report.applied
    assert _note(report, "95% limits").endswith(
        "Wellboard reproduces 755 of 755 published 95% limits (Byar's, within 2e-4 relative)"
    )
    assert _note(report, "labels").endswith(
        "Wellboard reproduces 750 of 750 'Compared to England' labels (95% CI overlap, lower is better)"
    )
    indicator = Indicator.objects.get(external_source="fingertips", external_id="93356")
    assert (indicator.name, indicator.slug) == (
        "Campylobacter incidence rate/100,000",
        "campylobacter-incidence",
    )
    assert (indicator.value_type, indicator.method, indicator.multiplier, indicator.polarity) == (
        ValueType.CRUDE_RATE,
        Method.BYARS,
        100_000,
        Polarity.LOW_IS_GOOD,
    )
    assert "Byar's method at every count" in _note(report, "inferred")
    assert Observation.objects.count() == 852
    # The published figures are kept exactly; only limits the file left blank are computed.
    england_2015 = Observation.objects.get(area__code="E92000001", period="2015", age="All ages", category="")
    assert england_2015.value == 94.7261896202678
    assert england_2015.lower95 == 93.9129396546008
    assert not england_2015.limits_computed
    # Fingertips published no 99.8% limits: Wellboard computes them by Byar's method and says so.
    assert england_2015.limits998_computed
    assert england_2015.lower998 is not None
    assert england_2015.lower998 < england_2015.lower95 < england_2015.value
    assert england_2015.upper998 is not None
    assert england_2015.upper998 > england_2015.upper95  # type: ignore[operator]
    region = Observation.objects.get(area__code="E12000001", period="2015")
    assert region.limits_computed
    assert not region.value_computed
    assert region.value == 122.227171084892
    decile = Observation.objects.filter(category="Most deprived decile (IMD2015)").first()
    assert decile is not None
    assert decile.area.code == "E92000001"
    assert decile.category_type.startswith("County & UA deprivation deciles")
    scilly = Observation.objects.get(area__code="E06000053", period="2015", age="All ages")
    assert scilly.value is None
    assert scilly.note == "Value for Cornwall & Isles of Scilly combined"
    assert AreaLink.objects.filter(child__code="E10000015", parent__code="E12000006").exists()


def test_a_second_import_changes_nothing_and_writes_nothing(cli_actor: Actor, export: bytes) -> None:
    _run(cli_actor, export)
    with CaptureQueriesContext(connection) as context:
        report = _run(cli_actor, export)
    writes = [
        q["sql"] for q in context.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    assert report.totals()["unchanged"] == 852 + 162 + 1
    assert not report.changes_anything


def test_an_analysts_choices_survive_a_re_import_and_polarity_can_be_set(
    cli_actor: Actor, export: bytes
) -> None:
    _run(cli_actor, export)
    indicator = Indicator.objects.get(external_id="93356")
    indicator.method = Method.BYARS_EXACT
    indicator.save()
    report = _run(cli_actor, export)
    assert "reproduces 735 of 755 published 95% limits" in _note(report, "95% limits")
    assert Indicator.objects.get(pk=indicator.pk).method == Method.BYARS_EXACT
    report = _run(cli_actor, export, polarity=Polarity.HIGH_IS_GOOD)
    assert report.counts()["indicator"]["update"] == 1
    assert "reproduces 220 of 750 'Compared to England' labels" in _note(report, "labels")
    assert any(
        re.search(r"Fingertips says (better|worse), Wellboard says (worse|better)$", n) for n in report.notes
    )
    assert any("… and 525 more like that" in n for n in report.notes)


def test_the_real_export_against_the_statistics_directly(export: bytes) -> None:
    """The issue's 'done when': Byar's reproduces every published limit, CI overlap every label."""
    rows = list(csv.DictReader(io.StringIO(export.decode("utf-8-sig"))))
    limited = [r for r in rows if r["Count"] and r["Lower CI 95.0 limit"]]
    figures = observation_figures(
        method=Method.BYARS,
        multiplier=100_000,
        count=[float(r["Count"]) for r in limited],
        denominator=[float(r["Denominator"]) for r in limited],
    )
    assert (
        np.max(relative_difference(figures.lower95, [float(r["Lower CI 95.0 limit"]) for r in limited]))
        < 2e-4
    )
    assert (
        np.max(relative_difference(figures.upper95, [float(r["Upper CI 95.0 limit"]) for r in limited]))
        < 2e-4
    )
    england = {
        (r["Time period"], r["Age"]): float(r["Value"])
        for r in rows
        if r["Area Code"] == "E92000001" and not r["Category"]
    }
    labelled = [r for r in rows if r["Compared to England value or percentiles"] != "Not compared"]
    ours = significance(
        lower=[float(r["Lower CI 95.0 limit"]) for r in labelled],
        upper=[float(r["Upper CI 95.0 limit"]) for r in labelled],
        benchmark=[england[(r["Time period"], r["Age"])] for r in labelled],
        polarity=Polarity.LOW_IS_GOOD,
    )
    assert len(labelled) == 750
    assert [r["Compared to England value or percentiles"].lower() for r in labelled] == ours.tolist()


def test_only_analysts_import(export: bytes, viewer: User, actor_of: Callable[[User], Actor]) -> None:
    with pytest.raises(PermissionDenied):
        _run(actor_of(viewer), export, dry_run=True)


# ---------------------------------------------------------------- hostile files


def _csv(rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode()


def _row(**changes: str) -> dict[str, str]:
    row = {
        "Indicator ID": "90001",
        "Indicator Name": "Test rate per 1,000",
        "Area Code": "E92000001",
        "Area Name": "England",
        "Area Type": "England",
        "Sex": "Persons",
        "Age": "All ages",
        "Time period": "2019/20",
        "Value": "2.5",
        "Count": "25",
        "Denominator": "10000",
    }
    row.update(changes)
    return row


def test_a_small_well_formed_file(cli_actor: Actor) -> None:
    report = _run(
        cli_actor,
        _csv([_row(), _row(**{"Time period": "2016 - 18", "Value": "", "Count": "", "Denominator": ""})]),
    )
    assert report.applied, report.rejections
    indicator = Indicator.objects.get(external_id="90001")
    assert (indicator.value_type, indicator.multiplier, indicator.polarity) == (
        ValueType.CRUDE_RATE,
        1000,
        Polarity.NEITHER,
    )
    observation = Observation.objects.get(period="2019/20")
    assert observation.value == 2.5
    assert observation.limits_computed
    assert Observation.objects.get(period="2016 - 18").value is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (
            b"name,code\nStevenage,E07000243\n",
            "this is not a Fingertips export: missing columns Indicator ID",
        ),
        (b"PK\x03\x04rest-of-a-zip", "Excel workbook"),
        (b"Indicator ID\x00\x01\x02", "not a text file"),
        (_csv([_row()]).replace(b"England", b"Engl\xe9nd"), "not UTF-8"),
        (_csv([]), "no rows of data"),
    ],
)
def test_files_that_are_not_exports_are_refused_whole(cli_actor: Actor, data: bytes, message: str) -> None:
    report = _run(cli_actor, data, dry_run=True)
    assert not report.ok
    assert message.lower() in report.rejections[0].reason.lower()
    assert report.rejections[0].row is None


def test_bad_cells_are_reported_with_their_rows_and_nothing_is_imported(cli_actor: Actor) -> None:
    data = _csv(
        [
            _row(),
            _row(Value="12..5"),
            _row(Count="-3", **{"Time period": "2020"}),
            _row(**{"Time period": "last year"}),
            _row(**{"Area Type": "GP practice", "Area Code": "A81001"}),
            _row(Value="inf", **{"Time period": "2021"}),
            _row(Value="٣٦", **{"Time period": "2022"}),
        ]
    )
    report = _run(cli_actor, data)
    assert not report.applied
    where = sorted((r.row, r.column) for r in report.rejections)
    assert where == [
        (3, "Value"),
        (4, "Count"),
        (5, "Time period"),
        (6, "Area Type"),
        (7, "Value"),
        (8, "Value"),
    ]
    assert "'12..5' is not a number" in report.rejections[0].reason
    assert "'٣٦' must be written with the digits 0 to 9" in [r.reason for r in report.rejections]
    assert not Indicator.objects.exists()


def test_rows_with_extra_cells_and_short_rows(cli_actor: Actor) -> None:
    text = _csv([_row()]).decode().rstrip("\r\n")
    report = _run(
        cli_actor,
        (text + ",surprise\r\n" + text.splitlines()[1].rsplit(",", 3)[0] + "\r\n").encode(),
        dry_run=True,
    )
    assert [r.row for r in report.rejections] == [2]
    assert "cells" in report.rejections[0].reason


def test_too_large_and_too_many_rows(cli_actor: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader_module, "MAX_BYTES", 100)
    report = _run(cli_actor, _csv([_row()]), dry_run=True)
    assert "larger than" in report.rejections[0].reason
    monkeypatch.setattr(reader_module, "MAX_BYTES", 10_000)
    monkeypatch.setattr(reader_module, "MAX_ROWS", 2)
    report = _run(cli_actor, _csv([_row(), _row(), _row()]), dry_run=True)
    assert "more than 2 rows" in report.rejections[0].reason


def test_an_unterminated_quote_is_not_a_readable_csv(cli_actor: Actor) -> None:
    data = _csv([_row()]) + b'90001,"never closed\n'
    report = _run(cli_actor, data, dry_run=True)
    assert "not a readable CSV" in report.rejections[0].reason


def test_a_parent_that_does_not_exist_is_rejected(cli_actor: Actor) -> None:
    row = _row(
        **{
            "Area Code": "E10000015",
            "Area Name": "Hertfordshire",
            "Area Type": "County & UA",
            "Parent Code": "E12000006",
        }
    )
    report = _run(cli_actor, _csv([row]))
    assert not report.ok
    assert report.rejections[0].column == "Area Code"
    assert not Area.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("County & UA", "utla"),
        ("Counties & UAs (from Apr 2021)", "utla"),
        ("District & UA", "ltla"),
        ("Region", "region"),
        ("England", "country"),
        ("Sub-ICB, former CCGs", "ccg"),
        ("GP", None),
    ],
)
def test_area_types(text: str, expected: str | None) -> None:
    assert area_type_for(text) == expected


def test_short_names_drop_the_unit() -> None:
    assert short_name("Campylobacter incidence rate/100,000") == "Campylobacter incidence"
    assert short_name("Smoking prevalence in adults (%)") == "Smoking prevalence in adults"
