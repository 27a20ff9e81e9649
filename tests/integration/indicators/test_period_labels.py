"""Indicator pages, lists and downloads name fortnights as people do ('14 Sep to 27 Sep 2020'),
never by their stored code ('2020-09-14/2W')."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.indicators import IndicatorFactory, ObservationFactory, make_places
from tests.integration.readable import assert_reads_as_words, visible_text
from wellboard.indicators.models import IndicatorKind, Method, Target, ValueType
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db
FORTNIGHTS = [dt.date(2020, 8, 31), dt.date(2020, 9, 14), dt.date(2020, 12, 21)]


@pytest.fixture
def calls(partnership: Partnership) -> str:
    places = make_places(partnership)
    indicator = IndicatorFactory(
        partnership=partnership,
        slug="calls",
        name="Befriending calls made",
        kind=IndicatorKind.HOW_MUCH,
        value_type=ValueType.COUNT,
        method=Method.NONE,
        multiplier=1,
        unit="calls",
    )
    for number, start in enumerate(FORTNIGHTS, start=1):
        ObservationFactory(
            indicator=indicator,
            area=places.stevenage,
            period=f"{start.isoformat()}/2W",
            period_start=start,
            period_end=start + dt.timedelta(days=13),
            count=100 * number,
            value=100 * number,
        )
    end = dt.date(2021, 1, 17)
    Target.objects.create(
        partnership=partnership,
        indicator=indicator,
        area=places.stevenage,
        period="2021-01-04/2W",
        period_start=dt.date(2021, 1, 4),
        period_end=end,
        value=400,
    )
    return f"/p/{partnership.slug}/indicators/"


def test_indicator_page_and_list_show_fortnight_labels(
    client_for: Callable[[User], Client], viewer: User, calls: str
) -> None:
    client = client_for(viewer)
    page = client.get(calls + "calls/")
    assert page.status_code == 200
    html = page.content.decode()
    text = assert_reads_as_words(html)
    assert "21 Dec 2020 to 3 Jan 2021" in text  # the latest, across the new year
    assert "4 Jan to 17 Jan 2021" in text  # the target's period
    chosen = client.get(calls + "calls/", {"period": "2020-09-14/2W"})
    assert chosen.status_code == 200
    assert "14 Sep to 27 Sep 2020" in assert_reads_as_words(chosen.content.decode())
    listing = visible_text(client.get(calls).content.decode())
    assert "21 Dec 2020 to 3 Jan 2021" in listing
    assert "/2W" not in listing


def test_trend_download_carries_label_and_code(
    client_for: Callable[[User], Client], viewer: User, calls: str
) -> None:
    response = client_for(viewer).get(calls + "calls/data/periods.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Period", "Period code"]
    assert rows[1][:2] == ["31 Aug to 13 Sep 2020", "2020-08-31/2W"]
    assert client_for(viewer).get(calls + "no-such/data/periods.csv").status_code == 404


def test_a_period_that_is_not_offered_is_refused(
    client_for: Callable[[User], Client], viewer: User, outsider: User, calls: str
) -> None:
    assert client_for(viewer).get(calls + "calls/", {"period": "2020-09-15/2W"}).status_code == 400
    assert client_for(outsider).get(calls + "calls/").status_code == 404
