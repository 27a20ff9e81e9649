"""Starting, editing and publishing reports, and storing the files rendered from an edition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tests.factories import PartnershipFactory
from tests.factories.strategy import StrategyFactory, StrategyWorld
from tests.unit.reports.conftest import approved_return
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.partners.models import DisclosureRule, Organisation, Partnership, User
from wellboard.reports.document import ReportDocument
from wellboard.reports.models import RenderedFile, RenderStatus, Report, ReportEdition
from wellboard.reports.services import (
    edition_document,
    rendered_file_render,
    rendered_file_request,
    report_create,
    report_narrative_update,
    report_publish,
)
from wellboard.reports.tasks import enqueue_waiting_renders, request_renders
from wellboard.returns.models import Measure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture
def by(coordinator: User, actor_of: Callable[[User], Actor]) -> Actor:
    return actor_of(coordinator)


@pytest.fixture
def report(by: Actor, world: StrategyWorld) -> Report:
    return report_create(by=by, strategy=world.strategy, kind="quarterly", period="2026/27 Q2")


def test_create_stores_the_period_by_its_code_and_audits(by: Actor, world: StrategyWorld) -> None:
    report = report_create(by=by, strategy=world.strategy, kind="annual", period="")
    assert (report.kind, report.period, report.period_start) == ("annual", "2025/26", dt.date(2025, 4, 1))
    event = AuditEvent.objects.get(action="report.create")
    assert event.object_id == str(report.pk)


@pytest.mark.parametrize(
    ("kind", "period", "field", "message"),
    [
        ("weekly", "2024/25", "kind", "Choose a kind of report"),
        ("quarterly", "2024/25", "period", "'2024/25' is not a financial quarter"),
        ("quarterly", "2030/31 Q1", "period", "2030/31 Q1 has not started yet"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(
    by: Actor, world: StrategyWorld, kind: str, period: str, field: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        report_create(by=by, strategy=world.strategy, kind=kind, period=period)
    assert message in " ".join(caught.value.errors[field])
    assert not Report.objects.exists()


def test_the_same_report_cannot_be_started_twice(by: Actor, world: StrategyWorld, report: Report) -> None:
    with pytest.raises(InvalidInput, match="already a quarterly monitoring report for 2026/27 Q2"):
        report_create(by=by, strategy=world.strategy, kind="quarterly", period="2026/27 Q2")


def test_only_coordinators_write(
    viewer: User, actor_of: Callable[[User], Actor], world: StrategyWorld, report: Report
) -> None:
    reader = actor_of(viewer)
    with pytest.raises(PermissionDenied, match="Only a coordinator can start a report"):
        report_create(by=reader, strategy=world.strategy, kind="annual")
    with pytest.raises(PermissionDenied, match="Only a coordinator can change a report's narrative"):
        report_narrative_update(by=reader, report=report, expected_version=report.version, highlights="x")
    with pytest.raises(PermissionDenied, match="Only a coordinator can publish a report"):
        report_publish(by=reader, report=report, expected_version=report.version)


def test_another_partnerships_strategy_and_report_are_not_found(
    outsider: User, world: StrategyWorld, report: Report
) -> None:
    from wellboard.partners.selectors import actor_for

    other = actor_for(user=outsider, partnership=outsider.role_grants.first().partnership)  # type: ignore[union-attr]
    assert other is not None
    with pytest.raises(NotFound):
        report_create(by=other, strategy=world.strategy, kind="annual")
    with pytest.raises(NotFound):
        report_publish(by=other, report=report, expected_version=report.version)


def test_narrative_is_cleaned_versioned_and_unchanged_saves_write_nothing(by: Actor, report: Report) -> None:
    updated = report_narrative_update(
        by=by,
        report=report,
        expected_version=report.version,
        highlights='Good quarter<script>alert(1)</script>\n\n<a href="javascript:x">link</a>',
    )
    assert updated.highlights == 'Good quarter\n\n<a rel="noopener noreferrer">link</a>'
    assert updated.version == report.version + 1
    events = AuditEvent.objects.filter(action="report.update").count()
    again = report_narrative_update(
        by=by, report=updated, expected_version=updated.version, highlights=updated.highlights
    )
    assert again.version == updated.version
    assert AuditEvent.objects.filter(action="report.update").count() == events
    with pytest.raises(Conflict):
        report_narrative_update(by=by, report=updated, expected_version=report.version, highlights="Late")


def test_plain_text_narrative_becomes_paragraphs(by: Actor, report: Report) -> None:
    updated = report_narrative_update(
        by=by, report=report, expected_version=report.version, highlights="First & best\r\nline\r\n\r\nSecond"
    )
    assert updated.highlights == "<p>First &amp; best<br>line</p>\n<p>Second</p>"


def test_a_narrative_the_kind_does_not_have_is_refused(by: Actor, report: Report) -> None:
    with pytest.raises(InvalidInput, match="lessons cannot be changed here"):
        report_narrative_update(by=by, report=report, expected_version=report.version, lessons="x")


def test_publish_freezes_a_disclosed_snapshot_with_the_data_version(
    by: Actor,
    partnership: Partnership,
    world: StrategyWorld,
    report: Report,
    reach_measure: Measure,
    council: Organisation,
) -> None:
    approved_return(reach_measure, council, "2026/27 Q2", 3)
    edition = report_publish(by=by, report=report, expected_version=report.version)
    assert edition.number == 1
    assert edition.data_version
    document = edition_document(edition)
    assert document.disclosed
    reach = next(s for s in document.sections if s.anchor == "reach")
    table = reach.blocks[-2].table if reach.blocks[-1].block == "chart" else reach.blocks[-1].table  # type: ignore[union-attr]
    assert table.rows[0][2] == "*"  # 3 children: suppressed under the standard rule
    assert {f.format for f in edition.files.all()} == {"html", "pdf", "docx", "xlsx"}
    assert AuditEvent.objects.filter(action="report.publish").count() == 1

    # The data changes; the edition does not. A new edition sees the new data.
    approved_return(reach_measure, council, "2026/27 Q1", 40)
    edition.refresh_from_db()
    assert ReportDocument.from_json(edition.snapshot) == document
    second = report_publish(by=by, report=report, expected_version=report.version)
    assert second.number == 2
    assert second.snapshot != edition.snapshot


def test_publish_uses_the_partnerships_rule(
    by: Actor, partnership: Partnership, report: Report, reach_measure: Measure, council: Organisation
) -> None:
    partnership.disclosure_rule = DisclosureRule.UNDER_FIVE
    partnership.save()
    approved_return(reach_measure, council, "2026/27 Q2", 6)
    edition = report_publish(by=by, report=report, expected_version=report.version)
    reach = next(s for s in edition_document(edition).sections if s.anchor == "reach")
    assert reach.blocks[-2].table.rows[0][2] == 6  # type: ignore[union-attr]


def test_publish_needs_the_version_the_coordinator_saw(by: Actor, report: Report) -> None:
    report_narrative_update(by=by, report=report, expected_version=report.version, highlights="New")
    with pytest.raises(Conflict):
        report_publish(by=by, report=report, expected_version=report.version)
    assert not ReportEdition.objects.exists()


def test_rendering_stores_each_file_once(by: Actor, report: Report) -> None:
    edition = report_publish(by=by, report=report, expected_version=report.version)
    html = edition.files.get(format="html")
    done = rendered_file_render(file_id=html.pk)
    assert done is not None
    assert done.status == RenderStatus.DONE
    assert b"Quarterly monitoring report" in bytes(done.content)
    assert rendered_file_render(file_id=html.pk) is None  # already made: not made again


def test_a_failed_render_is_kept_and_can_be_asked_for_again(
    by: Actor, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    edition = report_publish(by=by, report=report, expected_version=report.version)
    pdf = edition.files.get(format="pdf")

    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("no fonts")

    monkeypatch.setattr("wellboard.reports.services.render", broken)
    failed = rendered_file_render(file_id=pdf.pk)
    assert failed is not None
    assert (failed.status, failed.error) == (RenderStatus.FAILED, "no fonts")
    again = rendered_file_request(edition=edition, format="pdf")
    assert (again.status, again.error) == (RenderStatus.QUEUED, "")
    with pytest.raises(NotFound):
        rendered_file_request(edition=edition, format="odt")


def test_tasks_render_what_publishing_left_waiting(
    by: Actor, report: Report, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    edition = report_publish(by=by, report=report, expected_version=report.version)
    with django_capture_on_commit_callbacks(execute=True):
        request_renders(edition.files.filter(format__in=["html", "xlsx"]))
    states = dict(edition.files.values_list("format", "status"))
    assert states == {"html": "done", "xlsx": "done", "pdf": "queued", "docx": "queued"}
    assert enqueue_waiting_renders() == "2 report file(s) queued for rendering"
    assert set(RenderedFile.objects.values_list("status", flat=True)) == {"done"}


def test_another_partnership_cannot_be_given_a_strategy(by: Actor) -> None:
    elsewhere = StrategyFactory(partnership=PartnershipFactory(slug="far", name="Far"))
    with pytest.raises(NotFound):
        report_create(by=by, strategy=elsewhere, kind="annual")
