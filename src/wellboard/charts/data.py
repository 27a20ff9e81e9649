"""The plain data the chart builders take. Callers convert their own records into these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TrendPoint:
    """One period of a time series, in time order. ``period`` is the label shown on the axis;
    ``code``, the period's stored code where it differs, goes in the downloads beside it."""

    period: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    significance: object = None
    comparator_value: float | None = None
    compared_by: str = ""  # who made the comparison: "Wellboard", or a publisher such as "Fingertips"
    code: str = ""


@dataclass(frozen=True)
class TargetPoint:
    """The target for one period; a single point is drawn as a line across the whole chart."""

    period: str
    value: float
    code: str = ""


@dataclass(frozen=True)
class CompareRow:
    """One area in an 'areas compared' chart."""

    area_code: str
    area_name: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    significance: object = None
    highlight: bool = False
    compared_by: str = ""  # who made the comparison: "Wellboard", or a publisher such as "Fingertips"


@dataclass(frozen=True)
class Benchmark:
    """The comparator's value, drawn as a line (e.g. England)."""

    name: str
    value: float | None


@dataclass(frozen=True)
class SpineRow:
    """One indicator of an area profile: the area's value against England's spread of areas."""

    indicator: str
    polarity: str
    value: float | None
    benchmark: float | None
    minimum: float | None
    q25: float | None
    q75: float | None
    maximum: float | None
    significance: object = None
    unit: str = ""
    period: str = ""
    decimals: int = 1
    benchmark_name: str = "England"
    compared_by: str = ""  # who made the comparison: "Wellboard", or a publisher such as "Fingertips"


@dataclass(frozen=True)
class DecileValue:
    """The value for one deprivation decile (1 = most deprived)."""

    decile: int
    value: float | None
    lower: float | None = None
    upper: float | None = None
    rank: float | None = None  # relative rank 0..1 (population midpoint); None = from populations
    label: str = ""  # e.g. "Most deprived decile (IMD2019)", for the table and tooltip
    population: float | None = None


@dataclass(frozen=True)
class SlopeIndexSummary:
    """The slope index of inequality: the modelled gap between the least and most deprived ends."""

    value: float
    lower: float | None = None
    upper: float | None = None
    # The fitted value at the most deprived end (rank 0), as the SII calculation gives it. The
    # chart draws the fitted line only when it is known.
    intercept: float | None = None


@dataclass(frozen=True)
class MapFeature:
    """A boundary: its code, name and GeoJSON geometry (WGS84)."""

    code: str
    name: str
    geometry: Mapping[str, Any]


@dataclass(frozen=True)
class MapValue:
    value: float | None
    lower: float | None = None
    upper: float | None = None
    significance: object = None


def higher_is_better(polarity: str) -> bool | None:
    """True, False or None (neither) from a polarity however it is written."""
    text = polarity.strip().lower().replace("_", " ")
    if text in {"high is good", "higher is better", "rag - high is good", "bob - high is good"}:
        return True
    if text in {"low is good", "lower is better", "rag - low is good", "bob - low is good"}:
        return False
    if "high" in text and "good" in text:
        return True
    if "low" in text and "good" in text:
        return False
    return None
