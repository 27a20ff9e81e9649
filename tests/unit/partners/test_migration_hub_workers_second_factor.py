"""Partnerships made before hub workers existed, still on the old default (a second factor for
coordinators alone), ask hub workers for one too; a list a partnership chose is left alone."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from wellboard.partners.models import Partnership

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("wellboard.partners.migrations.0004_hub_workers_second_factor")


def test_partnerships_on_the_old_default_ask_hub_workers_for_a_second_factor_too(
    partnership: Partnership, other_partnership: Partnership
) -> None:
    Partnership.objects.filter(pk=partnership.pk).update(two_factor_roles=["coordinator"])
    Partnership.objects.filter(pk=other_partnership.pk).update(two_factor_roles=["coordinator", "analyst"])
    chose_none = Partnership.objects.create(
        slug="demo-like", name="No second factor", place_name="X", two_factor_roles=[]
    )
    MIGRATION.ask_hub_workers_too(apps, None)
    assert Partnership.objects.get(pk=partnership.pk).two_factor_roles == ["coordinator", "hub_worker"]
    assert Partnership.objects.get(pk=other_partnership.pk).two_factor_roles == ["coordinator", "analyst"]
    assert Partnership.objects.get(pk=chose_none.pk).two_factor_roles == []
