"""Production settings must pass Django's deployment checks; settings come only from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_wellboard(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wellboard.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    # A SQLite database of its own: a replica the test run itself may use has no place here.
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_REPLICA_URL"}
    env.update(
        DEBUG="false",
        SECRET_KEY="x" * 20 + "production-secret-key-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="wellboard.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    return env


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    result = run_wellboard("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_is_a_clear_error(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run_wellboard("check", env=env)
    assert result.returncode == 1
    assert "SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_boolean_is_a_clear_error(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    env["DEBUG"] = "maybe"
    result = run_wellboard("check", env=env)
    assert result.returncode == 1
    assert "DEBUG must be true or false" in result.stderr


def test_a_replica_of_sqlite_is_a_clear_error(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    env["DATABASE_REPLICA_URL"] = "postgres://wellboard@db-replica:5432/wellboard"
    result = run_wellboard("check", env=env)
    assert result.returncode == 1
    assert "DATABASE_REPLICA_URL is set but DATABASE_URL is SQLite" in result.stderr
    assert "Traceback" not in result.stderr
