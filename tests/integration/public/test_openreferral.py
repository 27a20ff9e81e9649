"""The public Open Referral UK 3.0 feed: paged as ORUK's API pages, each service valid against the
official schemas, only published services of a partnership that publishes, never a referral email;
and a feed read back into an empty partnership gives the same directory."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.integration.directory.conftest import DEMO_FEED
from tests.integration.directory.oruk_schemas import page_validator, problems
from wellboard.core.access import Actor
from wellboard.directory.importers.oruk import oruk_import
from wellboard.directory.models import Service
from wellboard.directory.services import service_update
from wellboard.partners.models import Partnership

pytestmark = pytest.mark.django_db
FEED = "/public/test-town/openreferral/services"


@pytest.fixture
def published(partnership: Partnership) -> Actor:
    """The demo's thirty services in a partnership that publishes, each with a referral email, and
    one kept out of the feed."""
    partnership.is_public = True
    partnership.save()
    by = Actor.command_line(partnership.pk)
    assert oruk_import(by=by, data=DEMO_FEED.read_bytes(), dry_run=False).ok
    for service in Service.objects.filter(partnership=partnership):
        service_update(
            by=by, service=service, expected_version=None, referral_email="secret.referrals@example.org"
        )
    hidden = Service.objects.get(partnership=partnership, slug="adult-social-care-front-door")
    service_update(by=by, service=hidden, expected_version=None, published=False)
    return by


def _get(path: str) -> Any:
    response = Client().get(path)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_the_first_page_is_paged_as_the_oruk_api_pages(published: Actor) -> None:
    page = _get(FEED + "?per_page=10")
    assert not list(page_validator().iter_errors(page))
    assert page["total_items"] == 29  # thirty, less the one kept out
    assert page["total_pages"] == 3
    assert page["page_number"] == 1
    assert page["size"] == 10
    assert page["first_page"] is True
    assert page["last_page"] is False
    assert page["empty"] is False
    last = _get(FEED + "?per_page=10&page=3")
    assert (last["size"], last["last_page"], last["first_page"]) == (9, True, False)
    beyond = _get(FEED + "?per_page=10&page=4")
    assert beyond["empty"] is True
    assert beyond["contents"] == []
    assert _get(FEED)["size"] == 29  # 50 a page unless asked


def test_every_published_service_is_valid_against_the_official_schemas(published: Actor) -> None:
    page = _get(FEED + "?per_page=200")
    found = {service["name"]: problems(service) for service in page["contents"]}
    assert len(found) == 29
    assert {name: p for name, p in found.items() if p} == {}
    one = page["contents"][0]
    assert _get(f"{FEED}/{one['id']}") == one
    smoking = next(s for s in page["contents"] if s["name"] == "Stop Smoking Service")
    assert smoking["organization"]["name"] == "Smokefree Hertfordshire"
    assert [loc["location"]["addresses"][0]["postal_code"] for loc in smoking["service_at_locations"]]
    assert smoking["contacts"][0]["phones"][0]["number"] == "01438 000 104"
    assert smoking["cost_options"][0]["amount"] == 0
    assert smoking["attributes"][0]["taxonomy_term"]["name"] == "Stopping smoking"


def test_the_referral_email_and_unpublished_services_never_appear(published: Actor) -> None:
    texts = [Client().get(FEED + "?per_page=200").content.decode()]
    hidden = Service.objects.get(slug="adult-social-care-front-door")
    texts += [
        Client().get(f"{FEED}/{s.oruk_id}").content.decode() for s in Service.objects.filter(published=True)
    ]
    assert all("secret.referrals" not in text for text in texts)
    assert all("Adult Social Care Front Door" not in text for text in texts)
    assert Client().get(f"{FEED}/{hidden.oruk_id}").status_code == 404


@pytest.mark.parametrize(
    "query", ["page=0", "page=-1", "page=abc", "page=1.5", "per_page=0", "per_page=201", "per_page=%D9%A3"]
)
def test_bad_paging_is_a_clear_400(published: Actor, query: str) -> None:
    response = Client().get(f"{FEED}?{query}")
    assert response.status_code == 400
    assert "must be a whole number from" in response.json()["detail"]


def test_a_partnership_that_does_not_publish_has_no_feed(partnership: Partnership) -> None:
    by = Actor.command_line(partnership.pk)
    assert oruk_import(by=by, data=DEMO_FEED.read_bytes(), dry_run=False).ok
    one = Service.objects.filter(partnership=partnership).first()
    assert one is not None
    for path in (
        FEED,
        f"{FEED}/{one.oruk_id}",
        "/public/test-town/openreferral/",
        "/public/nowhere/openreferral/services",
    ):
        assert Client().get(path).status_code == 404


def test_the_feed_root_says_what_it_is(published: Actor) -> None:
    root = _get("/public/test-town/openreferral/")
    assert root["version"] == "3.0"
    assert root["services_url"].endswith(FEED)


def _picture(partnership: Partnership) -> list[dict[str, Any]]:
    """A directory as people see it, without its ids in the database."""
    found = []
    for service in Service.objects.filter(partnership=partnership).order_by("oruk_id"):
        found.append(
            {
                "fields": {
                    f: getattr(service, f)
                    for f in [
                        "oruk_id",
                        "slug",
                        "name",
                        "description",
                        "url",
                        "email",
                        "status",
                        "eligibility_description",
                        "minimum_age",
                        "maximum_age",
                        "application_process",
                        "free",
                        "cost_description",
                        "last_verified",
                    ]
                },
                "organisation": (
                    service.organisation.oruk_id,
                    service.organisation.name,
                    service.organisation.description,
                    service.organisation.email,
                    service.organisation.website,
                ),
                "terms": sorted(
                    (t.oruk_id, t.name, t.description, t.vocabulary, t.code)
                    for t in service.taxonomy_terms.all()
                ),
                "places": sorted(
                    (p.oruk_id, p.name, p.address_1, p.city, p.postcode, p.latitude, p.longitude)
                    for p in service.locations.all()
                ),
                "phones": sorted((p.oruk_id, p.number, p.description) for p in service.phones.all()),
            }
        )
    return found


def test_the_feed_read_into_an_empty_partnership_gives_the_same_directory(
    published: Actor, partnership: Partnership, other_partnership: Partnership
) -> None:
    service = Service.objects.get(partnership=partnership, slug="adult-social-care-front-door")
    service_update(by=published, service=service, expected_version=None, published=True)
    feed = Client().get(FEED + "?per_page=200").content
    copy = Actor.command_line(other_partnership.pk)
    report = oruk_import(by=copy, data=feed, dry_run=False)
    assert report.ok, report.summary_lines()
    assert _picture(other_partnership) == _picture(partnership)
    again = oruk_import(by=copy, data=feed, dry_run=False)
    assert not again.changes_anything
