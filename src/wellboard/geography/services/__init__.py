"""The only writers of areas and their reference data.

``areas`` holds one-at-a-time writes (``area_upsert``, custom areas); the ``reference`` package holds
the bulk writes the importers use.
"""

from wellboard.geography.services.areas import (
    area_upsert,
    custom_area_create,
    custom_area_delete,
    custom_area_update,
)

__all__ = ["area_upsert", "custom_area_create", "custom_area_delete", "custom_area_update"]
