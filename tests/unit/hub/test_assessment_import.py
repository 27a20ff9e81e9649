"""The assessments importer never fails on what it is given, and a rejected file changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wellboard.core.access import Actor
from wellboard.hub.assessment_import import COLUMNS, assessments_import
from wellboard.hub.models import Hub, OutcomeAssessment

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS).encode()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_any_bytes_are_reported_never_raised(cli_actor: Actor, hub: Hub, data: bytes) -> None:
    report = assessments_import(by=cli_actor, hub=hub, data=data, filename="x.csv", dry_run=False)
    if not report.ok:
        assert not OutcomeAssessment.objects.filter(hub=hub).exists()


cells = st.one_of(
    st.text(max_size=8),
    st.integers(-2, 12).map(str),
    st.sampled_from(["ons4", "swemwbs", "before", "after", "2026-04-01"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cells, min_size=1, max_size=len(COLUMNS)), max_size=6))
def test_rows_of_any_text_under_the_right_header(cli_actor: Actor, hub: Hub, rows: list[list[str]]) -> None:
    body = "\n".join(",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows)
    before = OutcomeAssessment.objects.filter(hub=hub).count()
    report = assessments_import(by=cli_actor, hub=hub, data=HEADER + b"\n" + body.encode(), dry_run=False)
    after = OutcomeAssessment.objects.filter(hub=hub).count()
    if report.ok:
        assert after - before == sum(1 for c in report.changes if c.outcome == "create")
    else:
        assert after == before
        assert all(r.row is not None or r.where == "file" for r in report.rejections)
