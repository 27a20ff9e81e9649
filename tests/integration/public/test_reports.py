"""Published reports on the public site: each published edition listed with a download in every
format that is ready; nothing of a draft strategy, nobody's name, and 404 for what is not there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.public import PRIVATE_TEXTS, PublicWorld, build_public_world
from wellboard.core.access import Actor
from wellboard.partners.models import Partnership, User
from wellboard.reports.models import RenderedFile, Report, ReportEdition
from wellboard.reports.services import rendered_file_render, report_create, report_publish
from wellboard.strategy.models import Strategy

pytestmark = pytest.mark.django_db

LIST = "/public/test-town/reports/"
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wellboard.core.clock.now", lambda: NOW)


@pytest.fixture
def world(partnership: Partnership) -> PublicWorld:
    return build_public_world(partnership)


def _publish(actor: Actor, strategy: Strategy, *, formats: tuple[str, ...]) -> ReportEdition:
    report = report_create(by=actor, strategy=strategy, kind="annual", period="2025/26")
    edition = report_publish(
        by=actor, report=Report.objects.get(pk=report.pk), expected_version=report.version
    )
    for file in RenderedFile.objects.filter(edition=edition, format__in=formats):
        rendered_file_render(file_id=file.pk)
    return edition


def _download(edition: ReportEdition, fmt: str) -> str:
    return f"{LIST}{edition.report_id}/editions/{edition.number}/{fmt}/"


def test_published_reports_are_listed_with_their_downloads(
    client: Client, world: PublicWorld, coordinator: User, actor_of: Callable[[User], Actor]
) -> None:
    edition = _publish(actor_of(coordinator), world.strategy.strategy, formats=("html", "xlsx"))
    page = client.get(LIST)
    assert page.status_code == 200
    assert page["Cache-Control"] == "public, max-age=300"
    text = page.content.decode()
    assert "Annual report, 2025/26" in text
    assert _download(edition, "html") in text
    assert _download(edition, "xlsx") in text
    assert _download(edition, "pdf") not in text  # not made yet
    assert coordinator.get_full_name() not in text  # who published it is not said

    html = client.get(_download(edition, "html"))
    assert html.status_code == 200
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert html["Content-Disposition"].startswith('attachment; filename="test-town-annual-report-2025-26')
    body = html.content.decode()
    assert "Community strategy" in body
    for private in PRIVATE_TEXTS:
        assert private not in body
    xlsx = client.get(_download(edition, "xlsx"))
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    again = client.get(_download(edition, "xlsx"), HTTP_IF_NONE_MATCH=xlsx["ETag"])
    assert again.status_code == 304


def test_what_is_not_published_answers_404(
    client: Client,
    world: PublicWorld,
    coordinator: User,
    actor_of: Callable[[User], Actor],
    other_partnership: Partnership,
) -> None:
    edition = _publish(actor_of(coordinator), world.strategy.strategy, formats=("html",))
    assert client.get(_download(edition, "pdf")).status_code == 404  # not made yet
    assert client.get(_download(edition, "odt")).status_code == 404
    assert client.get(f"{LIST}{edition.report_id}/editions/{edition.number + 1}/html/").status_code == 404
    assert client.get(f"/public/elsewhere/reports/{edition.report_id}/editions/1/html/").status_code == 404
    Partnership.objects.filter(pk=other_partnership.pk).update(is_public=True)
    assert client.get(f"/public/elsewhere/reports/{edition.report_id}/editions/1/html/").status_code == 404
    Partnership.objects.filter(pk=world.partnership.pk).update(is_public=False)
    assert client.get(LIST).status_code == 404
    assert client.get(_download(edition, "html")).status_code == 404


def test_a_draft_strategys_reports_stay_inside(
    client: Client, world: PublicWorld, coordinator: User, actor_of: Callable[[User], Actor]
) -> None:
    draft = Strategy.objects.get(slug="draft-plan")
    edition = _publish(actor_of(coordinator), draft, formats=("html",))
    assert PRIVATE_TEXTS[0] not in client.get(LIST).content.decode()
    assert "not published a report yet" in client.get(LIST).content.decode()
    assert client.get(_download(edition, "html")).status_code == 404


def test_a_file_made_after_the_list_was_read_appears_on_it(
    client: Client, world: PublicWorld, coordinator: User, actor_of: Callable[[User], Actor]
) -> None:
    edition = _publish(actor_of(coordinator), world.strategy.strategy, formats=("html",))
    first = client.get(LIST)
    assert _download(edition, "xlsx") not in first.content.decode()
    # The background renderer makes another format: no edit of the partnership's data, yet the
    # list (and its ETag) must change.
    rendered_file_render(file_id=RenderedFile.objects.get(edition=edition, format="xlsx").pk)
    assert client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert _download(edition, "xlsx") in client.get(LIST).content.decode()
