from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wellboard.indicators.models import Indicator, Observation
from wellboard.indicators.policy import IMPORT_INDICATOR_DATA
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

CAMPYLOBACTER = "fingertips/fingertips_export_campylobacter_93356.csv"


@pytest.fixture(autouse=True)
def _private_var_dir(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]


def upload_url(partnership: Partnership) -> str:
    return f"/p/{partnership.slug}/indicators/import/fingertips/"


def csv_file(data: bytes, name: str = "export.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_upload_dry_run_then_confirm_imports_once(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    analyst: User,
    shared_data: Path,
    tmp_path: Path,
) -> None:
    client = client_for(analyst)
    form = client.get(upload_url(partnership))
    assert form.status_code == 200
    columns = re.search(r"<details[^>]*data-file-columns.*?</details>", form.content.decode(), re.S)
    assert columns, "the page says which columns the file needs"
    assert "<li>Lower CI 95.0 limit</li>" in columns.group(0)
    data = (shared_data / CAMPYLOBACTER).read_bytes()
    dry = client.post(upload_url(partnership), {"file": csv_file(data, "campylobacter.csv")})
    assert dry.status_code == 200
    html = dry.content.decode()
    assert "Check the import" in html
    assert "nothing has been imported yet" in html
    assert 'data-count="rows-read">852<' in html
    assert 'data-count="rejected">0<' in html
    assert "data-import-notes" in html, "the reproduction summary is shown"
    assert "would change nothing" not in html
    assert not Indicator.objects.filter(partnership=partnership).exists(), "a dry run changes nothing"
    held = list((tmp_path / "uploads" / "fingertips").glob("*.upload"))
    assert len(held) == 1
    token = dry.context["confirm"].initial["token"]

    applied = client.post(f"{upload_url(partnership)}confirm/", {"token": token, "polarity": ""})
    assert applied.status_code == 302
    assert applied["Location"] == f"/p/{partnership.slug}/indicators/"
    indicator = Indicator.objects.get(partnership=partnership, external_id="93356")
    assert Observation.objects.filter(indicator=indicator).count() == 852
    assert not list((tmp_path / "uploads" / "fingertips").glob("*.upload")), "the held file is removed"

    again = client.post(f"{upload_url(partnership)}confirm/", {"token": token, "polarity": ""})
    assert again.status_code == 400, "a token is used once"
    assert "no longer available" in again.content.decode()


def test_re_uploading_the_same_file_reports_everything_unchanged(
    client_for: Callable[[User], Client], partnership: Partnership, coordinator: User, shared_data: Path
) -> None:
    client = client_for(coordinator)
    data = (shared_data / CAMPYLOBACTER).read_bytes()
    first = client.post(upload_url(partnership), {"file": csv_file(data)})
    client.post(f"{upload_url(partnership)}confirm/", {"token": first.context["confirm"].initial["token"]})
    second = client.post(upload_url(partnership), {"file": csv_file(data)})
    assert second.status_code == 200
    totals = second.context["totals"]
    assert totals["create"] == 0
    assert totals["update"] == 0
    assert totals["unchanged"] > 800
    assert "importing it would change nothing" in second.content.decode()


def test_bad_upload_answers_400_with_the_problems_and_changes_nothing(
    client_for: Callable[[User], Client], partnership: Partnership, analyst: User, tmp_path: Path
) -> None:
    client = client_for(analyst)
    missing = client.post(upload_url(partnership), {})
    assert missing.status_code == 400
    assert "There is a problem" in missing.content.decode()
    assert "Select a Fingertips CSV file" in missing.content.decode()

    wrong_type = client.post(upload_url(partnership), {"file": csv_file(b"PK\x03\x04", "data.xlsx")})
    assert wrong_type.status_code == 400
    assert "must be a CSV" in wrong_type.content.decode()

    not_fingertips = client.post(
        upload_url(partnership), {"file": csv_file(b"name,value\nStevenage,1\n", "other.csv")}
    )
    assert not_fingertips.status_code == 400
    html = not_fingertips.content.decode()
    assert "There is a problem" in html
    assert "Nothing has been imported" in html
    assert "data-rejections" in html
    assert not Indicator.objects.filter(partnership=partnership).exists()
    assert not (tmp_path / "uploads" / "fingertips").exists() or not list(
        (tmp_path / "uploads" / "fingertips").glob("*.upload")
    ), "a rejected file is not kept"


def test_confirm_with_a_forged_or_foreign_token_changes_nothing(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    analyst: User,
    coordinator: User,
    shared_data: Path,
) -> None:
    data = (shared_data / CAMPYLOBACTER).read_bytes()
    dry = client_for(analyst).post(upload_url(partnership), {"file": csv_file(data)})
    token = dry.context["confirm"].initial["token"]
    # Another person's session does not hold the token.
    stolen = client_for(coordinator).post(f"{upload_url(partnership)}confirm/", {"token": token})
    assert stolen.status_code == 400
    forged = client_for(analyst).post(f"{upload_url(partnership)}confirm/", {"token": "../../etc/passwd"})
    assert forged.status_code == 400
    assert not Indicator.objects.filter(partnership=partnership).exists()


@pytest.mark.parametrize("role_fixture", ["viewer", "board_member", "council_contributor", "approver"])
def test_other_roles_may_not_upload(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    role_fixture: str,
    request: pytest.FixtureRequest,
) -> None:
    url = upload_url(partnership)
    person = request.getfixturevalue(role_fixture)
    client = client_for(person)
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": csv_file(b"x")}).status_code == 403
    assert client.post(f"{url}confirm/", {"token": "a" * 32}).status_code == 403


def test_outsiders_and_anonymous_visitors_get_nothing(
    client_for: Callable[[User], Client], partnership: Partnership, outsider: User
) -> None:
    url = upload_url(partnership)
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(f"{url}confirm/", {"token": "a" * 32}).status_code == 404
    assert Client().get(url).status_code == 302


def test_a_file_over_the_limit_is_refused_before_it_is_stored(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    analyst: User,
    settings: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    settings.WELLBOARD_MAX_UPLOAD_BYTES = 4096  # type: ignore[attr-defined]
    response = client_for(analyst).post(upload_url(partnership), {"file": csv_file(b"x" * 20_000)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The file must be smaller than 4 KB" in html
    assert "There is a problem" in html
    assert not (tmp_path / "uploads").exists()


def test_the_upload_still_checks_the_csrf_token(partnership: Partnership, analyst: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    response = client.post(upload_url(partnership), {"file": csv_file(b"Indicator ID\n")})
    assert response.status_code == 403


def test_the_import_is_offered_and_refused_by_the_policys_rule(
    client_for: Callable[[User], Client], partnership: Partnership, analyst: User, approver: User
) -> None:
    index = f"/p/{partnership.slug}/indicators/"
    assert "Import a Fingertips file" in client_for(analyst).get(index).content.decode()
    for_approver = client_for(approver)
    assert "Import a Fingertips file" not in for_approver.get(index).content.decode()
    refused = for_approver.get(upload_url(partnership))
    assert refused.status_code == 403
    assert IMPORT_INDICATOR_DATA.message in refused.content.decode()
