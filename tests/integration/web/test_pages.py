from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client

from wellboard.core.access import Role
from wellboard.partners.models import Organisation, Partnership, RoleGrant, User

pytestmark = pytest.mark.django_db


def test_public_pages_render_with_govuk_frontend(client: Client) -> None:
    for url in ["/", "/about/", "/accessibility/", "/accounts/login/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "vendor/govuk-frontend-5.14.0/govuk-frontend.min.css" in html
        assert 'class="govuk-template"' in html
    assert "Open Government Licence" in client.get("/about/").content.decode()


def test_security_headers(client: Client) -> None:
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_sign_in_and_wrong_password(client: Client, coordinator: User) -> None:
    bad = client.post("/accounts/login/", {"username": coordinator.email, "password": "wrong"})
    assert bad.status_code == 200
    assert "There is a problem" in bad.content.decode()
    good = client.post(
        "/accounts/login/", {"username": coordinator.email, "password": "correct-horse-battery"}
    )
    assert good.status_code == 302


def test_people_page_is_for_coordinators(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    coordinator: User,
    viewer: User,
    outsider: User,
) -> None:
    url = f"/p/{partnership.slug}/people/"
    assert client_for(coordinator).get(url).status_code == 200
    assert client_for(viewer).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to sign in


def test_invite_validation_and_success(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    coordinator: User,
    charity: Organisation,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    client = client_for(coordinator)
    url = f"/p/{partnership.slug}/people/"
    bad = client.post(url, {"email": "not-an-email", "role": "contributor"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "govuk-error-summary" in body
    assert "Enter an email address" in body
    missing_org = client.post(url, {"email": "a@example.org", "role": "contributor"})
    assert "Choose the organisation" in missing_org.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        ok = client.post(
            url, {"email": "a@example.org", "role": "contributor", "organisation": charity.pk}, follow=True
        )
    assert ok.status_code == 200
    assert len(mail.outbox) == 1


def test_accept_invitation_creates_account(
    client: Client, partnership: Partnership, coordinator: User
) -> None:
    from wellboard.partners.selectors import actor_for
    from wellboard.partners.services import invitation_create

    actor = actor_for(user=coordinator, partnership=partnership)
    assert actor is not None
    _, token = invitation_create(by=actor, email="joiner@example.org", role=Role.VIEWER)
    url = f"/invitations/{token}/"
    assert client.get(url).status_code == 200
    weak = client.post(url, {"first_name": "Jo", "last_name": "Iner", "password": "123"})
    assert weak.status_code == 400
    response = client.post(
        url, {"first_name": "Jo", "last_name": "Iner", "password": "a long enough passphrase"}
    )
    assert response.status_code == 302
    assert RoleGrant.objects.filter(user__email="joiner@example.org", role=Role.VIEWER).exists()
    # The new person is signed in and stays signed in.
    assert client.get(f"/p/{partnership.slug}/").status_code == 200
    assert client.get(url).status_code == 404


def test_an_invitation_is_only_for_the_person_it_was_sent_to(
    client_for: Callable[[User], Client], partnership: Partnership, coordinator: User, outsider: User
) -> None:
    from wellboard.partners.selectors import actor_for
    from wellboard.partners.services import invitation_create

    actor = actor_for(user=coordinator, partnership=partnership)
    assert actor is not None
    _, token = invitation_create(by=actor, email="joiner@example.org", role=Role.ANALYST)
    someone_else = client_for(outsider)
    page = someone_else.get(f"/invitations/{token}/")
    assert "This invitation was sent to joiner@example.org" in page.content.decode()
    assert someone_else.post(f"/invitations/{token}/").status_code == 403
    assert not RoleGrant.objects.filter(user=outsider, partnership=partnership).exists()


def test_remove_role(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    coordinator: User,
    viewer: User,
    outsider: User,
) -> None:
    grant = RoleGrant.objects.get(user=viewer)
    url = f"/p/{partnership.slug}/people/{grant.pk}/remove/"
    assert client_for(outsider).post(url).status_code == 404
    assert client_for(viewer).post(url).status_code == 404
    assert client_for(coordinator).get(url).status_code == 405
    assert client_for(coordinator).post(url).status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_unknown_page_is_govuk_404(client: Client) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_partnership_navigation_links_every_section(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User
) -> None:
    html = client_for(viewer).get(f"/p/{partnership.slug}/").content.decode()
    for label, url in [
        ("Strategy", "strategies/"),
        ("Initiatives", "initiatives/"),
        ("Indicators", "indicators/"),
        ("Data returns", "returns/"),
        ("Areas", "areas/"),
        ("Organisations", "organisations/"),
    ]:
        assert f'href="/p/{partnership.slug}/{url}"' in html, label
        assert f">{label}</a>" in html
