"""A coordinator starts an annual report, writes its foreword, publishes it and downloads it once
the worker has made the files, watching their progress on the edition's page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tests.factories.strategy import build_strategy_world
from wellboard.partners.models import Partnership, User
from wellboard.reports.models import RenderedFile, Report
from wellboard.reports.services import rendered_file_render

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def test_coordinator_creates_edits_and_publishes_a_report(
    page: Page,
    partnership: Partnership,
    coordinator: User,
    sign_in: Callable[..., None],
    assert_accessible: Callable[[Page], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("wellboard.core.clock.now", lambda: NOW)
    build_strategy_world(partnership)
    sign_in(page, coordinator.email)

    page.get_by_role("link", name="Reports", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Reports"
    assert_accessible(page)
    page.get_by_role("link", name="Start a report").click()
    page.get_by_label("Annual report").check()
    page.get_by_label("Period").fill("2025/26")
    assert_accessible(page)
    page.get_by_role("button", name="Start the report").click()
    assert "Annual report, 2025/26" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("heading", name="What was completed").count() == 1
    assert_accessible(page)

    page.get_by_role("link", name="Edit the narrative").click()
    page.get_by_label("Foreword").fill("A year of steady progress.\n\nThank you to every partner.")
    assert_accessible(page)
    page.get_by_role("button", name="Save the narrative").click()
    assert "Narrative saved" in page.locator(".govuk-notification-banner").inner_text()
    assert page.get_by_text("Thank you to every partner.").count() >= 1

    page.get_by_role("link", name="Publish").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish the report").click()
    assert "Edition 1 published" in page.locator(".govuk-notification-banner").inner_text()
    assert page.get_by_text("Waiting").count() == 4
    assert_accessible(page)

    # The worker makes the files; the page notices by itself.
    report = Report.objects.get()
    for item in RenderedFile.objects.filter(edition__report=report):
        rendered_file_render(file_id=item.pk)
    pdf = page.get_by_role("link", name="PDF of edition 1")
    pdf.wait_for()
    assert page.get_by_text("Waiting").count() == 0
    with page.expect_download() as download:
        pdf.click()
    assert download.value.suggested_filename == "test-town-annual-2025-26-edition-1.pdf"
    assert_accessible(page)

    # Signed out, anyone reads the published edition on the partnership's public site.
    partnership.is_public = True
    partnership.save()
    reader = page.context.browser.new_context(base_url=page.url.split("/p/")[0])  # type: ignore[union-attr]
    public = reader.new_page()
    try:
        public.goto(f"/public/{partnership.slug}/reports/")
        assert public.get_by_role("heading", level=1).is_visible()
        assert public.get_by_text("Annual report").count() >= 1
        assert public.get_by_role("link", name="Sign out").count() == 0
        assert_accessible(public)
        with public.expect_download() as public_download:
            public.get_by_role("link", name="PDF").first.click()
        assert public_download.value.suggested_filename.endswith(".pdf")
    finally:
        reader.close()
