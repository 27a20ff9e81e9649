"""Bulk writes of reference data (areas, links, boundaries, deprivation, populations).

Importers parse and validate a file into a ``ReferenceBatch``; ``reference_batch_apply`` compares
it with the database in a few batched queries, records every create/update/unchanged in the
``ImportReport``, and, when nothing was rejected and this is not a dry run, writes only what
changed with ``bulk_create(update_conflicts=True)`` inside one transaction. Re-importing the same
file therefore reads but writes nothing.
"""

from wellboard.geography.services.reference.apply import reference_batch_apply
from wellboard.geography.services.reference.records import (
    AreaRecord,
    ChangeRecord,
    DeprivationRecord,
    LinkRecord,
    PopulationRecord,
    ReferenceBatch,
)

__all__ = [
    "AreaRecord",
    "ChangeRecord",
    "DeprivationRecord",
    "LinkRecord",
    "PopulationRecord",
    "ReferenceBatch",
    "reference_batch_apply",
]
