from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from wellboard.partners.models import ApiToken, Partnership, User

pytestmark = pytest.mark.django_db


def test_create_shows_the_token_once_and_it_works(
    client_for: Callable[[User], Client], partnership: Partnership, charity_contributor: User
) -> None:
    client = client_for(charity_contributor)
    url = f"/p/{partnership.slug}/api-tokens/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Case management system"})
    assert response.status_code == 200
    token = re.search(r'id="new-token">(wb_[\w-]+)<', response.content.decode())
    assert token is not None
    assert token.group(1) not in client.get(url).content.decode()  # never shown again
    me = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token.group(1)}"})
    assert me.status_code == 200
    assert me.json()["roles"] == ["contributor"]


def test_bad_input_keeps_nothing(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User
) -> None:
    response = client_for(viewer).post(f"/p/{partnership.slug}/api-tokens/", {"name": "  "})
    assert response.status_code == 400
    assert "Say what will use this token" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_own_token_but_not_someone_elses(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    charity_contributor: User,
    coordinator: User,
    outsider: User,
) -> None:
    client_for(viewer).post(f"/p/{partnership.slug}/api-tokens/", {"name": "Mine"})
    token = ApiToken.objects.get()
    url = f"/p/{partnership.slug}/api-tokens/{token.pk}/revoke/"
    assert client_for(charity_contributor).post(url).status_code == 404
    assert client_for(outsider).post(url).status_code == 404
    assert "Mine" in client_for(coordinator).get(f"/p/{partnership.slug}/api-tokens/").content.decode()
    assert client_for(viewer).post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_outsider_cannot_open_the_page(
    client_for: Callable[[User], Client], partnership: Partnership, outsider: User
) -> None:
    assert client_for(outsider).get(f"/p/{partnership.slug}/api-tokens/").status_code == 404
