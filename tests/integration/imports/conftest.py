"""What the tests of the upload pages share: a small file for each importer."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.returns import befriending
from tests.unit.strategy.workbook.builders import build_strategy
from wellboard.core import clock
from wellboard.indicators.importers.fingertips.reader import COLUMNS
from wellboard.partners.models import Partnership
from wellboard.returns.models import Collection
from wellboard.strategy.workbook import format as fmt

FINGERTIPS_UPLOAD = "/p/test-town/indicators/import/fingertips/"
RETURNS_UPLOAD = "/p/test-town/returns/befriending/upload/"
STRATEGY_UPLOAD = "/p/test-town/strategy-workbook/"
RETURNS_CSV = (
    "organisation,period,measure,value\nTest Charity,2020-06-08,calls,12\nTest Charity,2020-06-08,visits,3\n"
)


def fingertips_csv() -> bytes:
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
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow([row.get(c, "") for c in COLUMNS])
    return out.getvalue().encode()


def named(data: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file


def strategy_workbook_with_a_new_priority(client: Client) -> bytes:
    exported = client.get(reverse("strategy-workbook-export", args=["test-town", "healthy-town"]))
    assert exported.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(exported.content))
    workbook[fmt.TREE].append(["2.2", "2", None, "Clean air", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def strategy(partnership: Partnership) -> None:
    build_strategy(partnership)


@pytest.fixture
def collection(partnership: Partnership, monkeypatch: pytest.MonkeyPatch) -> Collection:
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2020, 7, 1, 9, tzinfo=dt.UTC))
    return befriending(partnership)
