"""`wellboard demo` serves with DEBUG off: a mistyped address shows Wellboard's own 404 page (not
Django's technical page listing every route), a crash its own 500 page, and static files are still
served, over plain HTTP on this machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from wellboard.cli.main import prepare_environment
from wellboard.cli.management.commands.serve import links_point_here

ROOT = Path(__file__).resolve().parents[3]

# Run inside `wellboard shell` with the demo's environment: what a browser would get from the server.
PROBE = """
import json, sys, types
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import path

def crash(request):
    raise RuntimeError("a fault in a view")

urls = types.ModuleType("crashing_urls")
urls.urlpatterns = [path("crash/", crash)]
urls.handler500 = "wellboard.web.errors.server_error"
sys.modules["crashing_urls"] = urls
call_command("migrate", verbosity=0, interactive=False)  # as `wellboard demo` does before serving
client = Client(raise_request_exception=False)
missing = client.get("/p/healthy-stevenage/indicatorz/")
css = client.get("/static/wellboard/wellboard.css")
login = client.get("/accounts/login/", HTTP_HOST="localhost")
with override_settings(ROOT_URLCONF="crashing_urls"):
    crashed = client.get("/crash/")
print(json.dumps({
    "debug": settings.DEBUG,
    "secure_cookies": settings.SESSION_COOKIE_SECURE or settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "missing": [missing.status_code, missing.content.decode()],
    "css": css.status_code,
    "login": login.status_code,
    "crashed": [crashed.status_code, crashed.content.decode()],
}))
"""


def test_the_demo_command_turns_on_demo_settings_unless_the_environment_chose() -> None:
    environ: dict[str, str] = {}
    prepare_environment("demo", environ)
    assert environ == {"WELLBOARD_DEMO": "true"}
    chosen = {"WELLBOARD_DEMO": "false"}
    prepare_environment("demo", chosen)
    assert chosen == {"WELLBOARD_DEMO": "false"}
    other: dict[str, str] = {}
    prepare_environment("serve", other)
    assert other == {}


def test_under_the_demo_settings_a_mistyped_address_shows_wellboards_own_404_page(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(WELLBOARD_DEMO="true", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = subprocess.run(
        [sys.executable, "-m", "wellboard.cli", "shell", "-c", PROBE],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["debug"] is False
    assert seen["secure_cookies"] is False  # the demo is plain HTTP on this machine
    assert seen["ssl_redirect"] is False
    status, html = seen["missing"]
    assert status == 404
    assert "<title>Page not found \u2013 Wellboard</title>" in html
    assert "Using the URLconf" not in html  # Django's technical page lists every route
    assert "indicator-list" not in html
    assert seen["css"] == 200  # static files are still served with DEBUG off
    assert seen["login"] == 200  # localhost is an allowed host
    status, html = seen["crashed"]
    assert status == 500
    assert "Traceback" not in html
    assert "a fault in a view" not in html
    assert "Sorry, there is a problem with the service" in html


def test_links_in_emails_point_at_the_served_address_unless_site_url_is_set(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    for host, port, expected in (
        ("127.0.0.1", 8123, "http://127.0.0.1:8123"),
        ("0.0.0.0", 9000, "http://127.0.0.1:9000"),  # noqa: S104 (the address a server listens on)
        ("::1", 9001, "http://[::1]:9001"),
        ("localhost", 8000, "http://localhost:8000"),
    ):
        links_point_here(host=host, port=port)
        assert expected == settings.SITE_URL
    monkeypatch.setenv("SITE_URL", "https://wellboard.example.org")
    settings.SITE_URL = "https://wellboard.example.org"
    links_point_here(host="127.0.0.1", port=8123)
    assert settings.SITE_URL == "https://wellboard.example.org", "the deployment's own address is kept"


def test_the_demo_writes_its_emails_with_links_to_the_port_it_serves(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    seen: dict[str, str] = {}

    def commands(name: str, *args: object, **options: object) -> None:
        if name == "load_demo":
            seen["links"] = settings.SITE_URL

    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setattr("wellboard.cli.management.commands.demo.call_command", commands)
    call_command("demo", "--no-serve", "--port", "8123")
    assert seen == {"links": "http://127.0.0.1:8123"}
