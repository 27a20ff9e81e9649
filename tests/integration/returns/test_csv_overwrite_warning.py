"""A CSV file of many returns carries no versions, by design: the upload page says plainly that it
overwrites newer figures, both before the file is chosen and beside the list of changes."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.test import Client

from wellboard.partners.models import User
from wellboard.returns.models import Collection

pytestmark = pytest.mark.django_db
UPLOAD = "/p/test-town/returns/befriending/upload/"
WARNING = "even if someone has changed that figure since the file was prepared"


def test_the_upload_page_warns_that_a_csv_file_overwrites_newer_figures(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User
) -> None:
    page = client_for(charity_contributor).get(UPLOAD)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="csv-overwrites"' in html
    assert WARNING in html


def test_the_changes_to_save_are_shown_beside_the_same_warning(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User
) -> None:
    file = io.BytesIO(b"organisation,period,measure,value,comment\nTest Charity,2020-06-08,calls,12,\n")
    file.name = "returns.csv"
    response = client_for(charity_contributor).post(UPLOAD, {"file": file})
    html = response.content.decode()
    assert response.status_code == 200, html
    assert "Save these figures" in html
    assert WARNING in html
