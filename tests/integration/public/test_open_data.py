"""Open data: every dataset as CSV and JSON, described by a Frictionless data package that
validates against the files served, with counts under the disclosure rule and formula-safe text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.test import Client

from tests.factories.public import PublicWorld, build_public_world
from tests.factories.strategy import ActionFactory
from wellboard.partners.models import Partnership
from wellboard.public.exporters import DATASETS, LICENCE

BASE = "/public/test-town/data/"


@pytest.fixture
def world(partnership: Partnership) -> PublicWorld:
    return build_public_world(partnership)


def _rows(client: Client, name: str) -> list[dict[str, str]]:
    response = client.get(f"{BASE}{name}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_the_package_validates_with_frictionless(client: Client, world: PublicWorld, tmp_path: Path) -> None:
    import frictionless

    package = client.get(BASE + "datapackage.json").json()
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    for resource in package["resources"]:
        response = client.get(BASE + resource["path"])
        assert response.status_code == 200, resource["path"]
        (tmp_path / resource["path"]).write_bytes(response.content)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    assert {t.name for t in report.tasks} == set(DATASETS)
    assert all(t.stats["rows"] > 0 for t in report.tasks)


@pytest.mark.django_db
def test_the_package_names_licence_sources_and_fields(client: Client, world: PublicWorld) -> None:
    package = client.get(BASE + "datapackage.json").json()
    assert package["licenses"] == [LICENCE]
    assert LICENCE["path"] == "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    assert package["title"] == "Test Town Partnership: open data"
    assert package["description"]
    assert package["sources"]
    by_name = {r["name"]: r for r in package["resources"]}
    assert set(by_name) == {"strategy", "actions", "progress-updates", "indicator-observations", "reach"}
    fields = {f["name"]: f["type"] for f in by_name["indicator-observations"]["schema"]["fields"]}
    assert fields["lower95"] == "number"
    assert fields["suppressed"] == "boolean"
    assert fields["period_start"] == "date"


@pytest.mark.django_db
def test_json_has_the_same_rows_as_csv(client: Client, world: PublicWorld) -> None:
    for name in DATASETS:
        rows = _rows(client, name)
        data = client.get(f"{BASE}{name}.json").json()
        assert data["licence"] == LICENCE
        assert len(data["data"]) == len(rows), name
        assert [f["name"] for f in data["fields"]] == list(rows[0])


@pytest.mark.django_db
def test_the_datasets_hold_what_the_site_shows(client: Client, world: PublicWorld) -> None:
    actions = {r["ref"]: r for r in _rows(client, "actions")}
    assert set(actions) == {"A1", "A2"}
    assert actions["A2"]["lead_organisation"] == "Test Charity"
    assert actions["A2"]["supporting_organisations"] == "Test Council"
    assert actions["A2"]["rag"] == "Amber"
    assert actions["A2"]["status"] == "In progress"
    updates = _rows(client, "progress-updates")
    assert [(u["node_ref"], u["action_ref"], u["action_to_date"]) for u in updates] == [
        ("1.1", "A1", "Sessions running in four parks."),
        ("1.1", "", "Mental health support reached more people this quarter."),
    ]
    strategy = _rows(client, "strategy")
    assert [r["ref"] for r in strategy] == ["", "1", "1.1"]
    observations = [r for r in _rows(client, "indicator-observations") if r["indicator"] == "smokers"]
    assert [r["value"] for r in observations] == ["32", "30", "29"]
    assert observations[0]["count"] == "320"
    assert observations[0]["denominator"] == "1000"
    assert observations[0]["lower95"]
    assert observations[0]["compared_with_comparator"] == "Better"
    assert observations[0]["suppressed"] == "false"
    reach = [r for r in _rows(client, "reach") if r["measure"] == "Calls made"]
    assert [r["value"] for r in reach if r["value"]] == ["240", "270", "300"]
    assert reach[-1]["running_total"] == "810"


@pytest.mark.django_db
def test_suppressed_cells_are_blank_and_flagged(client: Client, partnership: Partnership) -> None:
    build_public_world(partnership, counts=(3, 30, 600), calls=(2, 40))
    areas = client.get("/public/test-town/indicators/admissions/").content.decode()
    assert "North Hertfordshire" in areas  # compared with its neighbour, whose count is large
    counted = [r for r in _rows(client, "indicator-observations") if r["indicator"] == "admissions"]
    assert [(r["count"], r["value"], r["suppressed"]) for r in counted] == [
        ("", "", "true"),
        ("30", "30", "false"),
        ("600", "600", "false"),
    ]
    smokers = [r for r in _rows(client, "indicator-observations") if r["indicator"] == "smokers"]
    assert (smokers[0]["value"], smokers[0]["lower95"], smokers[0]["compared_with_comparator"]) == (
        "",
        "",
        "",
    )
    calls = [r for r in _rows(client, "reach") if r["measure"] == "Calls made" and r["period_end"]]
    shown = [(r["value"], r["running_total"], r["suppressed"]) for r in calls if r["suppressed"] == "true"]
    assert ("", "", "true") in shown  # 2 + 2 calls: suppressed, running total too


@pytest.mark.django_db
def test_text_is_neutralised_against_formula_injection(client: Client, world: PublicWorld) -> None:
    ActionFactory(
        node=world.strategy.priority,
        ref="A3",
        title='=HYPERLINK("http://example.com")',
        lead_organisation=world.strategy.council_action.lead_organisation,
    )
    actions = {r["ref"]: r for r in _rows(client, "actions")}
    assert actions["A3"]["title"] == '\'=HYPERLINK("http://example.com")'
