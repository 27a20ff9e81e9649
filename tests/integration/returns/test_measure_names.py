"""A measure's name keeps its capitals where it starts with a name ('Healthy Hub visitors')."""

from __future__ import annotations

from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client

from tests.factories.returns import MeasureFactory
from tests.integration.returns.conftest import RETURN
from wellboard.partners.models import User
from wellboard.returns.models import Collection

pytestmark = pytest.mark.django_db


def test_comment_labels_keep_the_capitals_of_names(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User, outsider: User
) -> None:
    MeasureFactory(
        collection=collection, code="hub", label="Healthy Hub visitors", position=9, required=False
    )
    page = client_for(charity_contributor).get(RETURN.format(org="test-charity"))
    assert page.status_code == 200
    html = unescape(page.content.decode())
    assert "Comment on Healthy Hub visitors" in html
    assert "Comment on calls made" in html  # an ordinary first word is lowered inside the sentence
    assert "healthy Hub" not in html
    assert client_for(outsider).get(RETURN.format(org="test-charity")).status_code == 404
