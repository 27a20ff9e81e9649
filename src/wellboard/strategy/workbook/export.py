"""Writing a strategy as a workbook people can edit and import again.

The output depends only on what the database holds: rows are sorted by the tree's order, refs and
slugs, and no sheet carries the time of export, so exporting twice gives the same cells. Every
text cell passes through ``cell_safe`` so that nothing a partner typed runs as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from wellboard.core.access import Actor
from wellboard.core.errors import NotFound
from wellboard.core.rag import Rag
from wellboard.partners.models import Membership, Organisation, OrganisationType
from wellboard.strategy.models import (
    Action,
    ActionStatus,
    Initiative,
    InitiativeKind,
    Milestone,
    Node,
    ProgressUpdate,
    Strategy,
    StrategyStatus,
    Tag,
)
from wellboard.strategy.selectors.ordering import action_in_node_key, in_tree_order
from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook.cells import choice_label, join_items, yes_no_label
from wellboard.strategy.workbook.layout import (
    HEADER_FONT,
    drop_down,
    table,
    write_about,
    write_lists,
)


class Exporter:
    def __init__(self, *, actor: Actor, strategy: Strategy) -> None:
        if strategy.partnership_id != actor.partnership_id:
            raise NotFound("strategy")
        self.actor = actor
        self.strategy = strategy
        self.nodes = self._tree_order()
        self.node_index = {n.pk: i for i, n in enumerate(self.nodes)}
        self.organisations = list(
            Organisation.objects.filter(partnership_id=actor.partnership_id).order_by("name", "pk")
        )
        self.actions = sorted(
            Action.objects.filter(strategy=strategy)
            .select_related("lead_organisation")
            .prefetch_related("supporting_organisations"),
            key=lambda a: (self.node_index.get(a.node_id, 0), *action_in_node_key(a)),
        )
        self.action_index = {a.pk: i for i, a in enumerate(self.actions)}
        self.list_ranges: dict[str, str] = {}

    def _tree_order(self) -> list[Node]:
        """Every node, parents before children, siblings by position (the order pages show)."""
        return in_tree_order(Node.objects.filter(strategy=self.strategy).prefetch_related("tags__scheme"))

    @staticmethod
    def organisation_name(organisation: Organisation) -> str:
        # A name containing the list separator could not be read back from a list cell.
        return organisation.slug if fmt.LIST_SEPARATOR in organisation.name else organisation.name

    def organisation_names(self, organisations: Iterable[Organisation]) -> str:
        return join_items(
            self.organisation_name(o) for o in sorted(organisations, key=lambda o: (o.name, o.pk))
        )

    # ------------------------------------------------------------ sheets

    def strategy_sheet(self, sheet: Worksheet) -> None:
        s = self.strategy
        values = {
            fmt.S_SLUG: s.slug,
            fmt.S_TITLE: s.title,
            fmt.S_VISION: s.vision,
            fmt.S_SUMMARY: s.summary,
            fmt.S_START: s.start_date,
            fmt.S_END: s.end_date,
            fmt.S_STATUS: choice_label(s.status, StrategyStatus),
            fmt.S_LEVELS: join_items(str(n) for n in s.level_names or []),
        }
        table(sheet, fmt.STRATEGY_SHEET, ((c.name, values[c.name]) for c in fmt.STRATEGY_FIELDS))
        for row in range(2, len(fmt.STRATEGY_FIELDS) + 2):
            sheet.cell(row=row, column=1).font = HEADER_FONT
        status_row = [c.name for c in fmt.STRATEGY_FIELDS].index(fmt.S_STATUS) + 2
        validation = DataValidation(
            type="list", formula1=self.list_ranges["Strategy status"], allow_blank=True
        )
        validation.add(f"B{status_row}")
        sheet.add_data_validation(validation)

    def tree(self, sheet: Worksheet) -> None:
        refs = {n.pk: n.ref for n in self.nodes}

        def tags(node: Node) -> str:
            ordered = sorted(node.tags.all(), key=lambda t: (t.scheme.slug, t.position, t.slug))
            return join_items(f"{t.scheme.slug}{fmt.TAG_SEPARATOR}{t.slug}" for t in ordered)

        table(
            sheet,
            fmt.TREE_SHEET,
            (
                (
                    n.ref,
                    refs.get(n.parent_id, "") if n.parent_id else "",
                    self.strategy.level_name(n.depth),
                    n.title,
                    n.description,
                    tags(n),
                )
                for n in self.nodes
            ),
        )

    def actions_sheet(self, sheet: Worksheet) -> None:
        refs = {n.pk: n.ref for n in self.nodes}
        table(
            sheet,
            fmt.ACTIONS_SHEET,
            (
                (
                    a.ref,
                    refs.get(a.node_id, ""),
                    a.title,
                    a.description,
                    a.smart_target,
                    self.organisation_name(a.lead_organisation),
                    self.organisation_names(a.supporting_organisations.all()),
                    a.start_date,
                    a.due_date,
                    choice_label(a.status, ActionStatus),
                    choice_label(a.rag, Rag),
                )
                for a in self.actions
            ),
        )
        spec = fmt.ACTIONS_SHEET
        drop_down(sheet, spec, fmt.STATUS, self.list_ranges["Action status"], strict=True)
        drop_down(sheet, spec, fmt.RAG, self.list_ranges["RAG"], strict=True)
        drop_down(sheet, spec, fmt.LEAD, self.organisation_range, strict=False)

    def milestones(self, sheet: Worksheet) -> None:
        refs = {a.pk: a.ref for a in self.actions}
        milestones = sorted(
            Milestone.objects.filter(action__strategy=self.strategy),
            key=lambda m: (self.action_index.get(m.action_id, 0), m.due_date, m.position, m.pk),
        )
        table(
            sheet,
            fmt.MILESTONES_SHEET,
            ((refs[m.action_id], m.title, m.due_date, m.completed_on) for m in milestones),
        )

    def initiatives(self, sheet: Worksheet) -> None:
        refs = {n.pk: n.ref for n in self.nodes}
        initiatives = (
            Initiative.objects.filter(partnership_id=self.actor.partnership_id)
            .select_related("lead_organisation")
            .prefetch_related("partners", "nodes")
            .order_by("slug", "pk")
        )

        def node_refs(initiative: Initiative) -> str:
            mine = sorted(
                (n for n in initiative.nodes.all() if n.pk in refs), key=lambda n: self.node_index[n.pk]
            )
            return join_items(refs[n.pk] for n in mine)

        table(
            sheet,
            fmt.INITIATIVES_SHEET,
            (
                (
                    i.slug,
                    i.name,
                    choice_label(i.kind, InitiativeKind),
                    i.description,
                    i.start_date,
                    i.end_date,
                    self.organisation_name(i.lead_organisation) if i.lead_organisation else "",
                    self.organisation_names(i.partners.all()),
                    join_items(str(v) for v in i.target_groups or []),
                    join_items(str(v) for v in i.places or []),
                    i.funding,
                    node_refs(i),
                )
                for i in initiatives
            ),
        )
        spec = fmt.INITIATIVES_SHEET
        drop_down(sheet, spec, fmt.KIND, self.list_ranges["Initiative kind"], strict=True)
        drop_down(sheet, spec, fmt.LEAD, self.organisation_range, strict=False)

    def organisations_sheet(self, sheet: Worksheet) -> None:
        memberships = {
            m.organisation_id: m
            for m in Membership.objects.filter(organisation__partnership_id=self.actor.partnership_id)
        }

        def seat(organisation: Organisation) -> tuple[str, str]:
            membership = memberships.get(organisation.pk)
            if membership is None:
                return yes_no_label(False), ""
            return yes_no_label(membership.board_seat), membership.seat_title

        table(
            sheet,
            fmt.ORGANISATIONS_SHEET,
            ((o.name, o.slug, choice_label(o.kind, OrganisationType), *seat(o)) for o in self.organisations),
        )
        spec = fmt.ORGANISATIONS_SHEET
        drop_down(sheet, spec, fmt.ORG_TYPE, self.list_ranges["Organisation type"], strict=True)
        drop_down(sheet, spec, fmt.BOARD_SEAT, self.list_ranges["Yes or no"], strict=True)

    @property
    def organisation_range(self) -> str:
        last = max(len(self.organisations), 1) + 1
        return f"{quote_sheetname(fmt.ORGANISATIONS)}!$A$2:$A${last}"

    def tags(self, sheet: Worksheet) -> None:
        tags = Tag.objects.filter(
            Q(scheme__partnership__isnull=True) | Q(scheme__partnership_id=self.actor.partnership_id)
        ).select_related("scheme")
        ordered = sorted(tags, key=lambda t: (t.scheme.slug, t.position, t.slug))
        table(
            sheet,
            fmt.TAGS_SHEET,
            ((f"{t.scheme.slug}{fmt.TAG_SEPARATOR}{t.slug}", t.scheme.name, t.name) for t in ordered),
        )

    def updates(self, sheet: Worksheet) -> None:
        """Each action's updates in the order of the actions, then each tree row's in tree order;
        newest first within each."""
        action_refs = {a.pk: a.ref for a in self.actions}
        node_refs = {n.pk: n.ref for n in self.nodes}
        by_action: dict[int, list[ProgressUpdate]] = {}
        by_node: dict[int, list[ProgressUpdate]] = {}
        found = ProgressUpdate.objects.filter(
            Q(action__strategy=self.strategy) | Q(node__strategy=self.strategy)
        )
        for update in found:
            if update.action_id is not None:
                by_action.setdefault(update.action_id, []).append(update)
            elif update.node_id is not None:
                by_node.setdefault(update.node_id, []).append(update)

        def newest_first(updates: list[ProgressUpdate]) -> list[ProgressUpdate]:
            return sorted(updates, key=lambda u: (u.period_start, u.posted_at, u.pk), reverse=True)

        rows: list[tuple[object, ...]] = []
        for action in self.actions:
            for u in newest_first(by_action.get(action.pk, [])):
                rows.append((action_refs[action.pk], None, *self._update_cells(u)))
        for node in self.nodes:
            for u in newest_first(by_node.get(node.pk, [])):
                rows.append((None, node_refs[node.pk], *self._update_cells(u)))
        table(sheet, fmt.UPDATES_SHEET, rows)
        drop_down(sheet, fmt.UPDATES_SHEET, fmt.RAG, self.list_ranges["RAG"], strict=True)

    @staticmethod
    def _update_cells(update: ProgressUpdate) -> tuple[object, ...]:
        return (
            update.period,
            choice_label(update.rag, Rag),
            update.narrative,
            update.author_label,
            timezone.localtime(update.posted_at).replace(tzinfo=None, microsecond=0),
        )

    def versions(self, sheet: Worksheet) -> None:
        """Each record's version as exported, by id, for import to detect changes made since."""
        organisations = {o.pk: o for o in self.organisations}
        memberships = Membership.objects.filter(organisation__partnership_id=self.actor.partnership_id)
        action_refs = {a.pk: a.ref for a in self.actions}
        milestones = Milestone.objects.filter(action__strategy=self.strategy).order_by("action_id", "pk")
        initiatives = Initiative.objects.filter(partnership_id=self.actor.partnership_id).order_by("pk")
        rows: list[tuple[object, ...]] = [
            ("strategy", self.strategy.slug, self.strategy.pk, self.strategy.version)
        ]
        rows += [("tree item", n.ref, n.pk, n.version) for n in sorted(self.nodes, key=lambda n: n.pk)]
        rows += [("action", a.ref, a.pk, a.version) for a in sorted(self.actions, key=lambda a: a.pk)]
        rows += [
            ("milestone", f"{action_refs[m.action_id]}: {m.title.strip()}", m.pk, m.version)
            for m in milestones
        ]
        rows += [("initiative", i.slug, i.pk, i.version) for i in initiatives]
        rows += [
            ("organisation", o.slug, o.pk, o.version)
            for o in sorted(organisations.values(), key=lambda o: o.pk)
        ]
        rows += [
            (fmt.BOARD_SEAT_RECORD, organisations[m.organisation_id].slug, m.organisation_id, m.version)
            for m in sorted(memberships, key=lambda m: m.organisation_id)
            if m.organisation_id in organisations
        ]
        table(sheet, fmt.VERSIONS_SHEET, rows)
        # Very hidden: Excel's Unhide does not offer it, so nobody edits it by accident.
        sheet.sheet_state = "veryHidden"

    def build(self) -> Workbook:
        workbook = Workbook()
        workbook.properties.creator = "Wellboard"
        workbook.properties.title = f"{self.strategy.title}: strategy workbook"
        about = workbook.active
        if not isinstance(about, Worksheet):
            raise TypeError("A new workbook starts with one worksheet")
        about.title = fmt.ABOUT
        sheets = {
            spec.name: workbook.create_sheet(spec.name) for spec in fmt.SHEETS if spec.name != fmt.ABOUT
        }
        self.list_ranges = write_lists(sheets[fmt.LISTS])
        write_about(about, self.strategy)
        self.strategy_sheet(sheets[fmt.STRATEGY])
        self.tree(sheets[fmt.TREE])
        self.actions_sheet(sheets[fmt.ACTIONS])
        self.milestones(sheets[fmt.MILESTONES])
        self.initiatives(sheets[fmt.INITIATIVES])
        self.organisations_sheet(sheets[fmt.ORGANISATIONS])
        self.tags(sheets[fmt.TAGS])
        self.updates(sheets[fmt.UPDATES])
        self.versions(sheets[fmt.VERSIONS])
        # Open on the Strategy sheet. Only that tab may be selected: Excel groups every selected tab,
        # and typing into grouped sheets changes all of them at once.
        workbook.active = sheets[fmt.STRATEGY]
        for sheet in workbook.worksheets:
            sheet.sheet_view.tabSelected = sheet is sheets[fmt.STRATEGY]
        return workbook


def strategy_workbook_build(*, actor: Actor, strategy: Strategy) -> Workbook:
    """The strategy as an openpyxl workbook (for tests and other writers)."""
    return Exporter(actor=actor, strategy=strategy).build()


def strategy_workbook_bytes(*, actor: Actor, strategy: Strategy) -> bytes:
    """The strategy as .xlsx file contents."""
    buffer = io.BytesIO()
    strategy_workbook_build(actor=actor, strategy=strategy).save(buffer)
    return buffer.getvalue()


def strategy_workbook_filename(strategy: Strategy) -> str:
    return f"{strategy.slug}-strategy.xlsx"
