"""The strategy workbook: a whole strategy (tree, tags, actions, milestones, progress updates,
initiatives and organisations) as an XLSX file that can be exported, edited and imported again
(progress updates are only ever added by import, never changed).

``format`` defines the sheets and columns; ``export`` writes a workbook; ``parse``, ``plan`` and
``apply`` read one back, check every row and write through the strategy services. The format is
documented in ``docs/strategy-workbook.md``.
"""

from wellboard.strategy.workbook.export import (
    strategy_workbook_build,
    strategy_workbook_bytes,
    strategy_workbook_filename,
)
from wellboard.strategy.workbook.format import Rules
from wellboard.strategy.workbook.importer import strategy_workbook_import

__all__ = [
    "Rules",
    "strategy_workbook_build",
    "strategy_workbook_bytes",
    "strategy_workbook_filename",
    "strategy_workbook_import",
]
