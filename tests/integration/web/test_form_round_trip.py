"""Every edit form the demo offers round-trips: opened, then saved unchanged exactly as a browser submits
it, it changes nothing and writes no audit event.

The forms are found by crawling the demo partnership's pages from its home page, following its own
links, as the coordinator and as a contributor (whose forms differ): no list of forms is kept here, so
a new edit page is tested as soon as something links to it. A form is an edit form when it posts back to
the page it is on and either carries the record's ``version`` or is on an edit page; create forms,
uploads, sign-out, buttons that move a record along (submit, approve, complete) and filters sent with
GET are left out. Each form is parsed as a browser reads it (``browser_forms``) and posted back with the
button that saves; every domain table is then compared with how it was, and the change is undone
before the next form.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, get_resolver, resolve
from django.urls.resolvers import URLPattern, URLResolver

from tests.integration.web.browser_forms import Control, HtmlForm, page_forms, page_links
from wellboard.core import clock
from wellboard.core.models import AuditEvent
from wellboard.demo import DEMO_SLUG, DemoContext, load_demo
from wellboard.partners.models import User
from wellboard.partners.services import organisation_update
from wellboard.strategy.models import Action
from wellboard.strategy.services import action_update

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NOW = dt.datetime(2026, 11, 23, 10, tzinfo=clock.LONDON)  # the date the demo's story is told at
HOME = f"/p/{DEMO_SLUG}/"
# Tables an edit form could write to (every model of these apps, many-to-many tables included).
DOMAIN_APPS = frozenset({"partners", "strategy", "returns", "geography", "indicators", "hub"})
# How far the crawl goes (see ``crawl``): links followed from one address pattern to another, pages
# opened of one pattern, and of those, pages with an edit form; and pages in all.
LINKS_PER_PATTERN = 3
PAGES_PER_ROUTE = 8
FORM_PAGES_PER_ROUTE = 3
MAX_PAGES = 600
DOWNLOAD = re.compile(r"\.(csv|xlsx|json|svg|png|pdf|docx|geojson|zip|html)$")
URLENCODED = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoContext]:
    """The demo partnership, loaded once for the whole module (whose tests run at the date its story
    is told at) and rolled back afterwards.

    Without the optional reference files (an empty folder stands in for them), the demo types in the
    areas it needs instead of importing ONS's files: its forms are the same, and it loads much faster.
    """
    no_reference_data = tmp_path_factory.mktemp("no-reference-data")
    with (
        django_db_blocker.unblock(),
        clock.frozen_at(NOW),
        pytest.MonkeyPatch.context() as patch,
        transaction.atomic(),
    ):
        patch.setenv("WELLBOARD_REFERENCE_DATA", str(no_reference_data))
        context = load_demo(log=lambda _: None)
        yield context
        transaction.set_rollback(True)


@dataclass(frozen=True)
class EditPage:
    url: str
    route: str


def _route_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.url_name or match.route


def _is_edit_form(form: HtmlForm, page: EditPage) -> bool:
    if form.method != "post" or form.has_file_input:
        return False
    if urlsplit(form.url(page.url)).path != urlsplit(page.url).path:
        return False  # sign-out, submit, approve, complete, delete: buttons posting elsewhere
    if not any(c.is_visible_field for c in form.controls):
        return False
    if page.route.endswith("-edit"):
        return True
    # elsewhere, a form that saves the record it carries the version of (a return's figures, the
    # partnership's settings), not one that moves it along ("Send back", "Yes, delete it")
    button = _saving_button(form)
    return bool(form.value_of("version")) and button is not None and _saves(button)


def _saves(button: Control) -> bool:
    label = " ".join(button.text.split()).lower()
    return label.startswith("save") and "submit" not in label


def _saving_button(form: HtmlForm) -> Control | None:
    """The button that saves without moving the record along ("Save draft", not "Save and submit")."""
    buttons = form.submit_buttons()
    return next((b for b in buttons if _saves(b)), buttons[0] if buttons else None)


def _from_both_ends(items: list[str]) -> list[str]:
    """First, last, second, second to last…: a long list (an action plan, a year of returns) is
    sampled at its oldest and its newest, where records differ most (approved or still open)."""
    order: list[str] = []
    low, high = 0, len(items) - 1
    while low <= high:
        order.append(items[low])
        if high != low:
            order.append(items[high])
        low, high = low + 1, high - 1
    return order


def crawl(client: Client) -> list[EditPage]:
    """Follow the partnership's own links from its home page, breadth first; answer the pages that
    hold edit forms.

    The crawl is bounded by address pattern: from the pages of one pattern it follows at most
    ``LINKS_PER_PATTERN`` links to each other pattern (three of the actions a list shows, sampled
    from both ends), and it opens at most ``PAGES_PER_ROUTE`` pages of one pattern, of which at most
    ``FORM_PAGES_PER_ROUTE`` with an edit form. So it stays quick however large the demo grows, and
    still reaches each kind of edit form by whichever page links to it (a contributor's own actions
    from the home page, a custom area from the list of areas).
    """
    queue: deque[tuple[str, str]] = deque([(HOME, "partnership-home")])
    seen: set[str] = {HOME}
    opened: Counter[str] = Counter()
    with_form: Counter[str] = Counter()
    followed: Counter[tuple[str, str]] = Counter()
    found: list[EditPage] = []
    while queue and opened.total() < MAX_PAGES:
        path, route = queue.popleft()
        if opened[route] >= PAGES_PER_ROUTE or with_form[route] >= FORM_PAGES_PER_ROUTE:
            continue
        opened[route] += 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        page = EditPage(path, route)
        if any(_is_edit_form(form, page) for form in page_forms(html)):
            with_form[route] += 1
            found.append(page)
        by_route: dict[str, list[str]] = {}
        for href in page_links(html):
            target = urlsplit(urljoin(path, href))
            if target.netloc not in ("", "testserver") or not target.path.startswith(HOME):
                continue
            if DOWNLOAD.search(target.path) or target.path in seen:
                continue
            target_route = _route_name(target.path)
            if target_route is not None and target.path not in by_route.get(target_route, []):
                by_route.setdefault(target_route, []).append(target.path)
        for target_route, paths in by_route.items():
            room = LINKS_PER_PATTERN - followed[route, target_route]
            for target_path in _from_both_ends(paths)[: max(room, 0)]:
                followed[route, target_route] += 1
                seen.add(target_path)
                queue.append((target_path, target_route))
    return found


def _domain_models() -> list[Any]:
    return [
        model for model in apps.get_models(include_auto_created=True) if model._meta.app_label in DOMAIN_APPS
    ]


Snapshot = dict[str, dict[Any, dict[str, Any]]]


def domain_snapshot() -> Snapshot:
    """Every row of every domain table, by table and primary key."""
    snapshot: Snapshot = {}
    for model in _domain_models():
        key = model._meta.pk.attname
        snapshot[model._meta.label] = {row[key]: row for row in model._base_manager.values()}
    return snapshot


def describe_changes(before: Snapshot, after: Snapshot) -> list[str]:
    changes: list[str] = []
    for table, rows in after.items():
        old_rows = before.get(table, {})
        for pk in sorted(set(old_rows) | set(rows), key=str):
            old, new = old_rows.get(pk), rows.get(pk)
            if old == new:
                continue
            if old is None:
                changes.append(f"{table} {pk} added: {new}")
            elif new is None:
                changes.append(f"{table} {pk} removed: {old}")
            else:
                fields = ", ".join(f"{k} {old[k]!r} → {new[k]!r}" for k in new if old.get(k) != new[k])
                changes.append(f"{table} {pk}: {fields}")
    return changes


def _errors_shown(html: str) -> str:
    summary = re.search(r'class="govuk-error-summary__list">(.*?)</ul>', html, re.S)
    text = re.sub(r"<[^>]+>", " ", summary.group(1) if summary else html[:300])
    return " ".join(text.split())


@dataclass
class Outcome:
    """What became of one edit form posted back unchanged."""

    page: EditPage
    target: str
    many_valued: bool  # it sent several values under one name (checkboxes, a multiple select)
    problems: list[str]


def round_trip(client: Client, page: EditPage, baseline: Snapshot) -> list[Outcome]:
    """Post each edit form on ``page`` back unchanged and note what went wrong, undoing whatever it did."""
    outcomes: list[Outcome] = []
    response = client.get(page.url)
    assert response.status_code == 200, f"{page.url} answered {response.status_code}"
    for form in (f for f in page_forms(response.content.decode()) if _is_edit_form(f, page)):
        target = form.url(page.url)
        button = _saving_button(form)
        sent = Counter(name for name, _ in form.entries(button))
        last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        savepoint = transaction.savepoint()
        try:
            posted = client.post(target, form.encoded(button), content_type=URLENCODED)
            problems: list[str] = []
            if posted.status_code not in (302, 303):
                problems.append(f"answered {posted.status_code}: {_errors_shown(posted.content.decode())}")
            # Reading a hub's records is audited on every request by design (the POST reads the
            # visit again to correct it); a read is not a change.
            events = (
                AuditEvent.objects.filter(pk__gt=last_event).exclude(action__endswith=".read").order_by("pk")
            )
            problems += [f"audit event {e.action} on {e.object_type} {e.object_label}" for e in events]
            problems += describe_changes(baseline, domain_snapshot())
        finally:
            transaction.savepoint_rollback(savepoint)
            cache.clear()  # pages cached while the change stood must not outlive it
        outcomes.append(Outcome(page, target, any(n > 1 for n in sent.values()), problems))
    return outcomes


def _edit_routes() -> set[str]:
    """The names of every edit page in the address map (``…-edit``)."""
    names: set[str] = set()

    def walk(patterns: list[Any]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name and pattern.name.endswith("-edit"):
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names


def check_every_form(user: User) -> list[Outcome]:
    """Sign in as ``user``, crawl, and post every edit form found back unchanged; fail, naming each
    form and what it changed, if any of them changed anything."""
    client = Client()
    client.force_login(user)
    pages = crawl(client)
    baseline = domain_snapshot()
    outcomes = [outcome for page in pages for outcome in round_trip(client, page, baseline)]
    failed = [o for o in outcomes if o.problems]
    assert not failed, f"{len(failed)} of {len(outcomes)} edit forms changed data when saved unchanged:\n" + (
        "\n".join(
            f"POST {o.target} (the form on {o.page.url}):\n    " + "\n    ".join(o.problems) for o in failed
        )
    )
    return outcomes


def test_every_edit_form_the_coordinator_opens_saves_unchanged_without_writing(demo: DemoContext) -> None:
    outcomes = check_every_form(demo.users["coordinator"])
    reached = {o.page.route for o in outcomes}
    assert not _edit_routes() - reached, f"the crawl never reached {sorted(_edit_routes() - reached)}"
    assert {"partnership-settings", "return-detail"} <= reached
    assert len(outcomes) >= 20, f"only {len(outcomes)} edit forms found"
    # the fault this guards against: a field holding several values that comes back with one
    many_valued = {o.page.route for o in outcomes if o.many_valued}
    assert {"action-edit", "initiative-edit", "collection-edit"} <= many_valued, many_valued


def test_every_edit_form_a_contributor_opens_saves_unchanged_without_writing(demo: DemoContext) -> None:
    outcomes = check_every_form(demo.users["mind"])  # Mind in Mid Herts leads actions and returns figures
    reached = {o.page.route for o in outcomes}
    assert {"action-edit", "milestone-edit", "return-detail"} <= reached, reached
    assert len(outcomes) >= 4, f"only {len(outcomes)} edit forms found"


def test_every_edit_form_a_hub_worker_opens_saves_unchanged_without_writing(demo: DemoContext) -> None:
    """A hub's own worker corrects what only they see: visits, and the hub's monthly figures."""
    outcomes = check_every_form(demo.users["hub"])  # Kemi Adebayo works at the demo's hubs
    reached = {o.page.route for o in outcomes}
    assert {"hub-contact-correct", "hub-month-edit"} <= reached, reached


@pytest.mark.parametrize(
    ("user", "programme"),
    [("hub", "hubs/healthy-hub"), ("leisure", "initiatives/so-active")],
    ids=["hub-worker", "initiative-lead"],
)
def test_assessment_corrections_save_unchanged_without_writing(
    demo: DemoContext, user: str, programme: str
) -> None:
    """The people who record a programme's wellbeing assessments reach each correction from the
    recording page's list. The crawl samples a few hubs and initiatives and may miss the ones with
    assessments (the Healthy Hub, So Active), so their lists are opened here directly."""
    client = Client()
    client.force_login(demo.users[user])
    found: set[str] = set()
    for instrument in ("ons4", "swemwbs"):  # the page lists one instrument's assessments at a time
        listing = client.get(f"{HOME}{programme}/outcomes/record/?instrument={instrument}")
        assert listing.status_code == 200
        found |= {urlsplit(h).path for h in page_links(listing.content.decode()) if h.endswith("/correct/")}
    links = sorted(found)
    assert links, f"the recording page of {programme} links to no correction"
    baseline = domain_snapshot()
    for url in _from_both_ends(links)[:FORM_PAGES_PER_ROUTE]:
        outcomes = round_trip(client, EditPage(url, _route_name(url) or ""), baseline)
        assert [o.problems for o in outcomes] == [[]], url


def test_text_over_several_lines_comes_back_as_it_was_stored(demo: DemoContext) -> None:
    """Browsers send every line break as CR LF; text stored with LF alone (through the API, a workbook
    or the demo) must survive a form saved unchanged."""
    mind = demo.organisations["mind-in-mid-herts"]
    organisation_update(
        by=demo.actor, organisation=mind, expected_version=None, description="Befriending.\n\nHome visits."
    )
    action = Action.objects.get(strategy__partnership=demo.partnership, ref="A16")
    action_update(by=demo.actor, action=action, expected_version=None, smart_target="Calls.\nVisits.")
    client = Client()
    client.force_login(demo.users["coordinator"])
    baseline = domain_snapshot()
    for url in (f"{HOME}organisations/{mind.slug}/edit/", f"{HOME}actions/{action.pk}/edit/"):
        outcomes = round_trip(client, EditPage(url, _route_name(url) or ""), baseline)
        assert [o.problems for o in outcomes] == [[]], url
