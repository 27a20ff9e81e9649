"""Shared fixtures for browser journeys: Debian's chromium driven by Playwright, and axe-core.

Every test here is marked ``@pytest.mark.browser`` and runs against pytest-django's ``live_server``
(which makes the database transactional, so the server thread sees what the test created).

- ``browser``: one headless chromium for the whole session (skipped, with the reason, when
  ``/usr/bin/chromium`` or Playwright is missing);
- ``page``: a fresh browser context and page per test, with ``base_url`` set to the live server;
- ``sign_in``: signs in through the real sign-in form;
- ``assert_accessible``: runs axe-core on the current page and fails on serious or critical
  violations, listing each rule, its help text and the offending elements.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Playwright's sync API runs an event loop in the test thread; Django refuses database access from a
# thread with a running loop unless told it is safe (it is: the loop only drives the browser).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
AXE_STATIC = "vendor/axe-core-4.14.1/axe.min.js"
AXE_JS = Path(__file__).resolve().parents[2] / "src" / "wellboard" / "static" / AXE_STATIC
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
PASSWORD = "correct-horse-battery"  # what tests.factories.UserFactory gives everyone
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"Browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        pytest.skip("Browser tests need the playwright package (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    # How long to wait for a page or an element before calling it hung: generous, because a busy
    # machine makes chromium slow, and a test must never fail for being slow.
    context.set_default_timeout(60_000)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def _sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise AssertionError(f"Could not sign in as {email}: {page.locator('main').inner_text()[:300]}")


@pytest.fixture
def sign_in() -> Callable[..., None]:
    """``sign_in(page, email, password=...)`` through the real form."""
    return _sign_in


def axe_violations(page: Page, *, impacts: frozenset[str] = BLOCKING_IMPACTS) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return the violations of the given impacts.

    The vendored axe.min.js is loaded from the live server's static files rather than injected
    inline (``add_script_tag(path=...)``): the content security policy forbids inline scripts, and
    the tests should run under the same policy as the product.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        assert AXE_JS.exists(), f"axe-core is missing at {AXE_JS}"
        origin = page.evaluate("window.location.origin")
        page.add_script_tag(url=f"{origin}{settings.STATIC_URL}{AXE_STATIC}")
    result: dict[str, Any] = page.evaluate("axe.run()")
    return [v for v in result["violations"] if v.get("impact") in impacts]


def _assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    if violations:
        lines = [f"axe found {len(violations)} serious or critical problem(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(
                    f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}"
                )
        raise AssertionError("\n".join(lines))


@pytest.fixture
def assert_accessible() -> Callable[[Page], None]:
    """``assert_accessible(page)``: fail on any serious or critical axe-core violation."""
    return _assert_accessible
