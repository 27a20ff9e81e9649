"""Reading Open Referral UK feeds: any bytes at all give a report, never an exception; well-formed
services are read field by field, and a field left out stays out."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from wellboard.core.importing import ImportReport
from wellboard.directory.importers.structure import read_feed
from wellboard.directory.selectors import Freshness

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
ORG_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def _service(**extra: Any) -> dict[str, Any]:
    return {
        "id": SERVICE_ID,
        "name": "Community Counselling",
        "status": "active",
        "organization": {"id": ORG_ID, "name": "Example Org", "description": ""},
        **extra,
    }


def _read(value: Any) -> tuple[list[Any], ImportReport]:
    report = ImportReport()
    return read_feed(json.dumps(value).encode(), report), report


def test_a_bare_service_gives_only_what_it_has() -> None:
    [service], report = _read(_service())
    assert report.ok
    assert service.oruk_id == uuid.UUID(SERVICE_ID)
    assert service.values == {"status": "active"}
    assert service.terms is None
    assert service.locations is None
    assert service.phones is None


def test_fields_are_read_into_the_directorys_own() -> None:
    [service], report = _read(
        _service(
            minimum_age=12,
            maximum_age=100.0,
            assured_date="2026-03-01",
            fees="£5",
            cost_options=[{"id": str(uuid.uuid4()), "option": "Adults", "amount": 5}],
            phones=[{"id": str(uuid.uuid4()), "number": "01438 000 111"}],
            contacts=[
                {"id": str(uuid.uuid4()), "phones": [{"id": str(uuid.uuid4()), "number": "01438 000 222"}]}
            ],
        )
    )
    assert report.ok, report.rejections
    assert service.values["minimum_age"] == 12
    assert service.values["maximum_age"] == 100
    assert service.values["last_verified"] == dt.date(2026, 3, 1)
    assert service.values["cost_description"] == "£5"
    assert service.values["free"] is False
    assert [p.number for p in service.phones or []] == ["01438 000 111", "01438 000 222"]


def test_free_is_read_from_the_cost_options() -> None:
    def free(options: list[dict[str, Any]]) -> Any:
        [service], _ = _read(_service(cost_options=[{"id": str(uuid.uuid4()), **o} for o in options]))
        return service.values["free"]

    assert free([{"amount": 0}]) is True
    assert free([{"option": "Free"}]) is True
    assert free([{"option": "Charge", "amount_description": "free for under 5s"}]) is False
    assert free([{"amount": 0}, {"amount": 3}]) is False
    assert free([]) is None


def test_a_term_given_by_id_only_is_left_out_with_a_note() -> None:
    [service], report = _read(
        _service(attributes=[{"id": str(uuid.uuid4()), "taxonomy_term_id": str(uuid.uuid4())}])
    )
    assert service.terms == []
    assert "by id only" in report.notes[0]


def test_a_page_says_when_it_is_one_of_several() -> None:
    _, report = _read({"contents": [_service()], "total_pages": 3, "page_number": 1, "total_items": 25})
    assert "page 1 of 3" in report.notes[0]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)
KEYS = st.sampled_from(
    [
        "id",
        "name",
        "status",
        "organization",
        "service_at_locations",
        "attributes",
        "contacts",
        "phones",
        "cost_options",
        "minimum_age",
        "assured_date",
        "fees",
        "schedules",
        "location",
        "addresses",
    ]
)
SERVICEISH = st.recursive(
    JSON,
    lambda children: st.dictionaries(KEYS, children, max_size=8) | st.lists(children, max_size=3),
    max_leaves=40,
)


@settings(max_examples=300)
@given(SERVICEISH)
def test_anything_json_gives_a_report_never_an_exception(value: Any) -> None:
    report = ImportReport()
    services = read_feed(json.dumps(value).encode(), report)
    assert len(services) <= report.rows_read
    assert services or not report.ok
    assert all(r.reason for r in report.rejections)


@settings(max_examples=200)
@given(st.binary(max_size=200))
def test_any_bytes_give_a_report(data: bytes) -> None:
    report = ImportReport()
    read_feed(data, report)
    assert not report.ok or report.rows_read > 0


@given(st.integers(min_value=1, max_value=3650), st.integers(min_value=0, max_value=4000))
def test_out_of_date_is_more_days_than_the_limit(limit: int, days: int) -> None:
    on = dt.date(2026, 11, 23)
    fresh = Freshness(last_verified=on - dt.timedelta(days=days), stale_after_days=limit, on=on)
    assert fresh.out_of_date == (days > limit)
    assert fresh.days_since == days
