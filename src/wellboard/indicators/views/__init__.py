"""Indicator pages: list, indicator page with its charts, area profile, tartan rug, inequality,
ward map, a strategy node's indicators, data downloads and the Fingertips upload."""

from wellboard.indicators.views.fragments import node_indicators
from wellboard.indicators.views.inequality_map import (
    indicator_inequality,
    indicator_inequality_data,
    indicator_map,
    indicator_map_data,
)
from wellboard.indicators.views.pages import indicator_data, indicator_detail, indicator_list_view
from wellboard.indicators.views.places import (
    area_profile_data,
    area_profile_home,
    area_profile_view,
    tartan_rug_data,
    tartan_rug_view,
)
from wellboard.indicators.views.uploads import fingertips_confirm, fingertips_upload

__all__ = [
    "area_profile_data",
    "area_profile_home",
    "area_profile_view",
    "fingertips_confirm",
    "fingertips_upload",
    "indicator_data",
    "indicator_detail",
    "indicator_inequality",
    "indicator_inequality_data",
    "indicator_list_view",
    "indicator_map",
    "indicator_map_data",
    "node_indicators",
    "tartan_rug_data",
    "tartan_rug_view",
]
