"""Indicators across places: areas compared, an area's profile against the spread of comparable
areas, the tartan rug (areas by indicators) and ward values for a map."""

from wellboard.indicators.calculations.summaries.places.compared import (
    MANY_AREAS,
    WITHIN_TYPES,
    AreaRow,
    AreasCompared,
    areas_compared,
    narrowing_area,
)
from wellboard.indicators.calculations.summaries.places.profile import AreaProfile, ProfileRow, area_profile
from wellboard.indicators.calculations.summaries.places.rug import (
    RugColumn,
    RugFigure,
    TartanRug,
    rug_areas,
    tartan_rug,
)
from wellboard.indicators.calculations.summaries.places.wards import MapRow, WardMap, ward_map

__all__ = [
    "MANY_AREAS",
    "WITHIN_TYPES",
    "AreaProfile",
    "AreaRow",
    "AreasCompared",
    "MapRow",
    "ProfileRow",
    "RugColumn",
    "RugFigure",
    "TartanRug",
    "WardMap",
    "area_profile",
    "areas_compared",
    "narrowing_area",
    "rug_areas",
    "tartan_rug",
    "ward_map",
]
