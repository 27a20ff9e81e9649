"""The contacts importer never fails on what it is given, and a rejected file changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wellboard.core.access import Actor
from wellboard.hub.importers import COLUMNS, contacts_import
from wellboard.hub.models import Contact, Hub

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS).encode()


# The hub and actor do not change between examples; each example's own rows are what is checked.
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_any_bytes_are_reported_never_raised(cli_actor: Actor, hub: Hub, data: bytes) -> None:
    report = contacts_import(by=cli_actor, hub=hub, data=data, filename="x.csv", dry_run=False)
    if not report.ok:
        assert not Contact.objects.filter(hub=hub).exists()


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=12), max_size=6))
def test_rows_of_any_text_under_the_right_header(cli_actor: Actor, hub: Hub, rows: list[list[str]]) -> None:
    body = "\n".join(",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows)
    before = Contact.objects.filter(hub=hub).count()
    report = contacts_import(by=cli_actor, hub=hub, data=HEADER + b"\n" + body.encode(), dry_run=False)
    after = Contact.objects.filter(hub=hub).count()
    if report.ok:
        assert after - before == report.counts()["contact"]["create"]
    else:
        assert after == before
        assert all(r.row is not None or r.where == "file" for r in report.rejections)
