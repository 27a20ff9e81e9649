"""A programme's wellbeing results from its participants' before and after assessments.

Per instrument: how many participants were assessed before, after, and both (paired), and how many
only once; for the paired, the mean change with its 95% paired t interval and the share whose change
reaches the meaningful-change threshold (``wellboard.stats.wellbeing``). ONS4 is reported item by
item with the ONS threshold bands before and after, never summed; SWEMWBS as its metric score.

A participant belongs to the period in which their latest assessment on the instrument falls, so a
year's results are the people who finished (or were last seen) that year, with their starting scores.

Readers: coordinators and analysts, and the people who run the programme (a hub's workers, an
initiative's lead organisation). Only the latter see true small numbers; everyone else gets the
partnership's disclosure control (``disclosed``), the rule every figure leaving the programme meets.
"""

from wellboard.hub.calculations.assessments.disclosure import disclosed
from wellboard.hub.calculations.assessments.figures import periods_with_assessments, programme_results
from wellboard.hub.calculations.assessments.readers import (
    programme_for_results,
    results_for_reader,
    runs_programme,
)
from wellboard.hub.calculations.assessments.results import (
    DEFAULT_THRESHOLDS,
    ITEM_LABELS,
    ITEM_RANGE,
    ITEMS,
    METRIC,
    METRIC_LABEL,
    BandRow,
    ChangeRow,
    Count,
    InstrumentResults,
    Programme,
    ProgrammeResults,
)

__all__ = [
    "DEFAULT_THRESHOLDS",
    "ITEMS",
    "ITEM_LABELS",
    "ITEM_RANGE",
    "METRIC",
    "METRIC_LABEL",
    "BandRow",
    "ChangeRow",
    "Count",
    "InstrumentResults",
    "Programme",
    "ProgrammeResults",
    "disclosed",
    "periods_with_assessments",
    "programme_for_results",
    "programme_results",
    "results_for_reader",
    "runs_programme",
]
