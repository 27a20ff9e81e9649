"""The area profile 'spine chart', after the Fingertips profiles.

Each indicator is one row. The grey bar is the spread of values across comparable areas in
England (lowest to highest, the darker middle part the 25th to 75th percentiles), scaled so
that England's value sits in the centre and the better end is on the right. For an indicator
where neither direction is better, higher values are on the right. The marker is the area's
value, coloured and shaped by how it compares with England; its value and that comparison are
also written above the bar, after the indicator's name, so the colour is never the only signal.
"""

from wellboard.charts.spine.chart import (
    BAR_HEIGHT,
    CENTRE,
    ENGLAND_OVERHANG,
    LABEL_GAP,
    LABEL_LINE,
    LINE_HEIGHT,
    MIDDLE_BAND,
    OUTER_BAND,
    PUBLISHED_MARK,
    ROW_GAP,
    spine_chart,
)
from wellboard.charts.spine.rows import SpinePositions, spine_positions
from wellboard.charts.spine.table import spine_table

__all__ = [
    "BAR_HEIGHT",
    "CENTRE",
    "ENGLAND_OVERHANG",
    "LABEL_GAP",
    "LABEL_LINE",
    "LINE_HEIGHT",
    "MIDDLE_BAND",
    "OUTER_BAND",
    "PUBLISHED_MARK",
    "ROW_GAP",
    "SpinePositions",
    "spine_chart",
    "spine_positions",
    "spine_table",
]
