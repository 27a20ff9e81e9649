"""Single sign-on through an OpenID Connect provider: a stub provider on 127.0.0.1, started by the
test, issues a signed ID token; a person whose email matches an account is signed in, anyone else
is refused and recorded, and the routes do not exist where single sign-on is not configured."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from django.test import Client

from wellboard.core.access import Role
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

CLIENT_ID = "wellboard-test"
SECRET = "a shared secret long enough for HS256 signing"


class StubProvider:
    """Answers the token and userinfo requests a relying party makes; the email it vouches for is
    set per test. The authorisation code carries the nonce so the ID token can echo it."""

    def __init__(self) -> None:
        self.email = ""
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                nonce = form["code"][0]
                now = int(time.time())
                claims = {
                    "iss": provider.url,
                    "aud": CLIENT_ID,
                    "sub": "user-1",
                    "email": provider.email,
                    "nonce": nonce,
                    "iat": now,
                    "exp": now + 300,
                }
                token = jwt.encode(claims, SECRET, algorithm="HS256")
                self._json({"id_token": token, "access_token": "access-1", "token_type": "Bearer"})

            def do_GET(self) -> None:
                self._json({"sub": "user-1", "email": provider.email})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StubProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider(settings: Any) -> Iterator[StubProvider]:
    with StubProvider() as stub:
        settings.WELLBOARD_OIDC_ENABLED = True
        settings.WELLBOARD_OIDC_NAME = "Test Council account"
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = SECRET
        settings.OIDC_RP_SIGN_ALGO = "HS256"
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{stub.url}/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{stub.url}/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{stub.url}/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = None
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "wellboard.partners.authentication.SingleSignOnBackend",
        ]
        yield stub


def round_trip(client: Client) -> Any:
    """What a browser does: to the provider and, signed in there, back with a code."""
    start = client.get("/accounts/sso/")
    assert start.status_code == 302
    query = parse_qs(urlparse(start["Location"]).query)
    assert query["client_id"] == [CLIENT_ID]
    state = query["state"][0]
    nonce = query["nonce"][0]
    return client.get("/accounts/sso/callback/", {"code": nonce, "state": state})


def test_a_known_email_signs_in_through_the_provider(provider: StubProvider, coordinator: User) -> None:
    provider.email = coordinator.email.upper()
    client = Client()
    assert "Sign in with Test Council account" in client.get("/accounts/login/").content.decode()
    response = round_trip(client)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == coordinator.pk
    assert AuditEvent.objects.filter(action="signin", actor=coordinator).exists()


def test_the_provider_counts_as_the_second_factor(
    provider: StubProvider, partnership: Partnership, coordinator: User
) -> None:
    partnership.two_factor_roles = [Role.COORDINATOR]
    partnership.save()
    provider.email = coordinator.email
    client = Client()
    round_trip(client)
    assert client.get(f"/p/{partnership.slug}/").status_code == 200


def test_the_provider_need_not_count_as_the_second_factor(
    provider: StubProvider, settings: Any, partnership: Partnership, coordinator: User
) -> None:
    settings.WELLBOARD_OIDC_SATISFIES_TWO_FACTOR = False
    partnership.two_factor_roles = [Role.COORDINATOR]
    partnership.save()
    provider.email = coordinator.email
    client = Client()
    round_trip(client)
    assert client.get(f"/p/{partnership.slug}/")["Location"] == "/accounts/two-factor/"


def test_an_unknown_email_is_refused_and_recorded(provider: StubProvider, coordinator: User) -> None:
    provider.email = "stranger@example.org"
    client = Client()
    response = round_trip(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?sso=failed"
    assert "_auth_user_id" not in client.session
    assert "could not sign you in" in client.get(response["Location"]).content.decode()
    refused = AuditEvent.objects.get(action="signin.refused")
    assert refused.object_label == "stranger@example.org"
    assert User.objects.filter(email="stranger@example.org").count() == 0


def test_a_forged_state_is_refused(provider: StubProvider, coordinator: User) -> None:
    provider.email = coordinator.email
    client = Client()
    client.get("/accounts/sso/")
    response = client.get("/accounts/sso/callback/", {"code": "x", "state": "not-the-state"})
    assert response.status_code in {302, 400}
    assert "_auth_user_id" not in client.session


def test_without_configuration_the_routes_are_not_found() -> None:
    client = Client()
    assert client.get("/accounts/sso/").status_code == 404
    assert client.get("/accounts/sso/callback/", {"code": "x", "state": "y"}).status_code == 404
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()
