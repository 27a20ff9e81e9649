"""A coordinator opens and closes the public site from the partnership settings page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.strategy import build_strategy_world
from wellboard.partners.models import Partnership, User

SETTINGS = {
    "name": "Test Town Partnership",
    "place_name": "Test Town",
    "description": "",
    "area_code": "",
    "fortnight_anchor": "2020-03-30",
    "disclosure_rule": "standard",
}


@pytest.mark.django_db
def test_a_coordinator_publishes_and_withdraws_the_public_site(
    client_for: Callable[[User], Client], partnership: Partnership, coordinator: User, viewer: User
) -> None:
    build_strategy_world(partnership)
    url = f"/p/{partnership.slug}/settings/"
    reader = Client()
    assert reader.get("/public/test-town/").status_code == 404
    page = client_for(coordinator).get(url).content.decode()
    assert "Publish live strategies and indicators to everyone" in page
    assert "/public/test-town/" not in page

    # A viewer may not publish.
    assert client_for(viewer).post(url, {**SETTINGS, "is_public": "on", "version": 1}).status_code == 403
    assert reader.get("/public/test-town/").status_code == 404

    saved = client_for(coordinator).post(url, {**SETTINGS, "is_public": "on", "version": 1})
    assert saved.status_code == 302
    assert reader.get("/public/test-town/").status_code == 200
    assert "Community strategy" in reader.get("/public/test-town/").content.decode()
    assert 'href="/public/test-town/"' in client_for(coordinator).get(url).content.decode()

    # Unticked, the box withdraws the site: every public address answers 404 again.
    assert client_for(coordinator).post(url, {**SETTINGS, "version": 2}).status_code == 302
    assert reader.get("/public/test-town/").status_code == 404
    assert reader.get("/public/test-town/data/actions.csv").status_code == 404
