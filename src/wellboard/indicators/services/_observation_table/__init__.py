"""Observations to save, as one table: every row checked and its missing figures computed, by
column (vectorised), so a million-row import costs seconds, not minutes.

Both ways of writing (the ORM's batches and PostgreSQL's COPY) start from the ``Prepared`` table
this package returns, so what is checked, what is computed and what is compared is the same
whichever way the rows are written.
"""

from wellboard.indicators.services._observation_table.columns import (
    COMPARED_FIELDS,
    FIGURE_FIELDS,
    INPUT_COLUMNS,
    KEY_FIELDS,
    NUMBER_FIELDS,
    TEXT_INPUTS,
    TEXT_LIMITS,
    ObservationInput,
    inputs_table,
    python_value,
    records,
    tidy,
)
from wellboard.indicators.services._observation_table.preparing import Prepared, prepare

__all__ = [
    "COMPARED_FIELDS",
    "FIGURE_FIELDS",
    "INPUT_COLUMNS",
    "KEY_FIELDS",
    "NUMBER_FIELDS",
    "TEXT_INPUTS",
    "TEXT_LIMITS",
    "ObservationInput",
    "Prepared",
    "inputs_table",
    "prepare",
    "python_value",
    "records",
    "tidy",
]
