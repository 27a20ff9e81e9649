"""Importing Open Referral UK 3.0 feeds: the three shapes, matching by id, dry runs, refusals, the
organisation matched to a member, and feeds fetched from an address."""

from __future__ import annotations

import copy
import http.server
import json
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.directory.conftest import as_bytes
from tests.integration.directory.oruk_schemas import example, problems
from wellboard.core.access import Actor
from wellboard.core.errors import PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.directory.importers.fetch import fetch_feed
from wellboard.directory.importers.oruk import oruk_import
from wellboard.directory.models import Service, ServiceOrganisation, TaxonomyTerm
from wellboard.partners.models import Organisation, Partnership

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Service.objects.count(),
        ServiceOrganisation.objects.count(),
        TaxonomyTerm.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_page_of_services_imports_every_service_with_its_parts(
    by: Actor, demo_feed: dict[str, Any]
) -> None:
    report = oruk_import(by=by, data=as_bytes(demo_feed), filename="feed.json", dry_run=False)
    assert report.ok, report.summary_lines()
    assert report.applied
    assert report.totals()["create"] > 30
    smoking = Service.objects.get(partnership_id=by.partnership_id, slug="stop-smoking-service")
    assert smoking.oruk_id == uuid.UUID(demo_feed["contents"][4]["id"])
    assert smoking.organisation.name == "Smokefree Hertfordshire"
    assert smoking.free is True
    assert smoking.minimum_age == 12
    assert smoking.maximum_age is None
    assert str(smoking.last_verified) == "2026-11-02"
    assert {loc.postcode for loc in smoking.locations.all()} == {"SG1 0XA", "SG1 0XG"}
    assert [p.number for p in smoking.phones.all()] == ["01438 000 104"]
    assert [t.name for t in smoking.taxonomy_terms.all()] == ["Stopping smoking"]
    assert smoking.eligibility_description.startswith("Adults who live")
    weight = Service.objects.get(partnership_id=by.partnership_id, slug="weight-management-programme")
    assert weight.free is False
    assert weight.cost_description == "£2 a session; free for people on benefits."
    assert Service.objects.get(slug="digital-skills-drop-in").last_verified is None
    assert Service.objects.get(slug="chatty-cafe").name == "Chatty Café"


def test_importing_the_same_feed_again_changes_nothing(by: Actor, demo_feed: dict[str, Any]) -> None:
    assert oruk_import(by=by, data=as_bytes(demo_feed), dry_run=False).ok
    before = _counts()
    versions = dict(Service.objects.values_list("pk", "version"))
    again = oruk_import(by=by, data=as_bytes(demo_feed), dry_run=False)
    assert again.ok
    assert not again.changes_anything
    assert again.totals()["unchanged"] == len(again.changes)
    assert _counts() == before
    assert dict(Service.objects.values_list("pk", "version")) == versions


def test_a_changed_feed_updates_by_id_and_says_what_changed(by: Actor, demo_feed: dict[str, Any]) -> None:
    assert oruk_import(by=by, data=as_bytes(demo_feed), dry_run=False).ok
    changed = copy.deepcopy(demo_feed["contents"][4])
    changed["name"] = "Stop Smoking Support"
    changed["assured_date"] = "2026-11-03"
    changed["contacts"] = []
    report = oruk_import(by=by, data=as_bytes([changed]), dry_run=False)
    assert report.ok
    [change] = [c for c in report.changes if c.kind == "service"]
    assert change.outcome == "update"
    assert set(change.fields) == {"name", "assured_date", "phones"}
    service = Service.objects.get(oruk_id=changed["id"])
    assert service.name == "Stop Smoking Support"
    assert service.slug == "stop-smoking-service"  # addresses stay as they were
    assert not service.phones.exists()
    assert Service.objects.filter(partnership_id=by.partnership_id).count() == 30


def test_a_feed_that_leaves_a_field_out_never_blanks_it(by: Actor, demo_feed: dict[str, Any]) -> None:
    assert oruk_import(by=by, data=as_bytes(demo_feed), dry_run=False).ok
    bare = {key: demo_feed["contents"][4][key] for key in ("id", "name", "status", "organization")}
    report = oruk_import(by=by, data=as_bytes(bare), dry_run=False)
    assert report.ok
    service = Service.objects.get(oruk_id=bare["id"])
    assert service.description
    assert service.locations.count() == 2
    assert service.phones.count() == 1
    assert service.taxonomy_terms.count() == 1
    assert service.last_verified is not None


def test_one_full_service_and_the_official_examples_import(by: Actor) -> None:
    full = example("service_full.json")
    listing = example("service_list.json")
    assert not problems(full)
    # The example's coordinates (100, 101) are not on Earth: Wellboard refuses them, with where.
    report = oruk_import(by=by, data=as_bytes(full), dry_run=True)
    assert not report.ok
    assert {r.column for r in report.rejections} == {"service_at_locations"}
    assert "latitude" in report.rejections[0].reason
    full["service_at_locations"][0]["location"].update(latitude=51.9, longitude=-0.2)
    full["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "SG1 1AA"
    assert oruk_import(by=by, data=as_bytes(full), dry_run=False).ok
    assert oruk_import(by=by, data=as_bytes(listing), dry_run=False).ok
    service = Service.objects.get(oruk_id=full["id"])
    assert service.name == "Community Counselling"
    assert service.free is False  # the example's only option costs 35
    assert service.cost_description == "fees_description"


def test_a_dry_run_reports_and_writes_nothing(by: Actor, demo_feed: dict[str, Any]) -> None:
    before = _counts()
    report = oruk_import(by=by, data=as_bytes(demo_feed), dry_run=True)
    assert report.ok
    assert not report.applied
    assert report.totals()["create"] > 30
    assert _counts() == before
    assert "Dry run: nothing has been changed." in report.summary_lines()


def _broken(demo_feed: dict[str, Any]) -> dict[str, Any]:
    contents = demo_feed["contents"]
    contents[1]["id"] = "not-a-uuid"
    contents[2]["status"] = "open"
    del contents[3]["organization"]["name"]
    contents[5]["minimum_age"] = "twelve"
    contents[6]["service_at_locations"][0]["location"]["location_type"] = "house"
    contents[7]["email"] = "not an email"
    contents[8]["description"] = "Bad\x00text"
    contents[9]["id"] = contents[0]["id"]
    return demo_feed


def test_every_problem_is_reported_with_where_and_nothing_is_written(
    by: Actor, demo_feed: dict[str, Any]
) -> None:
    before = _counts()
    report = oruk_import(by=by, data=as_bytes(_broken(demo_feed)), dry_run=False)
    assert not report.ok
    assert not report.applied
    where = {(r.row, r.column) for r in report.rejections}
    assert {
        (2, "id"),
        (3, "status"),
        (4, "organization.name"),
        (6, "minimum_age"),
        (7, "service_at_locations[0].location.location_type"),
        (9, "description"),
        (10, "id"),
    } <= where
    assert _counts() == before
    # A problem only the service's own rules find (an email address) is reported once the structure is sound.
    assert all("service 8" not in r.reason for r in report.rejections)
    clean = json.loads(json.dumps(demo_feed))
    for number in (1, 2, 3, 5, 6, 8, 9):
        clean["contents"][number] = json.loads(json.dumps(clean["contents"][0]))
        clean["contents"][number]["id"] = str(uuid.uuid4())
    report = oruk_import(by=by, data=as_bytes(clean), dry_run=False)
    assert [(r.row, r.column) for r in report.rejections] == [(8, "email")]
    assert "email address" in report.rejections[0].reason
    assert _counts() == before


def test_a_problem_says_what_is_wrong_and_leaves_where_to_the_row_and_field(
    by: Actor, demo_feed: dict[str, Any]
) -> None:
    report = oruk_import(by=by, data=as_bytes(_broken(demo_feed)), dry_run=True)
    by_place = {(r.row, r.column): r for r in report.rejections}
    status = by_place[(3, "status")]
    assert status.reason == "must be one of: active, inactive, defunct, temporarily closed (not 'open')"
    assert str(status) == f"service 3, field 'status': {status.reason}"
    assert by_place[(2, "id")].reason.startswith("must be a UUID")
    assert by_place[(4, "organization.name")].reason == "is required"
    assert by_place[(10, "id")].reason == "the same id as service 1"
    for rejection in report.rejections:
        assert not rejection.reason.startswith("service "), rejection
        assert str(rejection).startswith(f"service {rejection.row}, field '{rejection.column}': "), rejection


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "empty"),
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"PK\x03\x04 a zip", "compressed archive"),
        (b'{"contents": "many"}', "must be a list"),
        (b'{"hello": 1}', "not an Open Referral UK services feed"),
        (b"[]", "no services"),
        (b'[{"id": 1, "id": 2}]', "given twice"),
        (b'[{"id": NaN}]', "not a number JSON allows"),
        (b"[" * 100_000 + b"]" * 100_000, "nests deeper"),
        (b"[" * 40 + b"]" * 40, "nests deeper"),
    ],
)
def test_hostile_files_are_refused_clearly(by: Actor, data: bytes, said: str) -> None:
    before = _counts()
    report = oruk_import(by=by, data=data, dry_run=False)
    assert not report.ok
    assert said in report.rejections[0].reason
    assert _counts() == before


def test_an_oversized_file_is_refused(by: Actor, demo_feed: dict[str, Any]) -> None:
    demo_feed["padding"] = "x" * (10 * 1024 * 1024)
    report = oruk_import(by=by, data=as_bytes(demo_feed), dry_run=True)
    assert "larger than 10 MB" in report.rejections[0].reason


def test_only_coordinators_import(by: Actor, actor_of: Any, viewer: Any, demo_feed: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        oruk_import(by=actor_of(viewer), data=as_bytes(demo_feed), dry_run=True)


def test_an_organisation_named_as_a_member_is_linked_to_it(
    by: Actor, partnership: Partnership, demo_feed: dict[str, Any]
) -> None:
    council = Organisation.objects.get(partnership=partnership, slug="test-council")
    service = demo_feed["contents"][0]
    service["organization"]["name"] = "TEST council"
    assert oruk_import(by=by, data=as_bytes(service), dry_run=False).ok
    assert ServiceOrganisation.objects.get(oruk_id=service["organization"]["id"]).member == council


def test_slugs_are_made_from_names_and_kept_unique(by: Actor, demo_feed: dict[str, Any]) -> None:
    first, second, third = (copy.deepcopy(demo_feed["contents"][0]) for _ in range(3))
    second["id"], third["id"] = str(uuid.uuid4()), str(uuid.uuid4())
    third["name"] = "Settings"
    assert oruk_import(by=by, data=as_bytes([first, second, third]), dry_run=False).ok
    slugs = set(Service.objects.values_list("slug", flat=True))
    assert slugs == {"camhs-single-point-of-access", "camhs-single-point-of-access-2", "settings-2"}


def test_the_same_ids_in_another_partnership_are_another_partnerships_records(
    by: Actor, other_partnership: Partnership, demo_feed: dict[str, Any]
) -> None:
    assert oruk_import(by=by, data=as_bytes(demo_feed), dry_run=False).ok
    elsewhere = Actor.command_line(other_partnership.pk)
    assert oruk_import(by=elsewhere, data=as_bytes(demo_feed), dry_run=False).ok
    assert Service.objects.filter(partnership=other_partnership).count() == 30
    assert Service.objects.count() == 60


# ---------------------------------------------------------------- from an address


class _Feed(http.server.BaseHTTPRequestHandler):
    pages: dict[str, bytes] = {}

    def do_GET(self) -> None:
        body = self.pages.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def feed_server() -> Iterator[tuple[str, dict[str, bytes]]]:
    server = None
    for port in range(8110, 8120):
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Feed)
            break
        except OSError:
            continue
    if server is None:
        pytest.skip("no free port from 8110 to 8119")
    pages: dict[str, bytes] = {}
    _Feed.pages = pages
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", pages
    finally:
        server.shutdown()
        server.server_close()


def _paged(services: list[Any], page: int, per_page: int) -> bytes:
    pages = -(-len(services) // per_page)
    chosen = services[(page - 1) * per_page : page * per_page]
    return as_bytes(
        {
            "total_items": len(services),
            "total_pages": pages,
            "page_number": page,
            "size": len(chosen),
            "first_page": page == 1,
            "last_page": page == pages,
            "empty": not chosen,
            "contents": chosen,
        }
    )


def test_a_feed_of_several_pages_is_read_whole_from_its_address(
    by: Actor, demo_feed: dict[str, Any], feed_server: tuple[str, dict[str, bytes]]
) -> None:
    base, pages = feed_server
    services = demo_feed["contents"]
    pages["/services?per_page=12"] = _paged(services, 1, 12)
    for page in (1, 2, 3):
        pages[f"/services?per_page=12&page={page}"] = _paged(services, page, 12)
    data = fetch_feed(f"{base}/services?per_page=12")
    report = oruk_import(by=by, data=data, filename="feed", dry_run=False)
    assert report.ok
    assert Service.objects.filter(partnership_id=by.partnership_id).count() == 30


def test_an_address_that_fails_or_is_too_large_is_refused(feed_server: tuple[str, dict[str, bytes]]) -> None:
    from wellboard.core.importing import UploadRejected

    base, pages = feed_server
    with pytest.raises(UploadRejected, match="answered 404"):
        fetch_feed(f"{base}/missing")
    pages["/big"] = b"[" + b" " * 2000 + b"]"
    with pytest.raises(UploadRejected, match=r"limit is 1,000 bytes|larger than"):
        fetch_feed(f"{base}/big", max_bytes=1000)
    with pytest.raises(UploadRejected, match="not an http or https address"):
        fetch_feed("file:///etc/passwd")


def test_every_hostile_file_of_the_trust_suite_is_refused_and_writes_nothing(by: Actor) -> None:
    from tests.trust.files import FILES

    before = _counts()
    for hostile in FILES:
        report = oruk_import(by=by, data=hostile.build(), filename=hostile.filename, dry_run=False)
        assert not report.ok, hostile.key
        assert report.rejections[0].reason, hostile.key
        assert "\n" not in report.rejections[0].reason, hostile.key
    assert _counts() == before
