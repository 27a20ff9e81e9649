"""The hub management and import pages in a browser: every page a coordinator uses to manage a hub,
and the import pages a hub worker uses, fit a desktop (1280 px) and a phone (375 px) without the page
scrolling sideways, and have no serious or critical accessibility problem (axe-core). The import is
driven through the real form: choose a file, read the check, import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import PartnershipFactory, make_person
from tests.factories.hub import cli, make_hub, make_hub_worker
from wellboard.core.access import Actor, Role
from wellboard.hub.models import Contact, HubAssignment
from wellboard.hub.services import contact_record, hub_partner_add, hub_session_add, hub_site_add

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

WIDTHS = (1280, 375)
GOOD_FILE = (
    b"date,client_id,sex,age,lsoa,route,needs,exercise_reason,partner_organisation\r\n"
    b"2026-11-02,HH-0042,female,52,E01023720,walk-in,mental-health;loneliness,,\r\n"
    b"2026-11-03,HH-0107,male,61,,exercise-referral,physical-activity,musculoskeletal,\r\n"
)
BAD_FILE = (
    b"date,client_id,sex,age,route\r\n"
    b"31/02/2026,HH-1,female,52,walk-in\r\n"
    b"2026-11-02,HH-2,dragon,52,walk-in\r\n"
)


@pytest.fixture(autouse=True)
def _pseudonym_key(settings: pytest.FixtureRequest) -> None:
    settings.WELLBOARD_PSEUDONYM_KEY = "browser-test-pseudonym-key"  # type: ignore[attr-defined]


@dataclass(frozen=True)
class HubWorld:
    coordinator: str
    worker: str
    coordinator_pages: list[str]
    worker_pages: list[str]
    import_page: str


@pytest.fixture
def world(transactional_db: None) -> HubWorld:
    partnership = PartnershipFactory(slug="test-town", name="Test Town Partnership")
    coordinator = make_person(partnership, "coordinator", Role.COORDINATOR)
    hub = make_hub(partnership, "healthy-hub", name="Stevenage Healthy Hub at the Arts and Leisure Centre")
    by = cli(partnership)
    site = hub_site_add(by=by, hub=hub, name="Stevenage Arts and Leisure Centre", lsoa="E01023720")
    school = hub_site_add(by=by, hub=hub, name="Mariotts School Sport Centre")
    for day in range(5):
        hub_session_add(by=by, site=site, weekday=day, opens="09:00", closes="20:00")
    session = hub_session_add(
        by=by,
        site=school,
        weekday=2,
        opens="15:30",
        closes="18:00",
        note="Term time only, drop-in, no appointment needed",
    )
    partner = hub_partner_add(by=by, hub=hub, name="Hertfordshire Stop Smoking Service")
    hub_partner_add(by=by, hub=hub, organisation=partnership.organisations.order_by("pk").first())
    worker = make_hub_worker(partnership, "worker", hub)
    contact_record(
        by=Actor(partnership_id=partnership.pk, user=worker, roles=frozenset({Role.HUB_WORKER})),
        hub=hub,
        date=dt.date(2026, 11, 2),
        client_id="HH-1",
        sex="female",
        route="walk-in",
        age_band="45-54",
    )
    base = f"/p/test-town/hubs/{hub.slug}/"
    return HubWorld(
        coordinator=coordinator.email,
        worker=worker.email,
        coordinator_pages=[
            base,
            f"{base}edit/",
            f"{base}sites/{site.pk}/edit/",
            f"{base}sites/{site.pk}/remove/",
            f"{base}sites/{site.pk}/sessions/new/",
            f"{base}sessions/{session.pk}/edit/",
            f"{base}sessions/{session.pk}/remove/",
            f"{base}partners/new/",
            f"{base}partners/{partner.pk}/remove/",
            f"{base}workers/{HubAssignment.objects.get(hub=hub).pk}/remove/",
        ],
        worker_pages=[base, f"{base}contacts/import/"],
        import_page=f"{base}contacts/import/",
    )


def _problems(page: Page) -> list[str]:
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        scroll_width: int = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            found.append(f"{page.url}: {scroll_width} px wide at {width} px")
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    for violation in axe_violations(page):
        targets = "; ".join(" ".join(n["target"]) for n in violation["nodes"][:3])
        found.append(f"{page.url}: axe {violation['id']} ({violation['impact']}): {targets}")
    return found


def test_every_hub_management_page_fits_and_passes_axe(
    page: Page, sign_in: Callable[..., None], world: HubWorld
) -> None:
    sign_in(page, world.coordinator)
    problems: list[str] = []
    for path in world.coordinator_pages:
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
        problems += _problems(page)
    # A form sent back with its errors is laid out too.
    page.goto(world.coordinator_pages[5])
    page.get_by_label("Closing time").fill("08:00")
    page.get_by_role("button", name="Save the session").click()
    page.wait_for_load_state()
    assert "The closing time must be after the opening time" in page.content()
    problems += _problems(page)
    assert not problems, "\n".join(problems)


def test_a_hub_worker_imports_a_file_through_the_pages(
    page: Page, sign_in: Callable[..., None], world: HubWorld, tmp_path: Path
) -> None:
    sign_in(page, world.worker)
    problems: list[str] = []
    for path in world.worker_pages:
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
        problems += _problems(page)
    bad = tmp_path / "visits-with-problems.csv"
    bad.write_bytes(BAD_FILE)
    page.goto(world.import_page)
    page.get_by_label("The CSV file of visits").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()
    assert "The file has 2 problems" in page.content()
    problems += _problems(page)
    good = tmp_path / "visits.csv"
    good.write_bytes(GOOD_FILE)
    page.get_by_label("The CSV file of visits").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()
    assert "Check the import" in page.content()
    problems += _problems(page)
    page.get_by_role("button", name="Import the visits").click()
    page.wait_for_load_state()
    assert "2 visits recorded" in page.content()
    assert Contact.objects.count() == 3
    assert not problems, "\n".join(problems)
