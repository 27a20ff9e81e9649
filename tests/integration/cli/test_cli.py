from __future__ import annotations

import io

import pytest

from wellboard.cli.main import main
from wellboard.partners.models import Partnership, RoleGrant, User


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["wellboard", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys)
    assert code == 0
    for command in [
        "demo",
        "serve",
        "worker",
        "migrate",
        "load-demo",
        "partnership",
        "createuser",
        "strategy",
    ]:
        assert f"  {command}" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("wellboard ")


def test_unknown_command_fails(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "frobnicate")
    assert code == 1
    assert "Unknown command" in err


def test_django_commands_are_reachable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "help", "load-demo")
    assert code == 0
    assert "--reset" in out


@pytest.mark.django_db
def test_createuser_errors_are_one_line(capsys: pytest.CaptureFixture[str], partnership: Partnership) -> None:
    code, _, err = run(
        capsys,
        "createuser",
        "x@example.org",
        "--first-name",
        "X",
        "--partnership",
        "nowhere",
        "--role",
        "viewer",
        "--generate-password",
    )
    assert code == 1
    assert err.count("\n") == 1
    assert "partnership 'nowhere'" in err
    assert "Traceback" not in err


@pytest.mark.django_db
def test_createuser(
    capsys: pytest.CaptureFixture[str], partnership: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough passphrase\n"))
    code, out, _ = run(
        capsys,
        "createuser",
        "new@example.org",
        "--first-name",
        "New",
        "--partnership",
        partnership.slug,
        "--role",
        "contributor",
        "--organisation",
        "Test Charity",
        "--password-stdin",
    )
    assert code == 0, out
    user = User.objects.get(email="new@example.org")
    assert user.check_password("a long enough passphrase")
    assert RoleGrant.objects.get(user=user).organisation is not None
    code, _, err = run(
        capsys,
        "createuser",
        "new@example.org",
        "--first-name",
        "New",
        "--partnership",
        partnership.slug,
        "--role",
        "viewer",
        "--generate-password",
    )
    assert code == 1
    assert "already has an account" in err


@pytest.mark.django_db
@pytest.mark.slow
def test_load_demo_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "load-demo")
    assert code == 0, out
    assert "priya.shah@example.org" in out
    assert "coordinator-stevenage-demo" in out
    partnership = Partnership.objects.get(slug="healthy-stevenage")
    organisations = partnership.organisations.count()
    code, out, _ = run(capsys, "load-demo")
    assert code == 0
    assert "already loaded" in out
    assert partnership.organisations.count() == organisations
