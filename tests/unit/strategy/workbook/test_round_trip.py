from __future__ import annotations

import pytest

from tests.unit.strategy.workbook.builders import Built, cells_of, snapshot
from wellboard.strategy.workbook import strategy_workbook_bytes, strategy_workbook_import

pytestmark = pytest.mark.django_db


def test_export_import_export_gives_the_same_cells_and_changes_nothing(built: Built) -> None:
    first = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)
    before = snapshot()
    dry = strategy_workbook_import(by=built.actor, data=first, dry_run=True)
    print("\n".join(dry.summary_lines()))
    assert dry.ok
    assert not dry.changes_anything
    real = strategy_workbook_import(by=built.actor, data=first, dry_run=False)
    assert real.ok
    assert not real.applied
    assert snapshot() == before
    second = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)
    assert cells_of(second) == cells_of(first)


def test_the_workbook_opens_on_the_strategy_sheet_with_only_that_tab_selected(built: Built) -> None:
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(
        io.BytesIO(strategy_workbook_bytes(actor=built.actor, strategy=built.strategy))
    )
    assert workbook.active is not None
    assert workbook.active.title == "Strategy"
    assert [s.title for s in workbook.worksheets if s.sheet_view.tabSelected] == ["Strategy"]
    assert workbook["Lists"].sheet_state == "hidden"
    assert workbook["Tree"].freeze_panes == "A2"
    assert workbook["Tree"]["A1"].font.bold
    validations = {
        tuple(str(r) for r in v.sqref.ranges): v.formula1
        for v in workbook["Actions"].data_validations.dataValidation
    }
    assert validations[("J2:J5001",)] == "'Lists'!$A$2:$A$6"
    assert validations[("F2:F5001",)] == "'Organisations'!$A$2:$A$4"
