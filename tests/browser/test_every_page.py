"""Every page a demo user can reach, as each demo role sees it.

Signs in as each of the demo's people, follows the links the pages offer (at most two pages per URL
pattern, so the walk stays bounded as the demo grows) and fails, with one report listing everything
found, on:

- a status other than 200 (a link the product offers must work for the person it is offered to);
- a page wider than the window at 1280 px or at 375 px (a phone);
- text that reads like a raw code or a program's value: ``None``, ``nan``, ``{'``, ISO timestamps
  with microseconds, period codes such as ``2026-10-05/2W`` or ``2024-W07``, audit event codes;
- a serious or critical axe-core problem (checked once per URL pattern);
- a link to a page that then says it has nothing to show (pages mark that state with
  ``data-empty``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.browser.conftest import axe_violations
from wellboard.core.models import AuditEvent

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

PAGES_PER_PATTERN = 2
WIDTHS = (1280, 375)

# Links that change something or fetch a file: a crawler must not follow them.
SKIPPED_URL_NAMES = frozenset(
    {"logout", "api-token-revoke", "role-remove", "edition-download", "public-report-download"}
)
SKIPPED_SUFFIXES = (".xlsx", ".csv", ".json", ".geojson", ".pdf", ".docx", ".png", ".svg", ".html")

RAW_TEXT = [
    # "None yet" is English; a lone None is a program's empty value.
    (re.compile(r"(?<![\w'-])None(?![\w'-]| [a-z])"), "the word None"),
    (re.compile(r"(?<![\w-])(?:nan|NaN)(?![\w-])"), "nan"),
    (re.compile(r"\{'"), "a dictionary dump"),
    (re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\.\d+"), "a timestamp with microseconds"),
    (re.compile(r"\d{4}-\d\d-\d\d/2W\b"), "a fortnight code"),
    (re.compile(r"\b\d{4}-W\d\d\b"), "a week code"),
    (re.compile(r"/Q[1-4]\b"), "a quarter code"),
]


def _audit_codes() -> re.Pattern[str]:
    codes = sorted(set(AuditEvent.objects.values_list("action", flat=True)), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(c) for c in codes) + r")(?![\w.])")


@dataclass
class Crawl:
    base: str
    problems: list[str] = field(default_factory=list)
    audited: set[str] = field(default_factory=set)  # URL patterns already checked by axe
    pages_seen: Counter[str] = field(default_factory=Counter)
    event_codes: re.Pattern[str] | None = None

    def report(self, who: str, url: str, message: str) -> None:
        self.problems.append(f"{who}: {url}: {message}")


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.url_name or match.route


def _links(page: Page, crawl: Crawl) -> Iterator[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        "main a[href], header a[href], nav a[href], .govuk-service-navigation a[href]",
        "els => els.map(e => e.getAttribute('href'))",
    )
    for href in hrefs:
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        absolute = urljoin(page.url, href)
        parts = urlsplit(absolute)
        if f"{parts.scheme}://{parts.netloc}" != crawl.base:
            continue
        if parts.path.startswith(("/api/", "/static/", "/admin/")) or parts.path.endswith(SKIPPED_SUFFIXES):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def _check_text(page: Page, who: str, url: str, crawl: Crawl) -> None:
    text = page.locator("body").inner_text()
    for pattern, what in RAW_TEXT:
        found = pattern.search(text)
        if found:
            context = text[max(0, found.start() - 40) : found.end() + 40].replace("\n", " ")
            crawl.report(who, url, f"shows {what}: …{context}…")
    if crawl.event_codes is not None:
        found = crawl.event_codes.search(text)
        if found:
            crawl.report(who, url, f"shows the event code {found.group(0)!r}")


def _check_widths(page: Page, who: str, url: str, crawl: Crawl) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        scroll_width: int = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide: list[str] = page.evaluate(
                """(width) => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > width + 1)
                    .filter(e => !e.closest('.wb-table-scroll, .govuk-visually-hidden'))
                    .slice(0, 3)
                    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className)
                        .trim().split(/\\s+/).join('.') : ''))""",
                width,
            )
            crawl.report(who, url, f"{scroll_width} px wide at {width} px ({', '.join(wide)})")
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def _visit(page: Page, who: str, path: str, came_from: str, crawl: Crawl) -> list[str]:
    response = page.goto(path)
    status = response.status if response is not None else 0
    url = urlsplit(page.url).path
    if status != 200:
        crawl.report(who, path, f"answered {status} (linked from {came_from})")
        return []
    # A link to a machine-readable feed (the Open Referral API, say) is checked by its own tests.
    if response is not None and "text/html" not in (response.headers.get("content-type") or ""):
        return []
    if page.locator("[data-empty]").count():
        crawl.report(who, path, f"has nothing to show, yet {came_from} links to it")
    _check_text(page, who, url, crawl)
    _check_widths(page, who, url, crawl)
    name = _url_name(url) or url
    if name not in crawl.audited:
        crawl.audited.add(name)
        for violation in axe_violations(page):
            targets = "; ".join(" ".join(n["target"]) for n in violation["nodes"][:3])
            crawl.report(who, url, f"axe {violation['id']} ({violation['impact']}): {targets}")
    return list(_links(page, crawl))


def _walk(browser: Browser, live_server: Any, who: str, email: str, password: str, crawl: Crawl) -> None:
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": WIDTHS[0], "height": 900},
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, f"could not sign in as {who}"
        seen: set[str] = set()
        per_pattern: Counter[str] = Counter()
        queue: list[tuple[str, str]] = [(urlsplit(page.url).path, "sign-in"), ("/", "sign-in")]
        while queue:
            path, came_from = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            name = _url_name(urlsplit(path).path)
            if name is None or name in SKIPPED_URL_NAMES or per_pattern[name] >= PAGES_PER_PATTERN:
                continue
            per_pattern[name] += 1
            crawl.pages_seen[name] += 1
            queue.extend((link, path) for link in _visit(page, who, path, came_from, crawl))
    finally:
        context.close()


@pytest.fixture
def demo(transactional_db: None) -> Any:
    from wellboard.demo import load_demo

    return load_demo(log=lambda _: None)


def test_every_page_as_every_demo_role(browser: Browser, live_server: Any, demo: Any) -> None:
    crawl = Crawl(base=live_server.url.rstrip("/"), event_codes=_audit_codes())
    for login in demo.logins:
        _walk(browser, live_server, f"{login.role} {login.email}", login.email, login.password, crawl)
    # The walk must have reached the product's main pages, or it proves nothing.
    for expected in (
        "partnership-home",
        "strategy-detail",
        "action-detail",
        "action-edit",
        "indicator-list",
        "indicator-detail",
        "returns-home",
        "return-detail",
        "organisation-list",
        "hub-detail",
        "hub-edit",
        "hub-session-edit",
        "hub-partner-add",
        "hub-contacts-import",
    ):
        assert crawl.pages_seen[expected], f"the walk never reached {expected}: {dict(crawl.pages_seen)}"
    assert not crawl.problems, f"{len(crawl.problems)} problem(s):\n" + "\n".join(crawl.problems)
