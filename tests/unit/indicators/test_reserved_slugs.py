"""Indicator slugs never take a fixed path segment of the indicator pages (profile, rug, import)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import URLPattern

from tests.factories.indicators import IndicatorFactory
from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput
from wellboard.indicators import urls
from wellboard.indicators.importers.fingertips import fingertips_import
from wellboard.indicators.importers.fingertips.reader import COLUMNS
from wellboard.indicators.models import RESERVED_INDICATOR_SLUGS, Indicator, ValueType
from wellboard.indicators.services import indicator_create, indicator_update
from wellboard.partners.models import Partnership

pytestmark = pytest.mark.django_db

ROOT = urls.ROOT


def _fixed_segments() -> set[str]:
    """The first path segment after /indicators/ of every indicator route that is not a slug."""
    segments = set()
    for pattern in urls.urlpatterns:
        if not isinstance(pattern, URLPattern):
            continue
        route = str(pattern.pattern)
        if route.startswith(ROOT) and route != ROOT:
            first = route[len(ROOT) :].split("/", 1)[0]
            if not first.startswith("<"):
                segments.add(first)
    return segments


def test_every_fixed_route_segment_is_reserved() -> None:
    fixed = _fixed_segments()
    assert {"import", "profile", "rug"} <= fixed
    assert fixed <= RESERVED_INDICATOR_SLUGS


@pytest.mark.parametrize("slug", sorted(RESERVED_INDICATOR_SLUGS))
def test_a_reserved_slug_is_refused_on_create(cli_actor: Actor, slug: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        indicator_create(by=cli_actor, name="Anything", value_type=ValueType.COUNT, slug=slug)
    assert "part of the indicator pages' addresses" in caught.value.errors["slug"][0]
    assert not Indicator.objects.exists()


def test_a_reserved_slug_is_refused_on_update(cli_actor: Actor) -> None:
    indicator = indicator_create(by=cli_actor, name="Smoking", value_type=ValueType.PERCENTAGE)
    with pytest.raises(InvalidInput) as caught:
        indicator_update(by=cli_actor, indicator=indicator, expected_version=None, slug="rug")
    assert "slug" in caught.value.errors
    indicator.refresh_from_db()
    assert indicator.slug == "smoking"


@pytest.mark.parametrize(
    ("name", "expected"), [("Profile", "profile-2"), ("Rug", "rug-2"), ("Import", "import-2")]
)
def test_a_name_like_a_reserved_segment_gets_another_slug(cli_actor: Actor, name: str, expected: str) -> None:
    indicator = indicator_create(by=cli_actor, name=name, value_type=ValueType.COUNT)
    assert indicator.slug == expected


def test_an_old_indicator_with_a_reserved_slug_can_still_be_edited(
    cli_actor: Actor, partnership: Partnership
) -> None:
    # Written before slugs were checked: changing other fields must not trip over the slug.
    old = IndicatorFactory(partnership=partnership, slug="profile", name="Profile")
    updated = indicator_update(by=cli_actor, indicator=old, expected_version=None, name="Health profile")
    assert (updated.slug, updated.name) == ("profile", "Health profile")


def _export(name: str) -> bytes:
    row = {
        "Indicator ID": "90777",
        "Indicator Name": name,
        "Area Code": "E92000001",
        "Area Name": "England",
        "Area Type": "England",
        "Sex": "Persons",
        "Age": "All ages",
        "Time period": "2019/20",
        "Value": "2.5",
        "Count": "25",
        "Denominator": "10000",
    }
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow([row.get(c, "") for c in COLUMNS])
    return out.getvalue().encode()


def test_the_fingertips_import_never_gives_a_reserved_slug(cli_actor: Actor) -> None:
    report = fingertips_import(by=cli_actor, data=_export("Profile"), filename="x.csv", dry_run=False)
    assert report.applied, report.rejections
    assert Indicator.objects.get(external_id="90777").slug == "profile-2"
