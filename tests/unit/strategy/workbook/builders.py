"""A strategy with something in every corner of the workbook, built through the services."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.db.models import Model

from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.core.rag import Rag
from wellboard.partners.models import Membership, Organisation, OrganisationType, Partnership
from wellboard.partners.services import organisation_create
from wellboard.strategy.models import (
    Action,
    ActionStatus,
    Initiative,
    InitiativeKind,
    Milestone,
    Node,
    ProgressUpdate,
    Strategy,
    Tag,
)
from wellboard.strategy.services import (
    action_create,
    initiative_create,
    milestone_create,
    node_create,
    node_progress_update_post,
    progress_update_post,
    strategy_create,
)


@dataclass
class Built:
    actor: Actor
    strategy: Strategy
    nodes: dict[str, Node]
    actions: dict[str, Action]


def tag(scheme: str, slug: str) -> Tag:
    return Tag.objects.get(scheme__slug=scheme, slug=slug)


def build_strategy(partnership: Partnership, *, slug: str = "healthy-town") -> Built:
    """Two levels of tree with tags, actions with every field, milestones (two sharing a title),
    a progress update on an action and one on a priority, initiatives and an organisation that is
    new to the partnership."""
    actor = Actor.command_line(partnership.pk)
    council = partnership.organisations.get(slug="test-council")
    charity = partnership.organisations.get(slug="test-charity")
    nhs = organisation_create(
        by=actor, name="Town NHS Trust", kind=OrganisationType.NHS, board_seat=True, seat_title="Health"
    )
    strategy = strategy_create(
        by=actor,
        title="Healthy Town",
        slug=slug,
        start_date=dt.date(2024, 4, 1),
        end_date=dt.date(2029, 3, 31),
        level_names=["Theme", "Priority"],
        vision="=Everyone healthy",  # looks like a formula: must survive the round trip as text
        summary="Line one\nLine two",
        status="live",
    )
    nodes: dict[str, Node] = {}
    nodes["1"] = node_create(
        by=actor,
        strategy=strategy,
        ref="1",
        title="Healthy people",
        tags=[tag("kings-fund-population-health", "behaviours-and-lifestyles")],
    )
    nodes["2"] = node_create(
        by=actor, strategy=strategy, ref="2", title="Healthy places", description="- parks"
    )
    nodes["1.1"] = node_create(by=actor, strategy=strategy, parent=nodes["1"], ref="1.1", title="Move more")
    nodes["1.2"] = node_create(
        by=actor,
        strategy=strategy,
        parent=nodes["1"],
        ref="1.2",
        title="Smoke less",
        tags=[
            tag("marmot-principles", "prevention"),
            tag("kings-fund-population-health", "wider-determinants"),
        ],
    )
    nodes["2.1"] = node_create(
        by=actor, strategy=strategy, parent=nodes["2"], ref="2.1", title="Safer streets"
    )
    actions: dict[str, Action] = {}
    actions["A1"] = action_create(
        by=actor,
        node=nodes["1.1"],
        ref="A1",
        title="Pop-up play in parks",
        lead_organisation=council,
        supporting_organisations=[charity, nhs],
        description="Free sessions",
        smart_target="+10% children active by March 2027",
        start_date=dt.date(2024, 6, 1),
        due_date=dt.date(2027, 3, 31),
        status=ActionStatus.IN_PROGRESS,
        rag=Rag.AMBER,
    )
    actions["A2"] = action_create(
        by=actor, node=nodes["1.1"], ref="A2", title="Walking groups", lead_organisation=charity
    )
    actions["A3"] = action_create(
        by=actor, node=nodes["1.2"], ref="A3", title="Stop smoking service", lead_organisation=nhs
    )
    milestone_create(
        by=actor,
        action=actions["A1"],
        title="Book the parks",
        due_date=dt.date(2024, 7, 1),
        completed_on=dt.date(2024, 6, 20),
    )
    milestone_create(by=actor, action=actions["A1"], title="Review", due_date=dt.date(2025, 3, 31))
    milestone_create(by=actor, action=actions["A1"], title="Review", due_date=dt.date(2026, 3, 31))
    milestone_create(by=actor, action=actions["A3"], title="Clinic open", due_date=dt.date(2025, 1, 31))
    progress_update_post(
        by=actor, action=actions["A1"], period="2024/25 Q2", narrative="@started", rag=Rag.GREEN
    )
    node_progress_update_post(
        by=actor,
        node=nodes["1.1"],
        period="2024/25 Q3",
        narrative="Both actions under way;\nparks booked",
        rag=Rag.AMBER,
    )
    initiative_create(
        by=actor,
        name="So Active",
        slug="so-active",
        kind=InitiativeKind.PROGRAMME,
        description="Activity for all ages",
        start_date=dt.date(2024, 4, 1),
        end_date=dt.date(2026, 3, 31),
        lead_organisation=council,
        partners=[charity, nhs],
        target_groups=["Older people", "Families"],
        places=["Town centre"],
        funding="£20,000 from the council",
        nodes=[nodes["1.1"], nodes["2.1"]],
    )
    initiative_create(by=actor, name="Chatty Cafés", slug="chatty-cafes", kind=InitiativeKind.SERVICE)
    return Built(actor=actor, strategy=strategy, nodes=nodes, actions=actions)


def cells_of(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every cell value of every sheet, for comparing two exports."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


WATCHED: tuple[type[Model], ...] = (
    Strategy,
    Node,
    Action,
    Milestone,
    ProgressUpdate,
    Initiative,
    Organisation,
    Membership,
    AuditEvent,
)


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table an import could touch, to prove one changed nothing."""
    result: dict[str, list[tuple[Any, ...]]] = {}
    for model in WATCHED:
        fields = [f.attname for f in model._meta.concrete_fields]
        result[model.__name__] = sorted(model._default_manager.values_list(*fields), key=repr)
    result["node tags"] = sorted(Node.tags.through.objects.values_list("node_id", "tag_id"))
    result["supporters"] = sorted(
        Action.supporting_organisations.through.objects.values_list("action_id", "organisation_id")
    )
    result["initiative partners"] = sorted(
        Initiative.partners.through.objects.values_list("initiative_id", "organisation_id")
    )
    result["initiative nodes"] = sorted(
        Initiative.nodes.through.objects.values_list("initiative_id", "node_id")
    )
    return result


def workbook_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    """A workbook written from plain rows (first row the header)."""
    workbook = openpyxl.Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = workbook.active if first else workbook.create_sheet()
        assert sheet is not None
        sheet.title = title
        first = False
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_of(data: bytes, sheet: str) -> Iterator[list[Any]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for row in workbook[sheet].iter_rows(values_only=True):
        yield list(row)
