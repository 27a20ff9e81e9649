"""A save that changes nothing writes nothing: ``save_changes`` and what it compares with."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories.strategy import build_strategy_world
from wellboard.core.access import Actor
from wellboard.core.audit import audit_events_for
from wellboard.core.versioning import changed_fields, changed_relations, comparable, pk_set, save_changes
from wellboard.partners.models import Organisation, Partnership
from wellboard.strategy.models import Action

pytestmark = pytest.mark.django_db


def test_comparable_values_and_keys(council: Organisation) -> None:
    assert comparable(council) == council.pk
    assert comparable("text") == "text"
    assert pk_set([council, 7]) == {council.pk, 7}


def test_changed_fields_compares_related_records_by_key(
    partnership: Partnership,
    council: Organisation,
    charity: Organisation,
    django_assert_num_queries: Any,
) -> None:
    world = build_strategy_world(partnership)
    action = Action.objects.get(pk=world.council_action.pk)  # its lead organisation not yet fetched
    with django_assert_num_queries(0):
        assert changed_fields(action, {"title": action.title, "lead_organisation": council}) == {}
    assert changed_fields(action, {"lead_organisation": charity, "title": "New"}) == {
        "lead_organisation": charity,
        "title": "New",
    }


def test_changed_relations_ignores_order(
    partnership: Partnership, council: Organisation, charity: Organisation
) -> None:
    action = build_strategy_world(partnership).charity_action
    action.supporting_organisations.set([council, charity])
    assert changed_relations(action, {"supporting_organisations": iter([charity, council])}) == {}
    assert changed_relations(action, {"supporting_organisations": [charity]}) == {
        "supporting_organisations": [charity]
    }


def test_save_changes_writes_only_what_differs(partnership: Partnership, council: Organisation) -> None:
    actor = Actor.command_line(partnership.pk)
    assert not save_changes(
        by=actor, record=council, fields={"name": council.name, "website": ""}, audit_action="org.update"
    )
    council.refresh_from_db()
    assert council.version == 1
    assert not audit_events_for(council).exists()
    assert save_changes(
        by=actor,
        record=council,
        fields={"name": council.name, "website": "https://example.org"},
        audit_action="org.update",
    )
    council.refresh_from_db()
    assert council.version == 2
    assert audit_events_for(council).get().changes() == [
        ("version", 1, 2),
        ("website", "", "https://example.org"),
    ]
