"""The reports pages: every member reads; a coordinator starts, edits and publishes; a viewer's write
answers 403; another partnership's report answers 404; bad input is shown beside its field; a form
posted back unchanged changes nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.factories.strategy import StrategyWorld, build_strategy_world
from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Partnership, User
from wellboard.reports.models import RenderedFile, RenderStatus, Report, ReportEdition
from wellboard.reports.services import rendered_file_render, report_create, report_publish

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
ActorOf = Callable[[User], Actor]
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
LIST = "/p/test-town/reports/"


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wellboard.core.clock.now", lambda: NOW)


@pytest.fixture
def world(partnership: Partnership) -> StrategyWorld:
    return build_strategy_world(partnership)


@pytest.fixture
def report(world: StrategyWorld, coordinator: User, actor_of: ActorOf) -> Report:
    return report_create(by=actor_of(coordinator), strategy=world.strategy, kind="annual", period="2025/26")


def url(report: Report, tail: str = "") -> str:
    return f"{LIST}{report.pk}/{tail}"


def version(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found is not None
    return found.group(1)


# ---------------------------------------------------------------- list and navigation


def test_the_list_is_in_the_navigation_and_offers_starting_only_to_coordinators(
    client_for: ClientFor, report: Report, coordinator: User, viewer: User
) -> None:
    page = client_for(coordinator).get(LIST).content.decode()
    assert f'href="{LIST}" aria-current="true">Reports</a>' in page
    assert "Annual report, 2025/26" in page
    assert "Start a report" in page
    seen = client_for(viewer).get(LIST)
    assert seen.status_code == 200
    assert "Start a report" not in seen.content.decode()


def test_signed_out_people_are_sent_to_sign_in(client: Client, report: Report) -> None:
    response = client.get(url(report))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# ---------------------------------------------------------------- starting a report


def test_a_coordinator_starts_a_report_and_sees_it_as_a_page(
    client_for: ClientFor, world: StrategyWorld, coordinator: User
) -> None:
    client = client_for(coordinator)
    assert client.get(LIST + "new/").status_code == 200
    response = client.post(
        LIST + "new/", {"strategy": world.strategy.pk, "kind": "quarterly", "period": "2026/27 Q2"}
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(report)
    page = client.get(url(report)).content.decode()
    assert "Quarterly monitoring report, 2026/27 Q2" in page
    assert 'id="exceptions"' in page
    assert "Run pop-up play in parks" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "quarterly", "period": "2024/25"}, "is not a financial quarter"),
        ({"kind": "fortnightly", "period": ""}, "Select a valid choice"),
        ({"kind": "annual", "period": "never"}, "is not a financial year"),
    ],
)
def test_bad_input_is_shown_and_nothing_is_started(
    client_for: ClientFor, world: StrategyWorld, coordinator: User, data: dict[str, Any], message: str
) -> None:
    response = client_for(coordinator).post(LIST + "new/", {"strategy": world.strategy.pk, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_a_viewer_cannot_start_a_report(client_for: ClientFor, world: StrategyWorld, viewer: User) -> None:
    client = client_for(viewer)
    assert client.get(LIST + "new/").status_code == 403
    response = client.post(LIST + "new/", {"strategy": world.strategy.pk, "kind": "annual"})
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_another_partnerships_strategy_is_not_offered(
    client_for: ClientFor, world: StrategyWorld, outsider: User, other_partnership: Partnership
) -> None:
    response = client_for(outsider).post(
        "/p/elsewhere/reports/new/", {"strategy": world.strategy.pk, "kind": "annual"}
    )
    assert response.status_code == 400
    assert not Report.objects.exists()


# ---------------------------------------------------------------- narrative


def test_a_coordinator_edits_the_narrative(client_for: ClientFor, report: Report, coordinator: User) -> None:
    client = client_for(coordinator)
    form = client.get(url(report, "edit/")).content.decode()
    assert "Foreword" in form
    assert "Lessons learnt" not in form  # not part of an annual report
    response = client.post(
        url(report, "edit/"),
        {
            "foreword": "A good year.<script>x</script>",
            "highlights": "",
            "next_steps": "",
            "version": version(form),
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.foreword == "<p>A good year.</p>"
    assert "A good year." in client.get(url(report)).content.decode()


def test_the_narrative_form_posted_back_unchanged_changes_nothing(
    client_for: ClientFor, report: Report, coordinator: User, actor_of: ActorOf
) -> None:
    from wellboard.reports.services import report_narrative_update

    saved = report_narrative_update(
        by=actor_of(coordinator),
        report=report,
        expected_version=report.version,
        foreword="First line\nsecond\n\nNext paragraph & more",
        highlights="<ul><li>One</li><li>Two</li></ul>",
    )
    client = client_for(coordinator)
    form = client.get(url(report, "edit/")).content.decode()
    events = AuditEvent.objects.count()

    def textarea(name: str) -> str:
        found = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', form, re.S)
        assert found is not None
        import html

        return html.unescape(found.group(1)).replace("\n", "\r\n")

    response = client.post(
        url(report, "edit/"),
        {
            "foreword": textarea("foreword"),
            "highlights": textarea("highlights"),
            "next_steps": textarea("next_steps"),
            "version": version(form),
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.version, report.foreword, report.highlights) == (
        saved.version,
        saved.foreword,
        saved.highlights,
    )
    assert AuditEvent.objects.count() == events


def test_a_stale_narrative_save_shows_the_conflict(
    client_for: ClientFor, report: Report, coordinator: User
) -> None:
    client = client_for(coordinator)
    data = {"foreword": "Mine", "highlights": "", "next_steps": "", "version": str(report.version)}
    assert client.post(url(report, "edit/"), data).status_code == 302
    response = client.post(url(report, "edit/"), {**data, "foreword": "Theirs"})
    assert response.status_code == 409


def test_a_viewer_cannot_edit_or_publish(client_for: ClientFor, report: Report, viewer: User) -> None:
    client = client_for(viewer)
    assert client.get(url(report)).status_code == 200
    assert client.get(url(report, "edit/")).status_code == 403
    assert client.post(url(report, "edit/"), {"foreword": "x", "version": "1"}).status_code == 403
    assert client.get(url(report, "publish/")).status_code == 403
    assert client.post(url(report, "publish/"), {"version": "1"}).status_code == 403
    assert not ReportEdition.objects.exists()


def test_another_partnerships_report_is_not_found(
    client_for: ClientFor, report: Report, outsider: User
) -> None:
    client = client_for(outsider)
    for tail in ("", "edit/", "publish/", "editions/1/", "editions/1/files/", "editions/1/download.pdf"):
        assert client.get(f"/p/elsewhere/reports/{report.pk}/{tail}").status_code == 404
        assert client.get(url(report, tail)).status_code == 404
    assert client.post(f"/p/elsewhere/reports/{report.pk}/edit/", {"foreword": "x"}).status_code == 404


# ---------------------------------------------------------------- publishing and editions


def test_publishing_freezes_an_edition_whose_files_are_made_in_the_background(
    client_for: ClientFor,
    report: Report,
    coordinator: User,
    viewer: User,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = client_for(coordinator)
    form = client.get(url(report, "publish/")).content.decode()
    assert "Publish the report" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(report, "publish/"), {"version": version(form)})
    assert response.status_code == 302
    assert response["Location"] == url(report, "editions/1/")
    assert set(RenderedFile.objects.values_list("status", flat=True)) == {RenderStatus.DONE}
    page = client_for(viewer).get(url(report, "editions/1/")).content.decode()
    assert "Annual report, 2025/26, edition 1" in page
    assert "hx-trigger" not in page  # nothing left to wait for
    for fmt, kind in [
        ("html", "text/html"),
        ("pdf", "application/pdf"),
        ("docx", "wordprocessingml"),
        ("xlsx", "spreadsheetml"),
    ]:
        download = client_for(viewer).get(url(report, f"editions/1/download.{fmt}"))
        assert download.status_code == 200
        assert kind in download["Content-Type"]
        assert f'filename="test-town-annual-2025-26-edition-1.{fmt}"' in download["Content-Disposition"]


def test_the_edition_page_polls_while_files_are_made(
    client_for: ClientFor, report: Report, coordinator: User, actor_of: ActorOf
) -> None:
    edition = report_publish(by=actor_of(coordinator), report=report, expected_version=report.version)
    client = client_for(coordinator)
    page = client.get(url(report, "editions/1/")).content.decode()
    assert f'hx-get="{url(report, "editions/1/files/")}"' in page
    assert "Waiting" in page
    download = client.get(url(report, "editions/1/download.pdf"))
    assert download.status_code == 302  # not made yet: back to the page that shows its progress
    for item in edition.files.all():
        rendered_file_render(file_id=item.pk)
    partial = client.get(url(report, "editions/1/files/")).content.decode()
    assert "hx-trigger" not in partial
    assert url(report, "editions/1/download.pdf") in partial


def test_a_failed_file_can_be_asked_for_again(
    client_for: ClientFor,
    report: Report,
    coordinator: User,
    actor_of: ActorOf,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    edition = report_publish(by=actor_of(coordinator), report=report, expected_version=report.version)
    edition.files.filter(format="pdf").update(status=RenderStatus.FAILED, error="no fonts")
    client = client_for(coordinator)
    assert "Try again" in client.get(url(report, "editions/1/")).content.decode()
    response = client.post(url(report, "editions/1/render/pdf/"))
    assert response.status_code == 302
    assert edition.files.get(format="pdf").status == RenderStatus.QUEUED
    assert client.post(url(report, "editions/1/render/odt/")).status_code == 404


def test_publishing_with_a_stale_version_shows_the_conflict(
    client_for: ClientFor, report: Report, coordinator: User
) -> None:
    client = client_for(coordinator)
    client.post(url(report, "edit/"), {"foreword": "Changed", "version": str(report.version)})
    response = client.post(url(report, "publish/"), {"version": str(report.version)})
    assert response.status_code == 409
    assert not ReportEdition.objects.exists()


def test_an_unknown_edition_or_format_is_not_served(
    client_for: ClientFor, report: Report, coordinator: User
) -> None:
    client = client_for(coordinator)
    assert client.get(url(report, "editions/9/")).status_code == 404
    assert client.get(url(report, "editions/1/download.odt")).status_code == 404


def test_a_second_partnership_with_the_same_shape_sees_only_its_own(
    client_for: ClientFor, report: Report, other_partnership: Partnership, outsider: User, actor_of: ActorOf
) -> None:
    build_strategy_world(other_partnership)
    page = client_for(outsider).get("/p/elsewhere/reports/").content.decode()
    assert "Annual report, 2025/26" not in page


def test_asking_again_from_the_page_with_htmx_answers_the_files_list(
    client_for: ClientFor, report: Report, coordinator: User, actor_of: ActorOf
) -> None:
    edition = report_publish(by=actor_of(coordinator), report=report, expected_version=report.version)
    edition.files.filter(format="docx").update(status=RenderStatus.FAILED, error="broken")
    response = client_for(coordinator).post(
        url(report, "editions/1/render/docx/"), HTTP_HX_REQUEST="true", follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="edition-files"')
    assert 'hx-trigger="every 2s"' in body
