from __future__ import annotations

import pytest

from wellboard.cli.main import main
from wellboard.core.models import AuditEvent
from wellboard.hub.models import Hub
from wellboard.partners.models import Partnership

pytestmark = pytest.mark.django_db


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["wellboard", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_create_then_list(capsys: pytest.CaptureFixture[str], partnership: Partnership) -> None:
    code, _, err = run(capsys, "hub", "list", "test-town")
    assert code == 1
    assert "has no hubs yet" in err
    code, out, err = run(
        capsys,
        "hub",
        "create",
        "test-town",
        "healthy-hub",
        "--name",
        "Healthy Hub",
        "--organisation",
        "Test Council",
    )
    assert code == 0, err
    assert out == "Created hub healthy-hub: Healthy Hub, run by Test Council\n"
    hub = Hub.objects.get(slug="healthy-hub")
    assert hub.kind == "main"
    assert AuditEvent.objects.filter(action="hub.create", object_id=str(hub.pk)).exists()
    code, out, err = run(
        capsys,
        "hub", "create", "test-town", "mariotts", "--name", "Young People's Hub",
        "--organisation", "test-charity", "--kind", "young-people",
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run(capsys, "hub", "list", "test-town")
    assert out == (
        "healthy-hub\tmain\tHealthy Hub\tTest Council\n"
        "mariotts\tyoung-people\tYoung People's Hub\tTest Charity\n"
    )


def test_bad_input_is_one_line(capsys: pytest.CaptureFixture[str], partnership: Partnership) -> None:
    code, _, err = run(capsys, "hub", "create", "test-town", "x", "--name", "X", "--organisation", "Nobody")
    assert code == 1
    assert err.count("\n") == 1
    assert "No organisation 'Nobody'" in err
    code, _, err = run(
        capsys, "hub", "create", "test-town", "Bad Slug", "--name", "X", "--organisation", "Test Council"
    )
    assert code == 1
    assert "lower-case letters" in err
    code, _, err = run(capsys, "hub", "list", "nowhere")
    assert code == 1
    assert "partnership 'nowhere'" in err
    assert not Hub.objects.exists()


def test_without_a_key_in_production_commands_say_why(
    capsys: pytest.CaptureFixture[str], partnership: Partnership, settings: pytest.FixtureRequest
) -> None:
    settings.WELLBOARD_PSEUDONYM_KEY = ""  # type: ignore[attr-defined]
    settings.WELLBOARD_PSEUDONYM_KEY_LOCAL = False  # type: ignore[attr-defined]
    code, _, err = run(capsys, "hub", "list", "test-town")
    assert code == 1
    assert err.count("\n") == 1
    assert "WELLBOARD_PSEUDONYM_KEY is not set" in err
