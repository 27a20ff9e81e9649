"""Writing prepared observations: which rows are new, changed or unchanged, and writing them.

Two ways, one result. The ORM way reads the stored rows, compares them in Python and writes with
``bulk_create`` / ``bulk_update`` in batches (SQLite, and small saves on PostgreSQL). The COPY way
(PostgreSQL, large saves) streams the rows into a temporary table with ``COPY``, lets the database
compare them with a join, and writes them all with one ``INSERT … ON CONFLICT … DO UPDATE … WHERE``
that skips unchanged rows: no Python object per row, one round trip per step.
"""

from wellboard.indicators.services._observation_write.by_copy import (
    MAX_DISTINCT,
    indicators_with_figures,
    plan_by_copy,
    stage_by_copy,
    write_by_copy,
)
from wellboard.indicators.services._observation_write.by_orm import plan_by_orm, write_by_orm, write_by_rows
from wellboard.indicators.services._observation_write.common import (
    BATCH,
    CREATE,
    STAGING,
    UNCHANGED,
    UPDATE,
    Plan,
    lock_referenced,
    stored_fields,
)

__all__ = [
    "BATCH",
    "CREATE",
    "MAX_DISTINCT",
    "STAGING",
    "UNCHANGED",
    "UPDATE",
    "Plan",
    "indicators_with_figures",
    "lock_referenced",
    "plan_by_copy",
    "plan_by_orm",
    "stage_by_copy",
    "stored_fields",
    "write_by_copy",
    "write_by_orm",
    "write_by_rows",
]
