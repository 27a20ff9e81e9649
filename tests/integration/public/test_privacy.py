"""Nothing private reaches the public site, and no count from 1 to 7 appears in any public output.

The first test builds a partnership with internal notes, a draft and an archived strategy and a
person's name on a progress update, then reads every public page and dataset. The second draws
small counts (1 to 7) for indicators and returns and checks every figure the public can read."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import PartnershipFactory
from tests.factories.public import PRIVATE_TEXTS, build_public_world
from wellboard.partners.models import Partnership
from wellboard.public.exporters import DATASETS

BASE = "/public/test-town/"
PAGES = [
    "",
    "strategies/community/",
    "indicators/",
    "indicators/smokers/",
    "indicators/admissions/",
    "reach/",
    "reports/",
    "data/",
    "accessibility/",
]
DATA = ["data/datapackage.json", *(f"data/{n}.{f}" for n in DATASETS for f in ("csv", "json"))]
# Fields that hold counts (or, for count indicators and count measures, values that are counts).
COUNT_FIELDS = {"count", "denominator", "numerator", "running_total"}
SMALL = set(range(1, 8))


def _everything(client: Client) -> dict[str, str]:
    found = {}
    for path in PAGES + DATA:
        response = client.get(BASE + path)
        assert response.status_code == 200, path
        found[path] = response.content.decode()
    return found


@pytest.mark.django_db
def test_nothing_private_appears_in_any_public_page_or_dataset(
    client: Client, partnership: Partnership
) -> None:
    build_public_world(partnership)
    for path, text in _everything(client).items():
        for private in PRIVATE_TEXTS:
            assert private not in text, f"{private!r} appears in {path}"
    # The draft return's 4,321 calls would lift the running total far above what was approved (810).
    reach = csv.DictReader(io.StringIO(client.get(BASE + "data/reach.csv").content.decode()))
    totals = [float(r["running_total"]) for r in reach if r["running_total"]]
    assert totals
    assert max(totals) < 1000
    assert "4,321" not in client.get(BASE + "reach/").content.decode()


def _number(text: str) -> float | None:
    cleaned = text.strip().replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _small_counts_in_data(client: Client) -> list[str]:
    bad = []
    measures_counted = {"Calls made", "Home visits"}
    for name in ("indicator-observations", "reach"):
        rows = csv.DictReader(io.StringIO(client.get(f"{BASE}data/{name}.csv").content.decode()))
        for row in rows:
            fields = set(COUNT_FIELDS)
            if row.get("indicator") == "admissions" or row.get("measure") in measures_counted:
                fields.add("value")
            for field in fields & set(row):
                number = _number(row[field])
                if number is not None and number in SMALL:
                    bad.append(f"{name}: {field}={row[field]} in {row}")
    return bad


CELL = re.compile(r'class="(?:govuk-table__cell govuk-table__cell--numeric|wb-tile__value)">([^<]*)<')


def _small_counts_in_pages(client: Client) -> list[str]:
    bad = []
    for path in ("reach/", "indicators/admissions/", "indicators/"):
        for cell in CELL.findall(client.get(BASE + path).content.decode()):
            number = _number(cell.split(" ")[0])
            if number is not None and number in SMALL:
                bad.append(f"{path}: {cell}")
    return bad


@pytest.mark.django_db(transaction=False)
@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    counts=st.lists(st.integers(min_value=1, max_value=7), min_size=3, max_size=3),
    calls=st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=3),
)
def test_no_count_from_1_to_7_appears_in_any_public_output(counts: list[int], calls: list[int]) -> None:
    with transaction.atomic():
        cache.clear()
        partnership = PartnershipFactory(slug="test-town", name="Test Town Partnership")
        build_public_world(partnership, counts=counts, calls=calls)
        client = Client()
        _everything(client)  # every route still answers
        bad = _small_counts_in_data(client) + _small_counts_in_pages(client)
        transaction.set_rollback(True)
    assert not bad, bad
