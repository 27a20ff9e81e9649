"""A NUL character in any text a request carries is refused with a clear message before any view
runs: PostgreSQL cannot store it, and no person or field has a use for it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils.http import urlencode

from wellboard.core.access import Actor
from wellboard.partners.models import Partnership, User
from wellboard.partners.services import api_token_create
from wellboard.strategy.models import Strategy

pytestmark = pytest.mark.django_db


def test_api_query_with_nul_is_refused(coordinator: User, actor_of: Callable[[User], Actor]) -> None:
    _, token = api_token_create(by=actor_of(coordinator), name="probe")
    response = Client().get("/api/v1/actions?strategy=a%00b", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert "NUL" in response.json()["detail"]


def test_api_json_body_with_nul_is_refused(coordinator: User, actor_of: Callable[[User], Actor]) -> None:
    _, token = api_token_create(by=actor_of(coordinator), name="probe")
    response = Client().post(
        "/api/v1/actions/1/updates",
        data='{"period": "2026/27 Q1", "narrative": "a\\u0000b", "rag": "green"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert "NUL" in response.json()["detail"]


def test_form_with_nul_is_refused_and_saves_nothing(
    client_for: Callable[[User], Client], partnership: Partnership, coordinator: User
) -> None:
    # As a browser posts a form (URL-encoded); a form posted as multipart meets Django's own refusal
    # of NUL in its text fields.
    response = client_for(coordinator).post(
        f"/p/{partnership.slug}/strategies/new/",
        urlencode({"title": "Good\x00 title", "slug": "good"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert not Strategy.objects.exists()


def test_page_query_with_nul_is_refused(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User
) -> None:
    response = client_for(viewer).get(f"/p/{partnership.slug}/actions/", {"q": "x\x00y"})
    assert response.status_code == 400
