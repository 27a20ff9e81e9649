"""Reads of areas, how they nest, their deprivation and their populations.

Official areas are public reference data, so most selectors need no actor. Custom areas belong to
one partnership: a selector shows them only to an actor of that partnership, and answers NotFound
to everyone else.

How nesting is resolved: each ``AreaLink`` records the span of lookup vintages that asserted it.
For each parent and each type of child, a selector uses the links of the latest vintage that is
not after ``year`` (``None``: the latest of all). So once a 2024 ward lookup is imported, Stevenage's
wards are the 2024 wards, while ``year=2019`` still gives the 13 wards of the 2019 lookup.

One module per topic: ``areas`` (single areas and lists), ``nesting`` (children, parents, codes
within), ``deprivation`` and ``population``.
"""

from wellboard.geography.selectors._common import CHUNK, AreaRef, chunked
from wellboard.geography.selectors.areas import (
    area_get,
    area_list,
    areas_for_partnership,
    custom_area_get,
    custom_area_list,
    custom_area_members,
)
from wellboard.geography.selectors.deprivation import deprivation_deciles, deprivation_for
from wellboard.geography.selectors.nesting import (
    area_children,
    area_parents,
    codes_within,
    known_codes,
    parent_codes,
    type_filter,
)
from wellboard.geography.selectors.population import population_esp_bands, population_for, population_years

__all__ = [
    "CHUNK",
    "AreaRef",
    "area_children",
    "area_get",
    "area_list",
    "area_parents",
    "areas_for_partnership",
    "chunked",
    "codes_within",
    "custom_area_get",
    "custom_area_list",
    "custom_area_members",
    "deprivation_deciles",
    "deprivation_for",
    "known_codes",
    "parent_codes",
    "population_esp_bands",
    "population_for",
    "population_years",
    "type_filter",
]
