"""Downloading a strategy workbook and importing one through the web pages."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.unit.strategy.workbook.builders import Built, build_strategy, cells_of, snapshot
from wellboard.core.access import Actor
from wellboard.partners.models import Partnership, User
from wellboard.strategy.models import Node
from wellboard.strategy.workbook import format as fmt

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path / "uploads" / "strategy-workbooks"


@pytest.fixture
def built(partnership: Partnership) -> Built:
    return build_strategy(partnership)


def export_url(partnership: Partnership) -> str:
    return reverse("strategy-workbook-export", args=[partnership.slug, "healthy-town"])


def import_url(partnership: Partnership) -> str:
    return reverse("strategy-workbook-import", args=[partnership.slug])


def upload(client: Client, partnership: Partnership, data: bytes, name: str = "plan.xlsx") -> Any:
    return client.post(
        import_url(partnership), {"workbook": SimpleUploadedFile(name, data, content_type=XLSX)}
    )


def exported(client: Client, partnership: Partnership) -> bytes:
    response = client.get(export_url(partnership))
    assert response.status_code == 200
    return response.content


def with_new_priority(data: bytes) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook[fmt.TREE].append(["2.2", "2", None, "Clean air", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_coordinators_download_the_workbook(
    client_for: Callable[[User], Client], built: Built, partnership: Partnership, coordinator: User
) -> None:
    response = client_for(coordinator).get(export_url(partnership))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="healthy-town-strategy.xlsx"'
    assert response["Cache-Control"] == "no-store"
    sheets = cells_of(response.content)
    assert [row[0] for row in sheets[fmt.TREE][1:]] == ["1", "1.1", "1.2", "2", "2.1"]


def test_members_who_are_not_coordinators_are_refused(
    client_for: Callable[[User], Client],
    built: Built,
    partnership: Partnership,
    viewer: User,
    council_contributor: User,
) -> None:
    for person in (viewer, council_contributor):
        client = client_for(person)
        denied = client.get(export_url(partnership))
        assert denied.status_code == 403
        assert "Only a coordinator can export or import strategy workbooks" in denied.content.decode()
        assert client.get(import_url(partnership)).status_code == 403
        assert upload(client, partnership, b"anything").status_code == 403


def test_outsiders_are_told_nothing_exists(
    client_for: Callable[[User], Client], built: Built, partnership: Partnership, outsider: User
) -> None:
    stranger = client_for(outsider)
    assert stranger.get(export_url(partnership)).status_code == 404
    assert stranger.get(import_url(partnership)).status_code == 404
    assert Client().get(export_url(partnership)).status_code == 302  # to sign in


def test_an_unknown_strategy_is_not_found(
    client_for: Callable[[User], Client], built: Built, partnership: Partnership, coordinator: User
) -> None:
    url = reverse("strategy-workbook-export", args=[partnership.slug, "nothing-here"])
    assert client_for(coordinator).get(url).status_code == 404


def test_upload_check_and_confirm(
    client_for: Callable[[User], Client],
    built: Built,
    partnership: Partnership,
    coordinator: User,
    uploads_in_tmp: Path,
) -> None:
    client = client_for(coordinator)
    page = client.get(import_url(partnership))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    before = snapshot()
    checked = upload(client, partnership, with_new_priority(exported(client, partnership)))
    assert checked.status_code == 302
    review_url = checked["Location"]
    review = client.get(review_url)
    html = review.content.decode()
    assert review.status_code == 200
    assert "Check the changes" in html
    assert "Clean air" not in html  # the page lists what changes, by ref
    assert re.search(r"Tree items</th>\s*<td[^>]*>1</td>\s*<td[^>]*>0</td>\s*<td[^>]*>5</td>", html)
    assert "Import these changes" in html
    assert snapshot() == before  # checking wrote nothing
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', html)
    assert digest is not None
    done = client.post(review_url, {"digest": digest.group(1)})
    assert done.status_code == 302
    assert done["Location"] == reverse("strategy-detail", args=[partnership.slug, "healthy-town"])
    assert Node.objects.get(strategy=built.strategy, ref="2.2").title == "Clean air"
    assert list(uploads_in_tmp.glob("*.xlsx")) == []  # the kept file is gone once imported
    assert client.get(review_url).status_code == 404


def test_confirming_after_someone_else_changed_the_strategy_shows_the_changes_again(
    client_for: Callable[[User], Client], built: Built, partnership: Partnership, coordinator: User
) -> None:
    client = client_for(coordinator)
    review_url = upload(client, partnership, with_new_priority(exported(client, partnership)))["Location"]
    html = client.get(review_url).content.decode()
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', html)
    assert digest is not None
    Node.objects.filter(strategy=built.strategy, ref="1").update(title="Renamed meanwhile")
    moved = client.post(review_url, {"digest": digest.group(1)})
    assert moved.status_code == 409
    assert (
        "Someone changed this strategy in Wellboard after you checked the workbook" in moved.content.decode()
    )
    assert not Node.objects.filter(strategy=built.strategy, ref="2.2").exists()


def test_nothing_to_import(
    client_for: Callable[[User], Client], built: Built, partnership: Partnership, coordinator: User
) -> None:
    client = client_for(coordinator)
    review_url = upload(client, partnership, exported(client, partnership))["Location"]
    html = client.get(review_url).content.decode()
    assert "there is nothing to import" in html
    assert "Import these changes" not in html


def test_uploads_belong_to_the_session_that_made_them(
    client_for: Callable[[User], Client],
    built: Built,
    partnership: Partnership,
    coordinator: User,
    other_partnership: Partnership,
) -> None:
    client = client_for(coordinator)
    review_url = upload(client, partnership, with_new_priority(exported(client, partnership)))["Location"]
    other_session = client_for(coordinator)
    assert other_session.get(review_url).status_code == 404
    assert client.get(import_url(partnership) + "..%2F..%2Fetc/").status_code == 404
    assert client.get(import_url(partnership) + "not-a-real-upload-name-at-all/").status_code == 404


def test_a_file_that_is_not_a_workbook_is_a_400_with_an_error_summary(
    client_for: Callable[[User], Client], built: Built, partnership: Partnership, coordinator: User
) -> None:
    client = client_for(coordinator)
    response = upload(client, partnership, b"Ref,Title\n1,People\n", name="plan.xlsx")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "This file is not an Excel .xlsx workbook" in html
    assert "<title>Error: Import a strategy workbook" in html
    missing = client.post(import_url(partnership), {})
    assert missing.status_code == 400
    assert "Select a strategy workbook" in missing.content.decode()


def test_rows_with_problems_are_listed_with_sheet_row_and_reason(
    client_for: Callable[[User], Client], built: Built, partnership: Partnership, coordinator: User
) -> None:
    client = client_for(coordinator)
    workbook = openpyxl.load_workbook(io.BytesIO(exported(client, partnership)))
    workbook[fmt.ACTIONS]["K3"] = "Sky blue"
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = snapshot()
    response = upload(client, partnership, buffer.getvalue())
    assert response.status_code == 400
    html = response.content.decode()
    assert "The workbook cannot be imported" in html
    assert "There is a problem" in html
    cells = r"<td[^>]*>Actions</td>\s*<td[^>]*>3</td>\s*<td[^>]*>RAG</td>\s*<td[^>]*>"
    assert re.search(cells + "&#x27;Sky blue&#x27; is not one of", html)
    assert "Import these changes" not in html
    assert snapshot() == before


@pytest.mark.django_db
def test_strategy_pages_link_to_the_workbook_for_coordinators_only(
    client_for: Callable[[User], Client], partnership: Partnership, coordinator: User, viewer: User
) -> None:
    from wellboard.strategy.services import strategy_create

    actor = Actor.command_line(partnership.pk)
    strategy = strategy_create(
        by=actor,
        title="Linked plan",
        start_date=dt.date(2025, 4, 1),
        end_date=dt.date(2028, 3, 31),
        level_names=["Priority"],
    )
    export_url = f"/p/{partnership.slug}/strategies/{strategy.slug}/workbook.xlsx"
    import_url = f"/p/{partnership.slug}/strategy-workbook/"
    detail = f"/p/{partnership.slug}/strategies/{strategy.slug}/"
    listing = f"/p/{partnership.slug}/strategies/"
    assert export_url in client_for(coordinator).get(detail).content.decode()
    assert import_url in client_for(coordinator).get(listing).content.decode()
    assert export_url not in client_for(viewer).get(detail).content.decode()
    assert import_url not in client_for(viewer).get(listing).content.decode()


def test_an_old_workbook_cannot_undo_an_action_edited_on_the_web_since(
    client_for: Callable[[User], Client], built: Built, partnership: Partnership, coordinator: User
) -> None:
    client = client_for(coordinator)
    old = exported(client, partnership)
    action = built.actions["A3"]
    edited = client.post(
        reverse("action-edit", args=[partnership.slug, action.pk]),
        {
            "title": action.title,
            "node": action.node_id,
            "lead_organisation": action.lead_organisation_id,
            "status": action.status,
            "rag": "red",
            "start_date": "",
            "due_date": "",
            "smart_target": "Ten new quitters a month",
            "description": action.description,
            "version": action.version,
        },
    )
    assert edited.status_code == 302
    before = snapshot()
    checked = upload(client, partnership, old)
    assert checked.status_code == 400
    html = checked.content.decode()
    assert "Action &#x27;A3&#x27; was changed in Wellboard after this workbook was exported" in html
    assert "Export a fresh workbook" in html
    assert "Import these changes" not in html
    assert snapshot() == before
    action.refresh_from_db()
    assert (action.rag, action.smart_target) == ("red", "Ten new quitters a month")
